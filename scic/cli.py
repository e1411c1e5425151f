"""Command line: ``scic upgrade``, ``scic create-admin``, ``scic load-demo``,
``scic verify-audit`` (also ``flask --app scic ...``). Errors are one French line on
stderr and a non-zero exit, never a traceback."""

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session

from .db import get_engine
from .migrations import upgrade_database
from .services import ServiceError


class CommandError(click.ClickException):
    """A one-line French error on stderr, exit code 1, no traceback."""

    def show(self, file=None):
        click.echo(f"Erreur : {self.format_message()}", err=True)


def _fail(message: str):
    raise CommandError(message)


def _session() -> Session:
    return Session(get_engine(), expire_on_commit=False)


@click.command("upgrade")
@with_appcontext
def upgrade_command():
    """Crée ou met à jour le schéma de la base de données."""
    url = current_app.config["DATABASE_URL"]
    try:
        upgrade_database(url)
    except OperationalError as exc:
        _fail(f"Base de données inaccessible : {exc.orig}")
    click.echo("Base de données à jour.")


@click.command("create-admin")
@click.option("--email", required=True, help="Adresse e-mail de l'administrateur.")
@click.option("--name", "display_name", default="Administrateur", show_default=True)
@click.password_option("--password", help="Mot de passe (10 caractères au moins).")
@with_appcontext
def create_admin_command(email, display_name, password):
    """Crée un compte administrateur."""
    from .services.accounts import create_user

    with _session() as session:
        try:
            create_user(session, email, display_name, ["admin"], password=password)
            session.commit()
        except ServiceError as exc:
            _fail(str(exc))
        except SQLAlchemyError as exc:
            _fail(
                f"Base de données non initialisée ou inaccessible ({exc.__class__.__name__}) : "
                "lancez d'abord « scic upgrade »."
            )
    click.echo(f"Administrateur {email} créé.")


@click.command("load-demo")
@click.option("--if-empty", is_flag=True, help="Ne rien faire si la coopérative existe déjà.")
@with_appcontext
def load_demo_command(if_empty):
    """Charge la coopérative de démonstration (tiers-lieu à Malakoff)."""
    from .services.demo import DEMO_LOGINS, load_demo
    from .services.settings import get_cooperative

    with _session() as session:
        try:
            if get_cooperative(session) is not None:
                if if_empty:
                    click.echo("Coopérative déjà présente : démonstration non rechargée.")
                    _print_logins(DEMO_LOGINS)
                    return
                _fail(
                    "La base contient déjà une coopérative : la démonstration se charge "
                    "dans une base vide."
                )
            base_url = current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000"
            with current_app.test_request_context(base_url=base_url):  # links in e-mails
                load_demo(session)
            session.commit()
        except SQLAlchemyError as exc:
            _fail(
                f"Base de données non initialisée ou inaccessible ({exc.__class__.__name__}) : "
                "lancez d'abord « scic upgrade »."
            )
    click.echo("Coopérative de démonstration chargée.")
    _print_logins(DEMO_LOGINS)


def _print_logins(logins):
    click.echo("Comptes de démonstration (e-mail / mot de passe) :")
    for role, email, password in logins:
        click.echo(f"  {role:<22} {email:<32} {password}")


@click.command("verify-audit")
@with_appcontext
def verify_audit_command():
    """Recalcule la chaîne du journal d'audit et signale le premier maillon rompu."""
    from .services.audit import verify_audit

    with _session() as session:
        checked, broken = verify_audit(session)
    if broken:
        _fail(
            f"Chaîne « {broken.chain} » rompue à l'entrée n° {broken.seq} : {broken.reason} "
            f"({checked} entrées valides avant)."
        )
    click.echo(f"Journal d'audit intact : {checked} entrées vérifiées.")


@click.command("verify-register")
@with_appcontext
def verify_register_command():
    """Vérifie le registre des procès-verbaux : chaque fichier, les pages et la chaîne."""
    from .services.minutes_register import verify_register

    with _session() as session:
        try:
            report = verify_register(session)
        except SQLAlchemyError as exc:
            _fail(
                f"Base de données non initialisée ou inaccessible ({exc.__class__.__name__}) : "
                "lancez d'abord « scic upgrade »."
            )
    if report.problem:
        _fail(
            f"Registre des procès-verbaux altéré à l'entrée n° {report.problem.number} : "
            f"{report.problem.reason} ({report.checked} entrée(s) valide(s) avant)."
        )
    click.echo(
        f"Registre des procès-verbaux intact : {report.checked} entrée(s) vérifiée(s), "
        f"pages 1 à {report.last_page}."
    )


@click.command("close-due")
@with_appcontext
def close_due_command():
    """Clôt les votes dont la fin est passée et envoie les rappels dus (à lancer par cron)."""
    from .services.notifications import send_reminders
    from .services.voting import close_due

    base_url = current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=base_url), _session() as session:
        closed = close_due(session)
        reminded = send_reminders(session)
        session.commit()
    click.echo(f"{len(closed)} vote(s) clos, {reminded} rappel(s) envoyé(s).")


@click.command("import-members")
@click.argument("path", metavar="FICHIER", type=click.Path(dir_okay=False))
@click.option("--verifier", "check_only", is_flag=True, help="Vérifier sans rien importer.")
@with_appcontext
def import_members_command(path, check_only):
    """Importe des associés depuis un fichier CSV : tout le fichier ou rien."""
    from .services.register_io import apply_import, check_import

    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        _fail(f"Fichier illisible : {path} ({exc.strerror}).")
    with _session() as session:
        try:
            count = _import_members(session, data, check_only, check_import, apply_import)
        except ServiceError as exc:
            session.rollback()
            _fail(str(exc))
        except SQLAlchemyError as exc:
            session.rollback()
            _fail(
                f"Base de données non initialisée ou inaccessible ({exc.__class__.__name__}) : "
                "lancez d'abord « scic upgrade »."
            )
    verb = "vérifié(s), rien n'a été importé" if check_only else "importé(s)"
    click.echo(f"{count} associé(s) {verb}.")


def _import_members(session, data, check_only, check_import, apply_import) -> int:
    with click.progressbar(length=data.count(b"\n"), label="Vérification") as bar:
        report = check_import(session, data, progress=bar.update)
    for line, message in report.errors[:50]:
        click.echo(f"{'Ligne ' + str(line) if line else 'Fichier'} : {message}", err=True)
    if not report.ok:
        raise ServiceError(
            f"{report.error_count} erreur(s) dans le fichier : rien n'a été importé."
            if report.error_count
            else "Le fichier ne contient aucun associé."
        )
    if check_only:
        return len(report.rows)
    with click.progressbar(length=len(report.rows), label="Enregistrement") as bar:
        count = apply_import(session, report, progress=bar.update)
    session.commit()
    return count


COMMANDS = [
    upgrade_command,
    create_admin_command,
    load_demo_command,
    verify_audit_command,
    verify_register_command,
    close_due_command,
    import_members_command,
]


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)


def _create_app():
    from . import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="Administration de la plateforme SCIC.")
