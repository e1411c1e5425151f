"""The capital ledger's pages: subscriptions, payments, reimbursement requests and
reversals on a member; the board's capital summary and the deferred queue."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..auth import roles_required
from ..csrf import ButtonForm
from ..db import get_session
from ..forms.register import PaymentForm, RequestForm, ReverseForm, SubscriptionForm
from ..models import ShareMovement
from ..services import ServiceError
from ..services.capital import capital_summary, member_holding, reimbursement_queue, today
from ..services.capital_rules import capital_warnings
from ..services.ledger import (
    pay_deferred,
    preview_request,
    record_payment,
    request_reimbursement,
    reverse_movement,
    subscribe,
)
from ..services.settings import get_cooperative
from .register import EDITORS, bp, load_member, refused

KIND_LABELS = {
    "subscription": "Souscription",
    "payment": "Libération (versement)",
    "reimbursement_request": "Demande de remboursement",
    "reimbursement": "Remboursement",
}
QUEUE_SHOWN = 200


@bp.app_context_processor
def movement_labels():
    return {"movement_kinds": KIND_LABELS}


def _page(template, form, member, error, **extra):
    session = get_session()
    return render_template(
        template,
        form=form,
        member=member,
        error=error,
        holding=member_holding(session, member.id),
        coop=get_cooperative(session),
        **extra,
    )


def _done(member, message):
    flash(message, "success")
    return redirect(url_for("register.show", member_id=member.id, _anchor="mouvements"))


@bp.route("/registre/<int:member_id>/souscription", methods=["GET", "POST"])
@roles_required(*EDITORS)
def subscription(member_id):
    member = load_member(member_id)
    form, error = SubscriptionForm(), None
    if request.method == "GET":
        form.occurred_on.data, form.parts.data = today(), 1
    if form.validate_on_submit():
        try:
            subscribe(
                get_session(),
                member,
                form.parts.data,
                form.paid.data,
                form.occurred_on.data,
                current_user,
                form.note.data,
            )
        except ServiceError as exc:
            error = refused(exc)
        else:
            return _done(member, "Souscription enregistrée.")
    return _page("register/subscription.html", form, member, error)


@bp.route("/registre/<int:member_id>/versement", methods=["GET", "POST"])
@roles_required(*EDITORS)
def payment(member_id):
    member = load_member(member_id)
    form, error = PaymentForm(), None
    if request.method == "GET":
        form.occurred_on.data = today()
        form.amount.data = member_holding(get_session(), member.id).outstanding_cents or None
    if form.validate_on_submit():
        try:
            record_payment(
                get_session(),
                member,
                form.amount.data,
                form.occurred_on.data,
                current_user,
                form.note.data,
            )
        except ServiceError as exc:
            error = refused(exc)
        else:
            return _done(member, "Versement enregistré.")
    return _page("register/payment.html", form, member, error)


@bp.route("/registre/<int:member_id>/remboursement", methods=["GET", "POST"])
@roles_required(*EDITORS)
def reimbursement(member_id):
    session = get_session()
    member = load_member(member_id)
    form, error = RequestForm(), None
    if request.method == "GET":
        form.occurred_on.data, form.parts.data = today(), 1
    if form.validate_on_submit():
        try:
            if request.form.get("confirmer") != "1":
                deferred = preview_request(
                    session, member, form.parts.data, form.amount.data, form.occurred_on.data
                )
                return _page("register/reimbursement.html", form, member, None, confirm=deferred)
            claim = request_reimbursement(
                session,
                member,
                form.parts.data,
                form.occurred_on.data,
                current_user,
                form.amount.data,
                form.note.data,
            )
        except ServiceError as exc:
            error = refused(exc)
        else:
            if claim.deferred:
                return _done(member, "Demande enregistrée ; le remboursement est différé.")
            return _done(member, "Demande enregistrée et parts remboursées.")
    return _page("register/reimbursement.html", form, member, error, confirm=None)


@bp.route("/registre/<int:member_id>/mouvements/<int:movement_id>/annuler", methods=["GET", "POST"])
@roles_required(*EDITORS)
def reverse(member_id, movement_id):
    session = get_session()
    member = load_member(member_id)
    movement = session.get(ShareMovement, movement_id)
    if movement is None or movement.member_id != member.id:
        abort(404)
    form, error = ReverseForm(), None
    if form.validate_on_submit():
        try:
            reverse_movement(session, movement, form.reason.data, current_user)
        except ServiceError as exc:
            error = refused(exc)
        else:
            return _done(member, "Mouvement annulé par une écriture de correction.")
    return _page("register/reverse.html", form, member, error, movement=movement)


@bp.route("/capital")
@roles_required(*EDITORS)
def capital():
    session = get_session()
    summary = capital_summary(session)
    return render_template(
        "register/capital.html",
        summary=summary,
        queue=reimbursement_queue(session, limit=QUEUE_SHOWN),
        queue_shown=QUEUE_SHOWN,
        warnings=capital_warnings(session, summary),
    )


@bp.route("/capital/file-d-attente", methods=["POST"])
@roles_required(*EDITORS)
def settle():
    ButtonForm()
    paid = pay_deferred(get_session(), today(), current_user)
    if paid:
        flash(f"{len(paid)} demande(s) remboursée(s), dans l'ordre des demandes.", "success")
    else:
        flash("Aucune demande ne peut être remboursée sans passer sous le plancher.", "warning")
    return redirect(url_for("register.capital"))
