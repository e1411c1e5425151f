"""Configuration: defaults, then the instance config file, then ``SCIC_*`` variables."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

DEFAULTS = {
    "DATABASE_URL": None,  # computed: SQLite file in the instance folder
    "SMTP_HOST": None,
    "SMTP_PORT": 25,
    "SMTP_USER": None,
    "SMTP_PASSWORD": None,
    "SMTP_STARTTLS": False,
    "MAIL_SENDER": "SCIC <no-reply@localhost>",
    "PUBLIC_URL": None,
    "INVITATION_MAX_AGE": int(timedelta(days=7).total_seconds()),
    "RESET_MAX_AGE": int(timedelta(hours=2).total_seconds()),
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_SECONDS": 15 * 60,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": int(timedelta(hours=12).total_seconds()),
    "CSRF_TIME_LIMIT": int(timedelta(hours=12).total_seconds()),
    "TIMEZONE": "Europe/Paris",
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
}

# Environment variables read as SCIC_<NAME>, with their type.
ENV_TYPES = {
    "DATABASE_URL": str,
    "SECRET_KEY": str,
    "SMTP_HOST": str,
    "SMTP_PORT": int,
    "SMTP_USER": str,
    "SMTP_PASSWORD": str,
    "SMTP_STARTTLS": bool,
    "MAIL_SENDER": str,
    "PUBLIC_URL": str,
    "SESSION_COOKIE_SECURE": bool,
    "REMEMBER_COOKIE_SECURE": bool,
}


def _parse(kind, raw):
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on", "oui"}
    return kind(raw)


def load_config(app, test_config=None):
    """Fill ``app.config`` in the documented order of precedence."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for name, kind in ENV_TYPES.items():
            raw = os.environ.get(f"SCIC_{name}")
            if raw not in (None, ""):
                app.config[name] = _parse(kind, raw)
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("DATABASE_URL"):
        path = Path(app.instance_path) / "scic.sqlite3"
        app.config["DATABASE_URL"] = f"sqlite:///{path}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))
    if app.config.get("SESSION_COOKIE_SECURE"):
        app.config.setdefault("REMEMBER_COOKIE_SECURE", True)


def instance_secret_key(instance: Path) -> str:
    """Read the generated secret key, creating it (mode 600) on first run."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key
