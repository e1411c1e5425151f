"""Double voting is impossible even under concurrent requests (PostgreSQL)."""

import threading

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, select

from scic.models import Ballot, SecretBallot, SecretVoter
from scic.services import ServiceError
from scic.services.ballots import cast_ballot

from ..conftest import PG_URL
from .voting_setup import add_resolution, convened_meeting

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="PostgreSQL run only (SCIC_TEST_DATABASE_URL)"),
]
ATTEMPTS = 50


def _hammer(app, resolution_id, member_id):
    from scic.models import Member, Resolution

    engine = create_engine(PG_URL, pool_size=ATTEMPTS + 2)  # one connection per attempt
    barrier = threading.Barrier(ATTEMPTS)
    outcomes = []

    def attempt():
        with app.test_request_context(), Session(engine) as session:
            resolution = session.get(Resolution, resolution_id)
            member = session.get(Member, member_id)
            barrier.wait(timeout=30)
            try:
                cast_ballot(session, resolution, member, "for")
                session.commit()
                outcomes.append("stored")
            except ServiceError:
                session.rollback()
                outcomes.append("refused")
            except Exception as exc:  # noqa: BLE001 - any other failure is a test failure
                session.rollback()
                outcomes.append(repr(exc))

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    engine.dispose()
    return outcomes


@pytest.mark.parametrize("secret", [False, True])
def test_fifty_concurrent_attempts_store_one_ballot(app, factory, db, secret):
    setup = convened_meeting(factory, db)
    resolution = add_resolution(db, setup, secret=secret)
    member = setup.members["A"][0]
    outcomes = _hammer(app, resolution.id, member.id)
    assert sorted(set(outcomes)) == ["refused", "stored"] and outcomes.count("stored") == 1
    db.expire_all()
    if secret:
        assert len(db.exec(select(SecretVoter)).all()) == 1
        assert len(db.exec(select(SecretBallot)).all()) == 1
    else:
        assert len(db.exec(select(Ballot)).all()) == 1
