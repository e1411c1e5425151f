"""Database engine and the one-session-per-request pattern.

Services receive the session and only ``flush()``; the request commits once when the
response is a success (status < 400) and rolls back otherwise.
"""

from flask import current_app, g
from sqlalchemy import event
from sqlmodel import Session, create_engine


def make_engine(url: str):
    kwargs = {}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def get_engine():
    return current_app.extensions["scic_engine"]


def get_session() -> Session:
    """The request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    return g.db_session


def init_app(app):
    app.extensions["scic_engine"] = make_engine(app.config["DATABASE_URL"])

    @app.after_request
    def commit_session(response):
        session = g.pop("db_session", None)
        if session is not None:
            try:
                if response.status_code < 400:
                    session.commit()
                else:
                    session.rollback()
            finally:
                session.close()
        return response

    @app.teardown_request
    def close_session(_exc):
        session = g.pop("db_session", None)
        if session is not None:
            session.rollback()
            session.close()
