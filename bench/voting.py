"""Benchmark: online voting under load.

gunicorn with 2 workers on PostgreSQL over loopback, 1,000 members on the roll, 5 open
resolutions, every member logged in (a signed session cookie and its CSRF token each).
The load comes from a separate process: a small asyncio HTTP/1.1 client with 50
concurrent keep-alive connections, each POSTing ballots as a browser form would.
Prints ballots per second, median and 95th-percentile latency, the same server's
requests per second on a trivial page (the login page), and checks that every ballot
was stored exactly once.

Run: .venv/bin/python bench/voting.py  (needs PostgreSQL on 127.0.0.1:5432, user postgres;
it creates and drops the database ``scic_bench_voting``).
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DB_NAME = "scic_bench_voting"
SECRET = "bench-secret-key"
MEMBERS, RESOLUTIONS, CONCURRENCY = 1000, 5, 50
WRK_SECONDS = 15  # fewer requests than the 5,000 distinct ballots: no ballot is sent twice


# -- the load client (runs in its own process) -------------------------------------------


async def _worker(port, queue, latencies, statuses):
    """One client: a connection per request, since gunicorn's sync workers close it."""
    while True:
        try:
            request = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        started = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        await writer.drain()
        status, length = await _read_head(reader)
        await reader.readexactly(length)
        writer.close()
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1


async def _read_head(reader):
    status_line = await reader.readline()
    status, length = int(status_line.split()[1]), 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return status, length


async def _run(port, requests):
    queue = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)
    latencies, statuses = [], {}
    started = time.perf_counter()
    await asyncio.gather(*(_worker(port, queue, latencies, statuses) for _ in range(CONCURRENCY)))
    return time.perf_counter() - started, latencies, statuses


