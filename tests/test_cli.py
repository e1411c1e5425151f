import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from scic.cli import create_admin_command, load_demo_command, verify_audit_command
from scic.models import AuditEntry, Member, User

SCIC = str(Path(sys.executable).parent / "scic")


def run_scic(tmp_path, *args, url=None):
    env = dict(os.environ)
    env["SCIC_DATABASE_URL"] = url or f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    env["SCIC_SECRET_KEY"] = "cli-test"
    return subprocess.run([SCIC, *args], capture_output=True, text=True, env=env, timeout=120)


def test_upgrade_demo_and_admin_from_the_shell(tmp_path):
    assert run_scic(tmp_path, "upgrade").returncode == 0
    demo = run_scic(tmp_path, "load-demo")
    assert demo.returncode == 0, demo.stderr
    assert "admin@casaco.example" in demo.stdout
    again = run_scic(tmp_path, "load-demo")
    assert again.returncode == 1
    assert again.stderr.startswith("Erreur : ") and "Traceback" not in again.stderr
    assert run_scic(tmp_path, "load-demo", "--if-empty").returncode == 0
    bad = run_scic(tmp_path, "create-admin", "--email", "pas-une-adresse", "--password", "x" * 12)
    assert bad.returncode == 1 and "Adresse e-mail invalide" in bad.stderr
    assert "Traceback" not in bad.stderr
    short = run_scic(tmp_path, "create-admin", "--email", "a@b.fr", "--password", "court")
    assert short.returncode == 1 and "10 caractères" in short.stderr
    assert run_scic(tmp_path, "verify-audit").returncode == 0


def test_commands_on_a_database_that_was_never_upgraded(tmp_path):
    result = run_scic(tmp_path, "load-demo")
    assert result.returncode == 1
    assert "scic upgrade" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_database_is_a_clean_error(tmp_path):
    url = "postgresql+psycopg://nobody@127.0.0.1:1/nowhere"
    result = run_scic(tmp_path, "upgrade", url=url)
    assert result.returncode == 1
    assert "inaccessible" in result.stderr and "Traceback" not in result.stderr


def test_demo_cooperative_matches_the_seed(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(load_demo_command)
    assert result.exit_code == 0, result.output
    members = db.exec(select(Member)).all()
    assert 55 <= len(members) <= 70
    assert {u.email for u in db.exec(select(User))} >= {
        "admin@casaco.example",
        "societaire@casaco.example",
    }
    assert (
        runner.invoke(
            create_admin_command, ["--email", "n@x.fr", "--password", "long enough pw"]
        ).exit_code
        == 0
    )


def test_verify_audit_reports_the_first_broken_link(app, db):
    runner = app.test_cli_runner()
    runner.invoke(load_demo_command)
    entry = db.exec(select(AuditEntry).order_by(AuditEntry.seq)).first()
    entry.action = "forged"
    db.add(entry)
    db.commit()
    result = runner.invoke(verify_audit_command)
    assert result.exit_code == 1
    assert "entrée n° 1" in result.output
