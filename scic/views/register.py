"""The register of associés: the list, a member's page, applications, admissions,
exits and college changes. Movements, the capital summary, colleges, import and
documents live in the register_* modules, on the same blueprint.

Access: the board and admins edit; the secretary reads (meetings need the register);
a member sees only their own page, « Mon espace »."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from ..auth import roles_required
from ..db import get_session
from ..forms import options
from ..forms.register import EXIT_LABELS, AdmitForm, CollegeChangeForm, ExitForm, MemberForm
from ..models import Category, College, Member
from ..services import ServiceError
from ..services.capital import member_holding, min_parts, today
from ..services.ledger import would_defer
from ..services.register import (
    NEXT_STATUSES,
    STATUS_LABELS,
    admit_member,
    category_warnings,
    change_college,
    create_member,
    exit_claim,
    member_record,
    record_exit,
)
from ..services.register_identity import IDENTITY_FIELDS, update_member
from ..services.register_search import (
    SORTS,
    RegisterFilters,
    register_queries,
    register_rows,
)
from ..services.settings import get_cooperative
from . import paginate

bp = Blueprint("register", __name__)
READERS = ("board", "admin", "secretary")
EDITORS = ("board", "admin")


@bp.app_context_processor
def register_labels():
    return {"member_statuses": STATUS_LABELS}


def load_member(member_id: int) -> Member:
    return get_session().get(Member, member_id) or abort(404)


def refused(exc: ServiceError) -> str:
    """A rule refused the action: undo anything flushed, return the message to show."""
    get_session().rollback()
    return str(exc)


def can_edit() -> bool:
    return current_user.has_role(*EDITORS)


@bp.route("/registre")
@roles_required(*READERS)
def index():
    session = get_session()
    filters = RegisterFilters.from_args(request.args)
    query, count = register_queries(filters)
    pager = paginate(session, query, count)
    return render_template(
        "register/list.html",
        pager=pager,
        rows=register_rows(session, pager["rows"]),
        filters=filters,
        sorts=SORTS,
        colleges=session.exec(select(College).order_by(College.position, College.id)).all(),
        categories=session.exec(select(Category).order_by(Category.name)).all(),
        warnings=category_warnings(session) if can_edit() else [],
        can_edit=can_edit(),
    )


@bp.route("/registre/<int:member_id>")
@login_required
def show(member_id):
    member = load_member(member_id)
    if not current_user.has_role(*READERS):
        if current_user.member_id == member.id:
            return redirect(url_for("register.my_space"))
        abort(403)
    session = get_session()
    return render_template(
        "register/member.html",
        record=member_record(session, member),
        can_edit=can_edit(),
        exits=[s for s in NEXT_STATUSES.get(member.status, ()) if s != "admitted"],
        today=today(),
    )


def member_choices(form: MemberForm) -> None:
    session = get_session()
    categories = session.exec(select(Category).order_by(Category.name)).all()
    colleges = session.exec(select(College).order_by(College.position, College.id)).all()
    form.category_id.choices = options((c.id, c.name) for c in categories)
    form.college_id.choices = options(
        [(0, "— Aucun —")] + [(c.id, f"{c.name} ({c.code})") for c in colleges]
    )


def identity_values(form: MemberForm) -> dict:
    values = {name: getattr(form, name).data for name in IDENTITY_FIELDS}
    values["college_id"] = values["college_id"] or None
    values["convocation_by_email"] = form.convocation_by_email.data
    return values


@bp.route("/registre/nouveau", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new_member():
    form, error = MemberForm(), None
    member_choices(form)
    if request.method == "GET":
        form.applied_on.data = today()
    if form.validate_on_submit():
        try:
            member = create_member(
                get_session(), identity_values(form), form.applied_on.data, current_user
            )
        except ServiceError as exc:
            error = refused(exc)
        else:
            message = f"Candidature de {member.display_name} enregistrée (n° {member.number})."
            flash(message, "success")
            return redirect(url_for("register.admit", member_id=member.id))
    return render_template("register/member_form.html", form=form, error=error, member=None)


@bp.route("/registre/<int:member_id>/modifier", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(member_id):
    member = load_member(member_id)
    form, error = MemberForm(obj=member), None
    del form.applied_on
    member_choices(form)
    del form.college_id
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in IDENTITY_FIELDS[:-1]}
        values["convocation_by_email"] = form.convocation_by_email.data
        try:
            update_member(get_session(), member, values, current_user)
        except ServiceError as exc:
            error = refused(exc)
        else:
            flash("Fiche de l'associé mise à jour.", "success")
            return redirect(url_for("register.show", member_id=member.id))
    return render_template("register/member_form.html", form=form, error=error, member=member)


@bp.route("/registre/<int:member_id>/admission", methods=["GET", "POST"])
@roles_required(*EDITORS)
def admit(member_id):
    session = get_session()
    member = load_member(member_id)
    coop = get_cooperative(session)
    least = min_parts(coop, session.get(Category, member.category_id))
    form, error = AdmitForm(), None
    if request.method == "GET":
        form.admitted_on.data, form.parts.data = today(), least
        form.body.data = "Conseil d'administration"
        form.paid.data = least * coop.share_nominal_cents
    if form.validate_on_submit():
        try:
            admit_member(
                session,
                member,
                form.admitted_on.data,
                form.body.data,
                form.parts.data,
                form.paid.data,
                current_user,
            )
        except ServiceError as exc:
            error = refused(exc)
        else:
            flash(f"{member.display_name} est admis(e) comme associé(e).", "success")
            return redirect(url_for("register.show", member_id=member.id))
    return render_template(
        "register/admit.html", form=form, error=error, member=member, least=least, coop=coop
    )


@bp.route("/registre/<int:member_id>/sortie", methods=["GET", "POST"])
@roles_required(*EDITORS)
def exit_member(member_id):
    session = get_session()
    member = load_member(member_id)
    form, error = ExitForm(), None
    allowed = [s for s in NEXT_STATUSES.get(member.status, ()) if s != "admitted"]
    form.status.choices = [c for c in form.status.choices if c.value in allowed]
    if request.method == "GET":
        form.exit_on.data = today()
    if form.validate_on_submit():
        try:
            if request.form.get("confirmer") != "1":
                return _confirm_exit(form, member)
            claim = record_exit(
                session,
                member,
                form.status.data,
                form.exit_on.data,
                form.cause.data,
                form.body.data,
                current_user,
                form.amount.data,
            )
        except ServiceError as exc:
            error = refused(exc)
        else:
            flash(_exit_message(member, claim), "success")
            return redirect(url_for("register.show", member_id=member.id))
    return render_template("register/exit.html", form=form, error=error, member=member)


def _confirm_exit(form, member):
    session = get_session()
    coop = get_cooperative(session)
    data = form.data
    parts = exit_claim(
        session, coop, member, data["status"], data["exit_on"], data["body"], data["amount"]
    )
    return render_template(
        "register/exit_confirm.html",
        form=form,
        member=member,
        holding=member_holding(session, member.id),
        claim_parts=parts,
        deferred=would_defer(session, parts) if parts else False,
        status_label=EXIT_LABELS[form.status.data],
    )


def _exit_message(member, claim) -> str:
    text = f"Sortie de {member.display_name} enregistrée."
    if claim is None and member_holding(get_session(), member.id).parts:
        return text + (
            " Les parts ne sont pas entièrement libérées : enregistrez la demande de "
            "remboursement après le versement du solde."
        )
    if claim is None:
        return text
    if claim.deferred:
        return text + " Le remboursement est différé : le capital descendrait sous son plancher."
    return text + " Les parts sont remboursées."


@bp.route("/registre/<int:member_id>/college", methods=["GET", "POST"])
@roles_required(*EDITORS)
def move_college(member_id):
    session = get_session()
    member = load_member(member_id)
    form, error = CollegeChangeForm(), None
    colleges = session.exec(select(College).order_by(College.position, College.id)).all()
    form.college_id.choices = options(
        (c.id, f"{c.name} ({c.code})") for c in colleges if c.id != member.college_id
    )
    if request.method == "GET":
        form.effective_from.data = today()
    if form.validate_on_submit():
        try:
            change_college(
                session,
                member,
                form.college_id.data,
                form.effective_from.data,
                form.decision.data,
                current_user,
            )
        except ServiceError as exc:
            error = refused(exc)
        else:
            flash("Changement de collège enregistré.", "success")
            return redirect(url_for("register.show", member_id=member.id))
    return render_template("register/college_change.html", form=form, error=error, member=member)


from . import register_admin, register_capital, register_documents  # noqa: E402, F401
