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


COMMANDS = [upgrade_command, create_admin_command, load_demo_command, verify_audit_command]


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)


def _create_app():
    from . import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="Administration de la plateforme SCIC.")
