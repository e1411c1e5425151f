"""SCIC governance platform: the Flask application factory."""

from pathlib import Path

from flask import Flask

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def create_app(test_config=None):
    """Build the app: defaults, then instance/config.py, then SCIC_* variables
    (or ``test_config`` alone, in tests)."""
    instance_path = (test_config or {}).get("INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(TEMPLATES),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from . import auth, cli, csrf, db, errors, formatting, views
    from .config import load_config

    load_config(app, test_config)
    db.init_app(app)
    auth.init_app(app)
    csrf.init_app(app)
    formatting.init_app(app)
    errors.init_app(app)
    views.init_app(app)
    cli.init_app(app)
    return app
