"""Benchmark: online voting under load.

gunicorn with 2 sync workers on PostgreSQL over loopback, 1,000 members on the roll, 5 open
resolutions, every member logged in (a signed session cookie and its CSRF token each).
The load comes from a separate process, wrk (Debian's package), with 50 concurrent
connections POSTing ballots as a browser form would, after a warm-up that is not timed.
Prints ballots per second, the median, 95th and 99th percentile latency, the same
server's requests per second on a trivial page (the login page), the ceiling of a bare
Flask application on the same gunicorn and machine (so that the figures read as ratios
against the issue's reference machine), and checks that every ballot was stored once.

Run: .venv/bin/python bench/voting.py  (needs wrk, and PostgreSQL on 127.0.0.1:5432, user
postgres; it creates and drops the database ``scic_bench_voting``).
"""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DB_NAME = "scic_bench_voting"
SECRET = "bench-secret-key"
MEMBERS, RESOLUTIONS, CONCURRENCY = 1000, 5, 50
SECONDS, WARMUP_SECONDS = 15, 5
WARMUP_JOBS = 1000  # the first ballots warm the workers up; the others are timed
TARGET_RATE, TARGET_P95, REF_TRIVIAL, REF_INSERT = 500, 100, 6600, 1600  # the figures


# -- the load: wrk (Debian's package), driven by small Lua scripts -----------------------

DONE = r"""
function done(summary, latency, requests)
  io.write(string.format("WRK %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status))
end
"""
BALLOTS = r"""
local jobs, counter, created = {}, 0, 0
function setup(thread)
  thread:set("id", created)
  created = created + 1
end
function init(args)
  local threads, index = tonumber(args[2]), 0
  for line in io.lines(args[1]) do
    if index % threads == id then
      local path, cookie, body = line:match("([^\t]+)\t([^\t]+)\t(.+)")
      jobs[#jobs + 1] = wrk.format("POST", path, {
        ["Cookie"] = "session=" .. cookie,
        ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
    end
    index = index + 1
  end
end
function request()
  counter = counter % #jobs + 1
  return jobs[counter]
end
"""
POST = r"""
wrk.method = "POST"
wrk.body = "x=1"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
"""


