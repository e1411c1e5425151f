from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlmodel import col, func, select

from ..auth import roles_required
from ..db import get_session
from ..forms import options
from ..forms.admin import InviteForm, RolesForm, SettingsForm, StaffForm
from ..mail import list_outbox, read_outbox
from ..models import AuditEntry, Member, User
from ..services import ServiceError, accounts
from ..services.audit import verify_audit
from ..services.settings import get_cooperative, update_settings
from . import paginate
from .auth import send_invitation_email

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/utilisateurs")
@roles_required("admin")
def users():
    session = get_session()
    pager = paginate(
        session,
        select(User).order_by(User.display_name, User.id),
        select(func.count()).select_from(User),
    )
    return render_template("admin/users.html", pager=pager)


def _members_without_account(session):
    return session.exec(
        select(Member)
        .where(
            Member.status == "admitted",
            col(Member.email).is_not(None),
            col(Member.id).not_in(select(User.member_id).where(col(User.member_id).is_not(None))),
        )
        .order_by(Member.last_name, Member.first_name)
    ).all()


def _member_options(session):
    return options(
        (m.id, f"{m.display_name} — {m.email}") for m in _members_without_account(session)
    )


@bp.route("/utilisateurs/inviter", methods=["GET", "POST"])
@roles_required("admin")
def invite():
    session = get_session()
    form = InviteForm()
    form.member_id.choices = _member_options(session)
    if form.validate_on_submit():
        member = session.get(Member, form.member_id.data) or abort(404)
        try:
            user = accounts.invite_member(session, member, form.roles.data, actor=current_user)
        except ServiceError as exc:
            form.member_id.errors = [str(exc)]
        else:
            send_invitation_email(user, get_cooperative(session).name)
            flash(f"Invitation envoyée à {user.email} (lien valable 7 jours).", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/invite.html", form=form, staff_form=StaffForm(None))


@bp.route("/utilisateurs/personnel", methods=["POST"])
@roles_required("admin")
def add_staff():
    session = get_session()
    form = StaffForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                session,
                form.email.data,
                form.display_name.data,
                form.roles.data,
                actor=current_user,
            )
        except ServiceError as exc:
            form.email.errors = [str(exc)]
        else:
            send_invitation_email(user, get_cooperative(session).name)
            flash(f"Compte créé ; invitation envoyée à {user.email}.", "success")
            return redirect(url_for("admin.users"))
    invite_form = InviteForm(None)
    invite_form.member_id.choices = _member_options(session)
    return render_template("admin/invite.html", form=invite_form, staff_form=form)


@bp.route("/utilisateurs/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit_user(user_id):
    session = get_session()
    user = session.get(User, user_id) or abort(404)
    form = RolesForm(data={"roles": sorted(user.roles), "active": user.active})
    if form.validate_on_submit():
        try:
            if user.id == current_user.id and not form.active.data:
                raise ServiceError("Vous ne pouvez pas désactiver votre propre compte.")
            accounts.set_roles(session, user, form.roles.data, actor=current_user)
            user.active = form.active.data
            session.add(user)
        except ServiceError as exc:
            form.roles.errors = [str(exc)]
        else:
            flash(f"Compte de {user.display_name} mis à jour.", "success")
            return redirect(url_for("admin.users"))
    member = session.get(Member, user.member_id) if user.member_id else None
    return render_template("admin/user.html", form=form, user=user, member=member)


@bp.route("/parametres", methods=["GET", "POST"])
@roles_required("admin")
def settings():
    session = get_session()
    coop = get_cooperative(session) or abort(404)
    form = SettingsForm(obj=coop)
    if form.validate_on_submit():
        values = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        values["siren"] = values["siren"] or None
        values["rcs_city"] = values["rcs_city"] or None
        try:
            update_settings(session, coop, values, actor=current_user)
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash("Paramètres statutaires enregistrés.", "success")
            return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form)


@bp.route("/courriels")
@roles_required("admin")
def outbox():
    return render_template("admin/outbox.html", messages=list_outbox())


@bp.route("/courriels/<name>")
@roles_required("admin")
def outbox_message(name):
    data = read_outbox(name) or abort(404)
    return Response(
        data,
        mimetype="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/journal")
@roles_required("admin")
def audit_log():
    session = get_session()
    pager = paginate(
        session,
        select(AuditEntry).order_by(col(AuditEntry.created_at).desc(), col(AuditEntry.id).desc()),
        select(func.count()).select_from(AuditEntry),
    )
    verification = verify_audit(session) if request.args.get("verifier") else None
    ids = {entry.actor_id for entry in pager["rows"] if entry.actor_id}
    actors = {u.id: u for u in session.exec(select(User).where(col(User.id).in_(ids)))}
    return render_template(
        "admin/audit.html", pager=pager, verification=verification, actors=actors
    )
