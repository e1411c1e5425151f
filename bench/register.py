"""Benchmark: a register of 100,000 associés.

Generates a CSV file of 100,000 members, imports it through the service the CLI uses
(``check_import`` then ``apply_import``, one transaction), adds later movements (new
subscriptions, payments, exits with reimbursements), then times, through the Flask test
client logged in as the board: the register's first page, a name search and the capital
summary. SQLite in a temporary directory; PostgreSQL as well when
SCIC_BENCH_DATABASE_URL is set (that database is emptied first).

Run with `.venv/bin/python bench/register.py [--members N]`.
Targets on a 2-core machine: import under 60 s, each page under 200 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text  # noqa: E402
from sqlmodel import Session, SQLModel, select  # noqa: E402

import scic.models  # noqa: E402, F401
from scic import create_app  # noqa: E402
from scic.db import make_engine  # noqa: E402
from scic.models import (  # noqa: E402
    Category,
    College,
    CollegeWeight,
    CollegeWeightSet,
    Cooperative,
    Member,
    ShareMovement,
)
from scic.services.accounts import create_user  # noqa: E402
from scic.services.demo import FIRST, LAST  # noqa: E402
from scic.services.register_io import apply_import, check_import  # noqa: E402

NOMINAL = 5000
CATEGORIES = [  # code, kind, public, weight in the population
    ("salaries", "salaries", False, 2),
    ("usagers", "beneficiaires", False, 70),
    ("habitants", "autres", False, 27),
    ("collectivites", "collectivites", True, 1),
]
COLLEGES = [("SAL", 2500), ("USA", 3500), ("HAB", 2500), ("SOU", 1500)]
COLLEGE_OF = {"salaries": "SAL", "usagers": "USA", "habitants": "HAB", "collectivites": "SOU"}
PAGES = [("first register page", "/registre"), ("name search", "/registre?q=lefevre")]
PAGES += [("capital summary", "/capital")]
RUNS = 5


def setup_database(url: str) -> None:
    engine = make_engine(url)
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(
            Cooperative(
                name="Énergie Citoyenne",
                legal_form="SA",
                head_office="Lyon",
                share_nominal_cents=NOMINAL,
            )
        )
        for code, kind, public, _ in CATEGORIES:
            session.add(
                Category(code=code, name=code.capitalize(), kind=kind, is_public_body=public)
            )
        weights = CollegeWeightSet(effective_from=date(2015, 1, 1), decision="Statuts")
        session.add(weights)
        session.flush()
        for position, (code, bp) in enumerate(COLLEGES):
            college = College(code=code, name=f"Collège {code}", position=position)
            session.add(college)
            session.flush()
            session.add(
                CollegeWeight(weight_set_id=weights.id, college_id=college.id, weight_bp=bp)
            )
        create_user(session, "conseil@bench.fr", "Conseil", ["board"], password="bench-password")
        session.commit()
    engine.dispose()


def make_csv(path: Path, members: int, rng: random.Random) -> None:
    codes = [c[0] for c in CATEGORIES]
    weights = [c[3] for c in CATEGORIES]
    lines = ["prenom;nom;email;categorie;college;date_admission;parts;libere;convocation_email"]
    start = date(2015, 1, 1)
    for n in range(members):
        category = rng.choices(codes, weights)[0]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        parts = rng.choice([1, 1, 2, 4, 10]) if category != "collectivites" else 20
        paid = parts * NOMINAL if rng.random() < 0.8 else -(-parts * NOMINAL // 4)
        admitted = start + timedelta(days=rng.randrange(3650))
        lines.append(
            f"{first};{last} {n};{first.lower()}.{n}@exemple.fr;{category};"
            f"{COLLEGE_OF[category]};{admitted.isoformat()};{parts};{paid // 100},{paid % 100:02d};"
            f"{'oui' if rng.random() < 0.7 else 'non'}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed_import(url: str, path: Path) -> tuple[float, int]:
    engine = make_engine(url)
    start = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        report = check_import(session, path.read_bytes())
        assert report.ok, report.errors[:5]
        count = apply_import(session, report)
        session.commit()
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed, count


def later_movements(url: str, rng: random.Random) -> int:
    """New subscriptions, payments and exits with their requests and reimbursements."""
    engine = make_engine(url)
    rows = []
    with Session(engine) as session:
        ids = session.exec(select(Member.id)).all()
        for member_id in rng.sample(ids, len(ids) // 5):
            on = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
            rows.append(_movement(member_id, "subscription", 2, 2 * NOMINAL, on))
            rows.append(_movement(member_id, "payment", 0, 2 * NOMINAL, on))
        for member_id in rng.sample(ids, len(ids) // 50):
            on = date(2025, 11, 1) + timedelta(days=rng.randrange(20))
            request = _movement(member_id, "reimbursement_request", 1, NOMINAL, on)
            request["id"] = _insert_one(session, request)
            reimbursement = _movement(member_id, "reimbursement", 1, NOMINAL, on)
            rows.append(reimbursement | {"request_id": request.pop("id")})
        session.connection().execute(insert(ShareMovement), rows)
        session.commit()
    engine.dispose()
    return len(rows)


def _movement(member_id, kind, parts, cents, on) -> dict:
    return {
        "member_id": member_id,
        "kind": kind,
        "parts": parts,
        "amount_cents": cents,
        "occurred_on": on,
        "deferred": False,
        "note": "",
        "corrects_id": None,
        "request_id": None,
        "recorded_at": scic.models.types.utcnow(),
        "recorded_by_id": None,
    }


def _insert_one(session, values) -> int:
    result = session.connection().execute(
        insert(ShareMovement).returning(ShareMovement.id), [values]
    )
    return result.scalar_one()


def time_pages(url: str, instance: str) -> list[tuple[str, float, float]]:
    app = create_app(
        {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "bench", "INSTANCE_PATH": instance}
    )
    client = app.test_client()
    page = client.get("/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/connexion",
        data={"csrf_token": token, "email": "conseil@bench.fr", "password": "bench-password"},
    )
    results = []
    for label, path in PAGES:
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (path, response.status_code)
        results.append((label, times[0], statistics.median(times)))
    app.extensions["scic_engine"].dispose()
    return results


def run(name: str, url: str, csv_path: Path, members: int, instance: str) -> None:
    rng = random.Random(2026)
    setup_database(url)
    seconds, count = timed_import(url, csv_path)
    extra = later_movements(url, rng)
    if url.startswith("postgresql"):  # the steady state that autovacuum reaches
        engine = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
        engine.dispose()
    print(
        f"[{name}] CSV import of {count} members: {seconds:.1f} s "
        f"({count / seconds:,.0f} members/s); then {extra:,} later movements"
    )
    for label, first, median in time_pages(url, instance):
        print(
            f"[{name}] {label:<20} first {first * 1000:6.0f} ms   median of {RUNS} "
            f"{median * 1000:6.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "associes.csv"
        make_csv(csv_path, args.members, random.Random(2026))
        size = csv_path.stat().st_size / 1e6
        print(f"nproc: {os.cpu_count()}  members: {args.members:,}  CSV: {size:.1f} MB")
        run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", csv_path, args.members, tmp)
        pg_url = os.environ.get("SCIC_BENCH_DATABASE_URL")
        if pg_url:
            run("PostgreSQL", pg_url, csv_path, args.members, tmp)


if __name__ == "__main__":
    main()
