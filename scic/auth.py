"""Login manager and role checks."""

from functools import wraps

from flask import abort
from flask_login import LoginManager, current_user
from sqlalchemy import bindparam
from sqlalchemy.orm import joinedload
from sqlmodel import select

from .db import get_session
from .models import User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Veuillez vous connecter pour accéder à cette page."
login_manager.login_message_category = "info"


# Every request loads its user: in one query with the roles and the member it is linked
# to (who is then in the session's identity map for the views that ask for it). Like the
# other statements of the hot paths (the vote page, casting a ballot), it is built once,
# which spares SQLAlchemy's per-call construction and cache-key work.
USER_BY_ID = (
    select(User)
    .options(joinedload(User.role_links), joinedload(User.member))
    .where(User.id == bindparam("user_id"))
)


@login_manager.user_loader
def load_user(user_id: str):
    if not user_id.isdigit():
        return None
    user = get_session().exec(USER_BY_ID, params={"user_id": int(user_id)}).unique().first()
    return user if user is not None and user.active else None


def roles_required(*roles):
    """Log in first; then the user must hold one of ``roles`` (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def init_app(app):
    login_manager.init_app(app)
