"""Benchmark: the minutes of an AG taken from the database and put in the register.

10,000 members on the roll in three colleges, 8,500 participants (present, remote, represented,
postal), 10 closed resolutions with one ballot per participant (85,000 ballots). Times the
snapshot from the database, the finalisation (snapshot, PDF/A rendering with the 10,000-line
attendance sheet and the 10 recount files, storing the entry) and the register check.
SQLite file by default, or SCIC_BENCH_DATABASE_URL. Run
`.venv/bin/python bench/minutes_register.py` (`--members 2000` for a quick run).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session, SQLModel, select  # noqa: E402

import scic.models  # noqa: E402, F401
from scic.db import make_engine  # noqa: E402
from scic.models import (  # noqa: E402
    AgendaItem,
    Attendance,
    Ballot,
    Category,
    College,
    CollegeWeight,
    CollegeWeightSet,
    Cooperative,
    Meeting,
    MeetingOfficer,
    Member,
    Proxy,
    Resolution,
    RollEntry,
)
from scic.services.minutes_register import finalise_minutes, verify_register  # noqa: E402
from scic.services.minutes_snapshot import build_snapshot  # noqa: E402

RESOLUTIONS = 10
STARTS = datetime(2025, 6, 3, 16, 0, tzinfo=UTC)
CHOICES = ("for", "for", "against", "abstain", "for")


def timed(label: str, function):
    start = time.perf_counter()
    value = function()
    print(f"  {label:<52} {time.perf_counter() - start:7.2f} s")
    return value


def populate(session: Session, size: int) -> Meeting:
    coop = Cooperative(name="Bench", legal_form="SA", head_office="Lyon", share_nominal_cents=100)
    session.add(coop)
    category = Category(code="b", name="Bénéficiaires", kind="beneficiaires")
    colleges = [College(code=c, name=f"Collège {c}", position=i) for i, c in enumerate("ABC")]
    weights = CollegeWeightSet(effective_from=STARTS.date(), decision="Statuts")
    session.add_all([category, weights, *colleges])
    session.flush()
    for college, bp in zip(colleges, (3000, 3000, 4000), strict=True):
        session.add(CollegeWeight(weight_set_id=weights.id, college_id=college.id, weight_bp=bp))
    meeting = Meeting(
        kind="AGO", title="AG 2025", starts_at=STARTS, place="Lyon", status="closed",
        convened_at=STARTS - timedelta(days=20), roll_frozen_at=STARTS - timedelta(days=20),
        opened_at=STARTS, closed_at=STARTS + timedelta(hours=3), weight_set_id=weights.id,
    )  # fmt: skip
    session.add(meeting)
    session.flush()
    members = [
        {"number": n, "first_name": f"Prénom{n}", "last_name": f"Nom{n:05d}",
         "name_key": f"nom{n:05d} prenom{n}", "category_id": category.id,
         "college_id": colleges[n % 3].id, "status": "admitted"}
        for n in range(1, size + 1)
    ]  # fmt: skip
    session.exec(insert(Member), params=members)
    ids = session.exec(select(Member.id, Member.college_id).order_by(Member.id)).all()
    session.exec(
        insert(RollEntry),
        params=[{"meeting_id": meeting.id, "member_id": m, "college_id": c} for m, c in ids],
    )
    _participation(session, meeting, ids)
    session.commit()
    return meeting


def _participation(session, meeting, ids) -> None:
    size = len(ids)
    present, remote = ids[: size * 6 // 10], ids[size * 6 // 10 : size * 7 // 10]
    represented = ids[size * 7 // 10 : size * 8 // 10]
    postal = ids[size * 8 // 10 : size * 85 // 100]
    session.exec(
        insert(Attendance),
        params=[
            {"meeting_id": meeting.id, "member_id": m, "mode": mode}
            for group, mode in ((present, "present"), (remote, "remote"))
            for m, _c in group
        ],
    )
    session.exec(
        insert(Proxy),
        params=[
            {"meeting_id": meeting.id, "principal_id": m, "holder_id": present[i % 1000][0]}
            for i, (m, _c) in enumerate(represented)
        ],
    )
    session.add(AgendaItem(meeting_id=meeting.id, position=1, title="Comptes", debate_summary="…"))
    session.add(MeetingOfficer(meeting_id=meeting.id, role="chair", name="Présidente"))
    postal_ids = {m for m, _c in postal}
    voters = [
        (m, c, "postal" if m in postal_ids else "online")
        for m, c in present + remote + represented + postal
    ]
    for number in range(1, RESOLUTIONS + 1):
        resolution = Resolution(
            meeting_id=meeting.id, number=number, title=f"Résolution {number}",
            text="L'assemblée approuve.", status="closed", board_supports=True,
        )  # fmt: skip
        session.add(resolution)
        session.flush()
        session.exec(
            insert(Ballot),
            params=[
                {"resolution_id": resolution.id, "member_id": m, "college_id": c,
                 "choice": CHOICES[(m + number) % 5], "channel": channel,
                 "receipt": f"R{number:02d}-{m:06d}"}
                for m, c, channel in voters
            ],
        )  # fmt: skip


def run(url: str, size: int) -> None:
    engine = make_engine(url)
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    print(f"{size:,} members".replace(",", " ") + f", {RESOLUTIONS} resolutions")
    with Session(engine, expire_on_commit=False) as session:
        meeting = timed("populate", lambda: populate(session, size))
        snapshot = timed(
            "snapshot from the database", lambda: build_snapshot(session, meeting, draft=False)
        )
        print(f"  attendees: {len(snapshot.attendees)}, resolutions: {len(snapshot.resolutions)}")
        start = time.perf_counter()
        entry = finalise_minutes(session, meeting, None)
        session.commit()
        elapsed = time.perf_counter() - start
        print(f"  {'finalise (snapshot + PDF/A + store)':<52} {elapsed:7.2f} s")
        print(f"  pages: {entry.page_count}, {entry.page_count / elapsed:.1f} pages/s, "
              f"{len(entry.pdf) / 1e6:.1f} MB")  # fmt: skip
        report = timed("verify register", lambda: verify_register(session))
        print(f"  register: {report.checked} entry, problem: {report.problem}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    args = parser.parse_args()
    print(f"nproc: {os.cpu_count()}")
    url = os.environ.get("SCIC_BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as folder:
        run(url or f"sqlite:///{folder}/bench-minutes.sqlite3", args.members)


if __name__ == "__main__":
    main()