def _post(path, cookie, body):
    data = urlencode(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session={cookie}\r\n"
        "Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


def client_main(port, jobs_file):
    jobs = json.loads(Path(jobs_file).read_text())
    ballots = [
        _post(
            f"/votes/resolution/{j['resolution']}",
            j["cookie"],
            {"csrf_token": j["csrf"], "choice": j["choice"], "principal_id": "", "replaces": "0"},
        )
        for j in jobs
    ]
    trivial = [b"GET /connexion HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"] * len(
        jobs
    )
    vote_seconds, latencies, statuses = asyncio.run(_run(port, ballots))
    page_seconds, _latencies, page_statuses = asyncio.run(_run(port, trivial))
    figures = {
        "client": "asyncio (Python, one connection per request)",
        "seconds": vote_seconds,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": _percentile(latencies, 0.95) * 1000,
        "statuses": statuses,
        "page_rate": len(trivial) / page_seconds,
        "page_statuses": page_statuses,
    }
    print(json.dumps(figures))


# -- the same load with wrk (C, much lighter than Python), when Debian's wrk is installed --

WRK_SCRIPT = r"""
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
function done(summary, latency, requests)
  io.write(string.format("WRK %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), summary.errors.status))
end
"""


def wrk_run(port, jobs):
    folder = Path(tempfile.mkdtemp())
    (folder / "vote.lua").write_text(WRK_SCRIPT)
    lines = [
        f"/votes/resolution/{j['resolution']}\t{j['cookie']}\t"
        + urlencode(
            {"csrf_token": j["csrf"], "choice": j["choice"], "principal_id": "", "replaces": "0"}
        )
        for j in jobs
    ]
    (folder / "jobs.tsv").write_text("\n".join(lines) + "\n")
    base = ["wrk", "-t", "2", "-c", str(CONCURRENCY), "--timeout", "10s"]
    out = subprocess.run(
        [
            *base,
            "-d",
            f"{WRK_SECONDS}s",
            "-s",
            str(folder / "vote.lua"),
            f"http://127.0.0.1:{port}/",
            "--",
            str(folder / "jobs.tsv"),
            "2",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    vote = [line.split()[1:] for line in out.splitlines() if line.startswith("WRK ")][0]
    page = subprocess.run(
        [*base, "-d", "10s", "--latency", f"http://127.0.0.1:{port}/connexion"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(
        next(line.split()[1] for line in page.splitlines() if line.startswith("Requests/sec"))
    )
    requests, duration_us, p50, p95, bad = (int(v) for v in vote)
    return {
        "client": "wrk",
        "requests": requests,
        "seconds": duration_us / 1e6,
        "median_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "statuses": f"{bad} non-2xx/3xx of {requests}",
        "page_rate": rate,
        "page_statuses": "wrk, 10 s",
    }


# -- the set-up and the report (the parent process) --------------------------------------


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def _percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(threads=1, use_wrk=True):
    url = _database()
    user_ids, resolution_ids, engine = _populate(url)
    sessions = _sessions(url, user_ids)
    jobs = [
        {"resolution": r, "cookie": cookie, "csrf": csrf, "choice": ("for", "against")[i % 2]}
        for r in resolution_ids
        for i, (cookie, csrf) in enumerate(sessions)
    ]
    jobs_file = Path(tempfile.mkdtemp()) / "jobs.json"
    jobs_file.write_text(json.dumps(jobs))
    port = _free_port()
    env = dict(os.environ, SCIC_DATABASE_URL=url, SCIC_SECRET_KEY=SECRET)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-w",
            "2",
            *(["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "scic:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait(port)
        figures = wrk_run(port, jobs) if use_wrk else _python_client(port, jobs_file)
    finally:
        server.terminate()
        server.wait()
    _report(figures, engine, len(jobs), threads)  # wrk sends fewer: see WRK_SECONDS
    engine.dispose()


def _python_client(port, jobs_file):
    out = subprocess.run(
        [sys.executable, __file__, "--client", str(port), str(jobs_file)],
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"load client failed:\n{out.stderr}")
    return json.loads(out.stdout)


def _wait(port):
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def _report(figures, engine, expected, threads):
    from sqlalchemy import text

    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT count(*), count(DISTINCT (resolution_id, member_id)), "
                "max(revision) FROM ballot"
            )
        ).one()
    kind = f"gthread, {threads} threads each" if threads > 1 else "sync"
    sent = figures.get("requests", expected)
    rate = min(sent, rows[0]) / figures["seconds"]  # answered and stored
    print(f"machine: {os.cpu_count()} cores; gunicorn 2 workers ({kind}); PostgreSQL on loopback")
    print(f"load: {figures['client']}, {CONCURRENCY} concurrent connections")
    print(
        f"ballots: {sent} POSTs answered in {figures['seconds']:.2f} s -> "
        f"{rate:.0f} ballots stored/s ({figures['statuses']})"
    )
    print(f"latency: median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms")
    print(
        f"trivial page (GET /connexion): {figures['page_rate']:.0f} requests/s "
        f"({figures['page_statuses']}); ballots/trivial = {rate / figures['page_rate']:.2f}"
    )
    # Exactly once: no (resolution, member) has two ballots. wrk counts the responses it
    # read before it stopped (up to one request per connection was still in flight, and
    # stored), and on a keep-alive reconnection it may send a request again: the server
    # then refuses the duplicate, so the stored count can be below the responses.
    once = rows[0] == rows[1] and rows[2] == 1
    verdict = "no ballot stored twice" if once else "DUPLICATES STORED"
    print(
        f"stored: {rows[0]} ballots for {sent} responses, {rows[1]} distinct "
        f"(resolution, member), max revision {rows[2]} -> {verdict}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", nargs=2, metavar=("PORT", "JOBS"))
    parser.add_argument("--threads", type=int, default=1, help="gthread workers' threads")
    parser.add_argument("--asyncio", action="store_true", help="the Python client, not wrk")
    args = parser.parse_args()
    if args.client:
        client_main(int(args.client[0]), args.client[1])
    else:
        main(args.threads, use_wrk=shutil.which("wrk") is not None and not args.asyncio)
