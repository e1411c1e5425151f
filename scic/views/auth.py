from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..csrf import ButtonForm
from ..db import get_session
from ..forms.auth import LoginForm, PasswordForm, ResetRequestForm
from ..mail import send_email
from ..services import ServiceError, accounts

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.home")


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        config = current_app.config
        try:
            user = accounts.authenticate(
                get_session(),
                form.email.data,
                form.password.data,
                max_failures=config["LOGIN_MAX_FAILURES"],
                lock_seconds=config["LOGIN_LOCK_SECONDS"],
            )
        except ServiceError as exc:
            form.password.errors = [str(exc)]
        else:
            login_user(user, remember=form.remember.data)
            flash(f"Bienvenue, {user.display_name}.", "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/deconnexion", methods=["POST"])
@login_required
def logout():
    ButtonForm()  # the token was checked before the view
    logout_user()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("auth.login"))


def _password_page(purpose: str, token: str, max_age_key: str, template: str):
    session = get_session()
    config = current_app.config
    try:
        user = accounts.read_token(
            session, config["SECRET_KEY"], purpose, token, config[max_age_key]
        )
    except ServiceError as exc:
        return render_template("auth/link_invalid.html", message=str(exc)), 410
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(session, user, form.password.data, form.confirm.data)
        except ServiceError as exc:
            form.password.errors = [str(exc)]
        else:
            login_user(user)
            flash("Votre mot de passe est enregistré. Vous êtes connecté.", "success")
            return redirect(url_for("main.home"))
    return render_template(template, form=form, user=user)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    if current_user.is_authenticated:
        logout_user()
    return _password_page("invite", token, "INVITATION_MAX_AGE", "auth/invitation.html")


@bp.route("/reinitialisation/<token>", methods=["GET", "POST"])
def reset_password(token):
    return _password_page("reset", token, "RESET_MAX_AGE", "auth/reset.html")


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
def forgot_password():
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = accounts.find_user(get_session(), form.email.data)
        if user is not None and user.active and user.password_hash:
            send_reset_email(user)
        flash(
            "Si un compte existe pour cette adresse, un e-mail contenant un lien de "
            "réinitialisation vient d'être envoyé. Le lien est valable 2 heures.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


def send_reset_email(user):
    token = accounts.make_token(current_app.config["SECRET_KEY"], "reset", user)
    link = url_for("auth.reset_password", token=token, _external=True)
    body = render_template("email/reset.txt", user=user, link=link)
    send_email(user.email, "Réinitialisation de votre mot de passe", body)


def send_invitation_email(user, coop_name: str):
    token = accounts.make_token(current_app.config["SECRET_KEY"], "invite", user)
    link = url_for("auth.accept_invitation", token=token, _external=True)
    body = render_template("email/invitation.txt", user=user, link=link, coop_name=coop_name)
    send_email(user.email, f"Invitation : votre espace sociétaire {coop_name}", body)