def wrk(url, seconds, script="", jobs_file=None):
    """Requests, seconds, p50/p95/p99 latency (ms) and non-2xx/3xx answers of one run."""
    folder = Path(tempfile.mkdtemp())
    (folder / "run.lua").write_text(script + DONE)
    command = ["wrk", "-t", "2", "-c", str(CONCURRENCY), "--timeout", "10s", "-d", f"{seconds}s"]
    command += ["-s", str(folder / "run.lua"), url]
    if jobs_file:
        command += ["--", str(jobs_file), "2"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK "))
    requests, duration_us, p50, p95, p99, bad = (int(v) for v in line.split()[1:])
    seconds = duration_us / 1e6
    return {
        "requests": requests,
        "seconds": seconds,
        "rate": requests / seconds,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "bad": bad,
    }


def _jobs_file(jobs):
    path = Path(tempfile.mkdtemp()) / "jobs.tsv"
    lines = [
        f"/votes/resolution/{j['resolution']}\t{j['cookie']}\t"
        + urlencode(
            {
                "csrf_token": j["csrf"],
                "choice": j["choice"],
                "principal_id": "",
                "replaces": j["replaces"],
            }
        )
        for j in jobs
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


@contextmanager
def gunicorn(application, env):
    """gunicorn with 2 sync workers on a free loopback port; yields the base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [str(Path(sys.executable).parent / "gunicorn"), "-w", "2"]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", application]
    server = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, **env))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # the port opens before the workers have loaded the application
            try:
                urlopen(base + "/", timeout=10).close()
                break
            except HTTPError:
                break  # an answer, whatever its status: a worker is ready
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait()


# -- the set-up and the report (the parent process) --------------------------------------


def _database():
    from sqlalchemy import create_engine, text

    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    admin.dispose()
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}"


def _populate(url):
    from sqlmodel import Session
    from werkzeug.security import generate_password_hash

    from scic.migrations import upgrade_database
    from scic.models import (
        Category,
        College,
        CollegeWeight,
        CollegeWeightSet,
        Cooperative,
        Meeting,
        Member,
        Resolution,
        RollEntry,
        User,
        UserRole,
    )
    from scic.models.types import utcnow

    upgrade_database(url)
    from scic.db import make_engine

    engine = make_engine(url)
    with Session(engine) as s:
        s.add(
            Cooperative(
                name="Bench", legal_form="SAS", head_office="Malakoff", share_nominal_cents=5000
            )
        )
        category = Category(code="usagers", name="Usagers", kind="beneficiaires")
        weight_set = CollegeWeightSet(effective_from=utcnow().date(), decision="Statuts")
        s.add_all([category, weight_set])
        colleges = [College(code=c, name=f"Collège {c}", position=i) for i, c in enumerate("ABCD")]
        s.add_all(colleges)
        s.flush()
        for college in colleges:
            s.add(CollegeWeight(weight_set_id=weight_set.id, college_id=college.id, weight_bp=2500))
        now = utcnow()
        meeting = Meeting(
            kind="AGO",
            title="AG",
            starts_at=now + timedelta(days=1),
            status="in_session",
            convened_at=now,
            roll_frozen_at=now,
            weight_set_id=weight_set.id,
        )
        s.add(meeting)
        s.flush()
        password = generate_password_hash("bench password")
        members = [
            Member(
                number=i + 1,
                last_name=f"Membre{i}",
                email=f"m{i}@bench.fr",
                category_id=category.id,
                college_id=colleges[i % 4].id,
                status="admitted",
            )
            for i in range(MEMBERS)
        ]
        s.add_all(members)
        s.flush()
        users = [
            User(email=m.email, display_name=m.last_name, password_hash=password, member_id=m.id)
            for m in members
        ]
        s.add_all(users)
        s.add_all(
            RollEntry(meeting_id=meeting.id, member_id=m.id, college_id=m.college_id)
            for m in members
        )
        resolutions = [
            Resolution(
                meeting_id=meeting.id,
                number=n,
                title=f"Résolution {n}",
                text="Texte.",
                status="open",
                opened_at=now,
            )
            for n in range(1, RESOLUTIONS + 1)
        ]
        s.add_all(resolutions)
        s.flush()
        s.add_all(UserRole(user_id=u.id, role="member") for u in users)
        s.commit()
        return [u.id for u in users], [r.id for r in resolutions], engine


def _sessions(url, user_ids):
    """A signed session cookie and its CSRF token for each user, as a login would give."""
    from scic import create_app
    from scic.csrf import ButtonForm

    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": SECRET, "INSTANCE_PATH": tempfile.mkdtemp()}
    )
    serializer = app.session_interface.get_signing_serializer(app)
    out = []
    for user_id in user_ids:
        with app.test_request_context():
            from flask import session

            session.update({"_user_id": str(user_id), "_fresh": True})
            token = ButtonForm().csrf_token.current_token
            out.append((serializer.dumps(dict(session)), token))
    return out


def _count(engine):
    """Ballots stored, distinct (resolution, member, revision), and changes whose
    previous revision is missing (there should be none)."""
    from sqlalchemy import text

    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT count(*), count(DISTINCT (resolution_id, member_id, revision)), "
                "count(*) FILTER (WHERE revision > 1 AND NOT EXISTS (SELECT 1 FROM ballot p "
                "WHERE p.resolution_id = b.resolution_id AND p.member_id = b.member_id "
                "AND p.revision = b.revision - 1)) FROM ballot b"
            )
        ).one()


def _settled(engine):
    """The counts once the requests in flight when wrk stopped have been served."""
    rows = _count(engine)
    while True:
        time.sleep(0.5)
        rows, previous = _count(engine), rows
        if rows == previous:
            return rows


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("Erreur : ce banc d'essai demande wrk (apt-get install wrk).")
    url = _database()
    user_ids, resolution_ids, engine = _populate(url)
    sessions = _sessions(url, user_ids)
    # Each member votes on each resolution, then changes that vote (revision 2): 10,000
    # distinct ballots, enough for 15 s at 600/s, so that no request is sent twice.
    jobs = [
        {"resolution": r, "cookie": cookie, "csrf": csrf, "choice": choice, "replaces": replaces}
        for choice, replaces in (("for", 0), ("against", 1))
        for r in resolution_ids
        for cookie, csrf in sessions
    ]
    measured_jobs = jobs[WARMUP_JOBS:]
    warmup, measured = _jobs_file(jobs[:WARMUP_JOBS]), _jobs_file(measured_jobs)
    env = {"SCIC_DATABASE_URL": url, "SCIC_SECRET_KEY": SECRET}
    with gunicorn("scic:create_app()", env) as base:
        wrk(base + "/", WARMUP_SECONDS, BALLOTS, warmup)  # workers' first requests: not timed
        before = _settled(engine)[0]
        vote = wrk(base + "/", SECONDS, BALLOTS, measured)
        rows = _settled(engine)
        stored = rows[0] - before
        page = wrk(base + "/connexion", SECONDS)
    engine.dispose()
    ceiling_db = Path(tempfile.mkdtemp()) / "ceiling.sqlite"
    with sqlite3.connect(ceiling_db) as connection:
        connection.execute("CREATE TABLE hit (id INTEGER PRIMARY KEY, at TEXT)")
    with gunicorn("bench.apps.ceiling:app", {"CEILING_DB": str(ceiling_db)}) as base:
        wrk(base + "/", WARMUP_SECONDS)
        bare = wrk(base + "/", SECONDS)
        insert = wrk(base + "/insert", SECONDS, POST)
    _report(vote, stored, len(measured_jobs), page, bare, insert, rows)


def _report(vote, stored, distinct_jobs, page, bare, insert, rows):
    rate = min(vote["requests"], stored) / vote["seconds"]  # answered and stored
    print(f"machine: {os.cpu_count()} cores; gunicorn 2 sync workers; PostgreSQL on loopback")
    print(f"load: wrk, {CONCURRENCY} connections, {SECONDS} s per run after a warm-up")
    print(
        f"ballots: {vote['requests']} POSTs answered in {vote['seconds']:.1f} s, "
        f"{stored} stored -> {rate:.0f} ballots/s ({vote['bad']} non-2xx/3xx)"
    )
    print(
        f"latency: median {vote['p50']:.0f} ms, p95 {vote['p95']:.0f} ms, p99 {vote['p99']:.0f} ms"
    )
    print(f"trivial page of the application (GET /connexion): {page['rate']:.0f} requests/s")
    print(
        f"ceiling, bare Flask on the same gunicorn: trivial page {bare['rate']:.0f}/s, "
        f"one SQLite row inserted {insert['rate']:.0f}/s (the issue's machine: "
        f"{REF_TRIVIAL:,}/s and {REF_INSERT:,}/s)"
    )
    share = rate / bare["rate"]
    scaled = TARGET_RATE * bare["rate"] / REF_TRIVIAL
    print(
        f"ballots / bare trivial page = {share:.3f} (target {TARGET_RATE / REF_TRIVIAL:.3f}, "
        f"i.e. {TARGET_RATE} ballots/s on the issue's machine, {scaled:.0f}/s on this one); "
        f"ballots / bare insert = {rate / insert['rate']:.2f} "
        f"(target {TARGET_RATE / REF_INSERT:.2f})"
    )
    # Closed loop: each connection waits for its answer, so latency = connections / rate.
    print(
        f"p95 {vote['p95']:.0f} ms against the target of {TARGET_P95} ms scaled to this machine "
        f"({TARGET_P95 * REF_TRIVIAL / bare['rate']:.0f} ms); latency floor at this rate: "
        f"{CONCURRENCY} connections / {rate:.0f} per s = {CONCURRENCY / rate * 1000:.0f} ms"
    )
    # Exactly once. Each timed POST is a distinct ballot (a first vote or its change): it
    # stores one row, so the rows stored match the answers, give or take the requests still
    # in flight when wrk stopped (one per connection at most).
    answered, wrapped = vote["requests"], vote["requests"] > distinct_jobs
    once = rows[0] == rows[1] and rows[2] == 0
    once = once and (wrapped or answered <= stored <= answered + CONCURRENCY)
    verdict = "each ballot stored exactly once" if once else "MISMATCH: LOST OR DUPLICATE BALLOTS"
    if wrapped:
        verdict += f" (wrk ran past the {distinct_jobs} distinct ballots: resent ones refused)"
    print(
        f"stored: {stored} ballots for {answered} answers (+ at most {CONCURRENCY} in flight); "
        f"in all {rows[0]} ballots, {rows[1]} distinct (resolution, member, revision), "
        f"{rows[2]} changes without their previous revision -> {verdict}"
    )


if __name__ == "__main__":
    main()
