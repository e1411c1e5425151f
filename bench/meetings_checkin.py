"""Benchmark: convening and checking in a meeting of 1,000 and 10,000 members (SQLite file,
or SCIC_BENCH_DATABASE_URL): freezing the roll, a check-in page, a name search, a check-in,
and the live quorum. Run with `.venv/bin/python bench/meetings_checkin.py`."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session, SQLModel, select  # noqa: E402

import scic.models  # noqa: E402, F401
from scic.db import make_engine  # noqa: E402
from scic.models import AgendaItem, Category, Cooperative, Meeting, Member  # noqa: E402
from scic.models.types import utcnow  # noqa: E402
from scic.services.attendance import check_in, check_in_query, quorum_status  # noqa: E402
from scic.services.convocation import convene_meeting  # noqa: E402

SIZES = (1_000, 10_000)
PAGE = 30


def timed(label: str, function):
    start = time.perf_counter()
    value = function()
    print(f"  {label:<44} {1000 * (time.perf_counter() - start):8.1f} ms")
    return value


def populate(session: Session, size: int) -> tuple[Cooperative, Meeting]:
    coop = Cooperative(name="Bench", legal_form="SA", head_office="Paris", share_nominal_cents=100)
    category = Category(code="b", name="Bénéficiaires", kind="beneficiaires")
    session.add_all([coop, category])
    session.flush()
    rows = [
        {
            "number": n,
            "first_name": f"Prénom{n}",
            "last_name": f"Nom{n:05d}",
            "email": f"m{n}@exemple.fr",
            "convocation_by_email": n % 3 != 0,
            "category_id": category.id,
            "status": "admitted",
        }
        for n in range(1, size + 1)
    ]
    session.exec(insert(Member), params=rows)
    meeting = Meeting(kind="AGO", title="AG", starts_at=utcnow() + timedelta(days=20), place="X")
    session.add(meeting)
    session.flush()
    session.add(AgendaItem(meeting_id=meeting.id, position=1, title="Comptes"))
    session.commit()
    return coop, meeting


def run(url: str, size: int) -> None:
    engine = make_engine(url)
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    print(f"{size:,} members".replace(",", " "))
    with Session(engine, expire_on_commit=False) as session:
        coop, meeting = populate(session, size)
        timed("convene: freeze roll + plan deliveries", lambda: convene(session, coop, meeting))
        members = session.exec(select(Member).order_by(Member.id).limit(size // 4)).all()
        for member in members[: size // 5]:
            check_in(session, meeting, member, "present", None)
        session.commit()
        query, count = check_in_query(meeting)
        timed("check-in page (count + 30 rows)", lambda: page(session, query, count))
        query, count = check_in_query(meeting, f"nom{size // 2:05d}")
        timed("search by name", lambda: page(session, query, count))
        target = members[-1]
        timed("check one member in", lambda: check_in(session, meeting, target, "present", None))
        lines = timed("live quorum", lambda: quorum_status(session, meeting, coop))
        q = lines[0].quorum
        print(f"  quorum: {q.participants} of {q.eligible}, {q.required_count} required")
    engine.dispose()


def convene(session, coop, meeting):
    convene_meeting(session, meeting, coop, None)
    session.commit()


def page(session, query, count):
    total = session.exec(count).one()
    rows = session.exec(query.limit(PAGE)).all()
    return total, rows


def main() -> None:
    url = os.environ.get("SCIC_BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            run(url or f"sqlite:///{folder}/bench-{size}.sqlite3", size)


if __name__ == "__main__":
    main()
