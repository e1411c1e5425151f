"""The register's PDF documents, and « Mon espace »: a member's own shares, college and
contact details, which they update themselves."""

from datetime import date

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..forms.register import ContactForm
from ..models import Member
from ..pdf import render_pdf
from ..services import ServiceError
from ..services.capital import today
from ..services.register import member_record
from ..services.register_documents import REGISTER_PDF_MAX, certificate, register_entries
from ..services.register_identity import update_contact
from ..services.register_search import RegisterFilters, register_queries
from ..services.settings import get_cooperative
from .register import READERS, bp, load_member, refused


def _pdf(template: str, filename: str, **context) -> Response:
    html = render_template(template, cooperative=get_cooperative(get_session()), **context)
    return Response(
        render_pdf(html, current_app.static_folder),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@bp.route("/registre/registre.pdf")
@login_required
def register_pdf():
    if not current_user.has_role(*READERS):
        abort(403)
    session = get_session()
    filters = RegisterFilters.from_args(request.args)
    query, count = register_queries(filters)
    total = session.exec(count).one()
    if total > REGISTER_PDF_MAX:
        flash(
            f"La sélection compte {total} associés : un PDF en contient au plus "
            f"{REGISTER_PDF_MAX}. Imprimez le registre par tranches de numéros (du … au …), "
            "affinez les filtres ou utilisez l'export CSV.",
            "error",
        )
        return redirect(url_for("register.index", **filters.as_args()))
    entries = register_entries(session, session.exec(query).all())
    name = f"registre-des-associes-{today().isoformat()}.pdf"
    return _pdf("documents/register.html", name, entries=entries, filters=filters, on=today())


def _certificate_date() -> date | None:
    raw = request.args.get("date") or ""
    try:
        return date.fromisoformat(raw) if raw else today()
    except ValueError:
        return None


def _certificate(member: Member, back: str) -> Response:
    on = _certificate_date()
    try:
        if on is None:
            raise ServiceError("Date invalide : choisissez une date dans le calendrier.")
        data = certificate(get_session(), member, on)
    except ServiceError as exc:
        flash(str(exc), "error")
        return redirect(back)
    name = f"attestation-parts-{member.number}-{on.isoformat()}.pdf"
    return _pdf("documents/certificate.html", name, cert=data, issued=today())


@bp.route("/registre/<int:member_id>/attestation.pdf")
@login_required
def certificate_pdf(member_id):
    member = load_member(member_id)
    if not (current_user.has_role(*READERS) or current_user.member_id == member.id):
        abort(403)
    return _certificate(member, url_for("register.show", member_id=member.id))


def _own_member() -> Member:
    if not current_user.member_id:
        abort(403)
    return load_member(current_user.member_id)


@bp.route("/mon-espace", methods=["GET", "POST"])
@login_required
def my_space():
    session = get_session()
    member = _own_member()
    form, error = ContactForm(obj=member), None
    if form.validate_on_submit():
        try:
            update_contact(session, member, form.data, current_user)
        except ServiceError as exc:
            error = refused(exc)
        else:
            flash("Vos coordonnées sont enregistrées.", "success")
            return redirect(url_for("register.my_space"))
    return render_template(
        "register/my_space.html",
        record=member_record(session, member),
        form=form,
        error=error,
        today=today(),
        can_edit=False,
    )


@bp.route("/mon-espace/attestation.pdf")
@login_required
def my_certificate():
    return _certificate(_own_member(), url_for("register.my_space"))
