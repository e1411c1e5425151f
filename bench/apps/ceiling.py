"""The ceiling the voting benchmark is read against: a bare Flask application, served by
the same gunicorn on the same machine, with a trivial page and an endpoint that inserts one
SQLite row per request (the two reference figures of the voting issue: about 6,600 and
1,600 requests/s on the machine it was written on).

Served by ``bench/voting.py`` (it lives apart so that ``make bench`` does not run it); the
database file comes from ``CEILING_DB``.
"""

import os
import sqlite3

from flask import Flask

app = Flask(__name__)


@app.get("/")
def trivial():
    return "ok"


@app.post("/insert")
def insert():
    connection = sqlite3.connect(os.environ["CEILING_DB"], timeout=30)
    with connection:
        connection.execute("INSERT INTO hit (at) VALUES (datetime('now'))")
    connection.close()
    return "ok"
