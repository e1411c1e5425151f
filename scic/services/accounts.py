"""Accounts: authentication with throttling, invitations, password resets, roles."""

import hashlib
from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import LoginThrottle, Member, User, UserRole
from ..models.types import utcnow
from ..models.user import ROLES
from . import ServiceError
from .audit import record_audit

MIN_PASSWORD_LENGTH = 10
# Compared against when the e-mail is unknown, so that both paths take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class LoginThrottled(ServiceError):
    pass


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            f"Le mot de passe doit comporter au moins {MIN_PASSWORD_LENGTH} caractères."
        )
    return generate_password_hash(password)


def find_user(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def authenticate(session, email, password, *, max_failures=5, lock_seconds=900, now=None):
    """Return the user, or raise ServiceError with a message that never says whether
    the e-mail exists. After ``max_failures`` failures the address is locked."""
    now = now or utcnow()
    email = normalise_email(email)
    throttle = session.get(LoginThrottle, email)
    if throttle and throttle.locked_until and throttle.locked_until > now:
        minutes = max(1, int((throttle.locked_until - now).total_seconds() + 59) // 60)
        raise LoginThrottled(
            "Trop de tentatives de connexion infructueuses. "
            f"Réessayez dans {minutes} minute{'s' if minutes > 1 else ''}."
        )
    user = find_user(session, email)
    stored = user.password_hash if user and user.password_hash else _DUMMY_HASH
    if check_password_hash(stored, password or "") and user and user.active:
        if throttle:
            session.delete(throttle)
        user.last_login_at = now
        session.add(user)
        session.flush()
        return user
    _count_failure(session, throttle, email, now, max_failures, lock_seconds)
    raise ServiceError("Adresse e-mail ou mot de passe incorrect.")


def _count_failure(session, throttle, email, now, max_failures, lock_seconds):
    window = timedelta(seconds=lock_seconds)
    if throttle is None:
        throttle = LoginThrottle(email=email, failures=0)
    if throttle.first_failure_at is None or now - throttle.first_failure_at > window:
        throttle.failures, throttle.first_failure_at = 0, now
    throttle.failures += 1
    if throttle.failures >= max_failures:
        throttle.locked_until = now + window
        throttle.failures, throttle.first_failure_at = 0, None
    session.add(throttle)
    session.flush()


def set_roles(session: Session, user: User, roles, actor=None) -> User:
    roles = set(roles)
    unknown = roles - set(ROLES)
    if unknown:
        raise ServiceError(f"Rôle inconnu : {', '.join(sorted(unknown))}.")
    if not roles:
        raise ServiceError("Un compte doit avoir au moins un rôle.")
    if "member" in roles and user.member_id is None:
        raise ServiceError("Le rôle « sociétaire » exige un compte lié à un associé.")
    if actor is not None and actor.id == user.id and "admin" not in roles:
        raise ServiceError("Vous ne pouvez pas retirer votre propre rôle d'administrateur.")
    for link in list(user.role_links):
        if link.role not in roles:
            session.delete(link)
    for role in roles - user.roles:
        session.add(UserRole(user_id=user.id, role=role))
    session.flush()
    session.refresh(user, ["role_links"])
    record_audit(session, actor, "user.roles", user, {"roles": sorted(roles)})
    return user


def create_user(session, email, display_name, roles, *, member=None, password=None, actor=None):
    email = normalise_email(email)
    if not email or "@" not in email:
        raise ServiceError("Adresse e-mail invalide.")
    if find_user(session, email):
        raise ServiceError(f"Un compte existe déjà pour {email}.")
    if (
        member is not None
        and session.exec(
            select(func.count()).select_from(User).where(User.member_id == member.id)
        ).one()
    ):
        raise ServiceError(f"L'associé {member.display_name} a déjà un compte.")
    user = User(
        email=email,
        display_name=display_name.strip() or email,
        member_id=member.id if member else None,
        password_hash=hash_password(password) if password else None,
    )
    session.add(user)
    session.flush()
    set_roles(session, user, roles, actor=None)
    record_audit(session, actor, "user.create", user, {"email": email})
    return user


def invite_member(session: Session, member: Member, roles=("member",), actor=None) -> User:
    """Create the member's account without a password; the invitation link sets it."""
    if not member.email:
        raise ServiceError(f"L'associé {member.display_name} n'a pas d'adresse e-mail.")
    return create_user(
        session, member.email, member.display_name, roles, member=member, actor=actor
    )


# --- Signed links ----------------------------------------------------------------------


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=f"scic-{purpose}")


def _fingerprint(user: User) -> str:
    """Changes when the password changes, so that a link works once."""
    return hashlib.sha256((user.password_hash or "unset").encode()).hexdigest()[:16]


def make_token(secret_key: str, purpose: str, user: User) -> str:
    return _serializer(secret_key, purpose).dumps({"u": user.id, "f": _fingerprint(user)})


def read_token(session, secret_key, purpose, token, max_age) -> User:
    try:
        data = _serializer(secret_key, purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise ServiceError("Ce lien a expiré. Demandez-en un nouveau.") from exc
    except BadSignature as exc:
        raise ServiceError("Ce lien n'est pas valide.") from exc
    user = session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("f") != _fingerprint(user):
        raise ServiceError("Ce lien n'est plus valide : il a déjà été utilisé.")
    return user


def set_password(session: Session, user: User, password: str, confirm: str) -> User:
    if password != confirm:
        raise ServiceError("Les deux mots de passe ne correspondent pas.")
    user.password_hash = hash_password(password)
    session.add(user)
    session.flush()
    record_audit(session, user, "user.password", user)
    return user
