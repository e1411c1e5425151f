"""Migrations from an empty database give exactly the models' schema."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import scic.models  # noqa: F401
from scic.migrations import upgrade_database

from .conftest import PG_URL


def assert_matches_models(url):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, SQLModel.metadata)
            tables = set(inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert diff == []
    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_sqlite_from_empty(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    upgrade_database(url)
    assert_matches_models(url)
    upgrade_database(url)  # running it again is harmless


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="PostgreSQL run only (SCIC_TEST_DATABASE_URL)")
def test_postgresql_from_empty():
    name = f"scic_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
        upgrade_database(url)
        assert_matches_models(url)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
