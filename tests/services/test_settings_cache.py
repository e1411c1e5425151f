from sqlalchemy import event
from sqlmodel import Session

from scic.models import Cooperative
from scic.services.settings import get_cooperative, update_settings


def test_the_cooperative_is_read_once_per_session_and_follows_its_changes(db, factory, engine):
    coop = factory.cooperative(name="Casaco")
    with Session(engine) as other:
        first = get_cooperative(other)
        statements = []

        def record(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            assert get_cooperative(other) is first
        finally:
            event.remove(engine, "before_cursor_execute", record)
        assert statements == []  # the session's copy: no second query
        update_settings(other, first, {"name": "Casaco SCIC"})
        assert get_cooperative(other).name == "Casaco SCIC"
        other.commit()
    db.refresh(coop)
    assert coop.name == "Casaco SCIC"


def test_a_cooperative_rolled_back_is_not_remembered(db, engine):
    with Session(engine) as session:
        values = {"legal_form": "SAS", "head_office": "Malakoff", "share_nominal_cents": 100}
        session.add(Cooperative(name="Éphémère", **values))
        session.flush()
        assert get_cooperative(session).name == "Éphémère"  # read back from the database
        session.rollback()
        assert get_cooperative(session) is None
