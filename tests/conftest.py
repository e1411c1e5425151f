"""Fixtures: a clean database for every test (SQLite by default, PostgreSQL when
SCIC_TEST_DATABASE_URL is set), the app, a client, and factories."""

import os
import re

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel

import scic.models  # noqa: F401
from scic import create_app
from scic.db import make_engine

from .factories import Factory

PG_URL = os.environ.get("SCIC_TEST_DATABASE_URL")
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def pytest_report_header(config):
    return f"database: {PG_URL or 'SQLite (temporary file)'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if PG_URL:
        return PG_URL
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    try:
        with engine.connect():
            pass
    except OperationalError as exc:  # never skip: a configured database must answer
        pytest.fail(f"test database unreachable ({database_url}): {exc.orig}", pytrace=False)
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _clean(engine):
    tables = [t.name for t in SQLModel.metadata.sorted_tables]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{name}"' for name in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for name in reversed(tables):
                conn.execute(text(f'DELETE FROM "{name}"'))


@pytest.fixture
def db(engine):
    """A session on a clean database."""
    _clean(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def app(db, database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path / "instance"),
        }
    )
    yield app
    app.extensions["scic_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factory(db):
    return Factory(db)


def csrf_from(client, url: str) -> str:
    response = client.get(url)
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def login(client, email: str, password: str = Factory.PASSWORD):
    token = csrf_from(client, "/connexion")
    return client.post(
        "/connexion", data={"csrf_token": token, "email": email, "password": password}
    )


def post(client, url: str, data: dict | None = None, form_url: str | None = None):
    """POST with the CSRF token read from ``form_url`` (default: the home page)."""
    token = csrf_from(client, form_url or "/")
    return client.post(url, data={"csrf_token": token, **(data or {})})
