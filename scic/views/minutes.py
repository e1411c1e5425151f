"""The register of minutes and each meeting's minutes: debates, draft, finalisation,
rectifying entries, and the paper documents of a convened general meeting."""

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlmodel import col, func, select

from ..auth import roles_required
from ..db import get_session
from ..forms.minutes import FinaliseForm, RectifyForm, debates_form, summaries
from ..models import Meeting, MinutesEntry, User
from ..services import ServiceError
from ..services.agenda import agenda_items
from ..services.meetings import STAFF, can_manage
from ..services.minutes_debates import write_debates
from ..services.minutes_paper import LOT_SIZE, lot_count, paper_batch, paper_count, paper_problems
from ..services.minutes_register import (
    can_finalise,
    can_read,
    can_write,
    entry_pdf,
    finalisation_problems,
    finalise_minutes,
    meeting_entries,
    render_draft,
    verify_register,
    visible_entries,
)
from . import paginate
from .meetings_context import load_meeting

bp = Blueprint("minutes", __name__, url_prefix="/proces-verbaux")
FILE_NAMES = {
    "proces_verbal": "proces-verbal",
    "compte_rendu": "compte-rendu",
    "board_minutes": "pv-conseil",
}


def _pdf(data: bytes, filename: str, etag: str | None = None):
    response = send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=filename,
        etag=etag or False,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/")
@login_required
def index():
    session = get_session()
    query = visible_entries(current_user)
    count = select(func.count()).select_from(query.order_by(None).subquery())
    pager = paginate(session, query, count)
    ids = {entry.finalised_by_id for entry, _ in pager["rows"] if entry.finalised_by_id}
    users = dict(
        session.exec(select(User.id, User.display_name).where(col(User.id).in_(ids))).all()
    )
    numbers = dict(session.exec(select(MinutesEntry.id, MinutesEntry.number)).all())
    return render_template(
        "minutes_pages/register.html",
        pager=pager,
        users=users,
        numbers=numbers,
        can_verify=current_user.has_role(*STAFF),
    )


@bp.route("/verifier", methods=["POST"])
@roles_required(*STAFF)
def verify():
    report = verify_register(get_session())
    if report.problem:
        problem = report.problem
        flash(f"Registre altéré à l'entrée n° {problem.number} : {problem.reason}.", "error")
    elif report.checked:
        flash(
            f"Registre intact : {report.checked} entrée(s), pages 1 à {report.last_page}, "
            "chaque fichier conforme à son empreinte.",
            "success",
        )
    else:
        flash("Le registre est vide : rien à vérifier.", "info")
    return redirect(url_for("minutes.index"))


@bp.route("/<int:number>.pdf")
@login_required
def download(number):
    session = get_session()
    entry = session.exec(select(MinutesEntry).where(MinutesEntry.number == number)).first()
    if entry is None:
        abort(404)
    if not can_read(current_user, session.get(Meeting, entry.meeting_id)):
        abort(404)
    name = f"{FILE_NAMES.get(entry.kind, 'registre')}-{entry.number:04d}.pdf"
    return _pdf(entry_pdf(session, entry), name, entry.sha256)


@bp.route("/reunion/<int:meeting_id>")
@login_required
def meeting(meeting_id):
    session = get_session()
    meeting = load_meeting(meeting_id)
    entries = meeting_entries(session, meeting)
    context = {
        "meeting": meeting,
        "entries": entries,
        "numbers": {entry.id: entry.number for entry in entries},
        "staff": can_write(current_user),
        "may_finalise": can_finalise(session, current_user, meeting),
        "problems": finalisation_problems(session, meeting),
    }
    if context["staff"]:
        context |= {
            "items": agenda_items(session, meeting),
            "paper_problems": paper_problems(session, meeting),
            "letters": paper_count(session, meeting),
            "lots": lot_count(session, meeting),
            "lot_size": LOT_SIZE,
            "can_manage": can_manage(current_user),
        }
    return render_template("minutes_pages/meeting.html", **context)


def _staff_meeting(meeting_id: int) -> Meeting:
    meeting = load_meeting(meeting_id)
    if not can_write(current_user):
        abort(403)
    return meeting


@bp.route("/reunion/<int:meeting_id>/debats", methods=["GET", "POST"])
@roles_required(*STAFF)
def debates(meeting_id):
    session = get_session()
    meeting = _staff_meeting(meeting_id)
    items = agenda_items(session, meeting)
    form = debates_form(items)
    if form.validate_on_submit():
        try:
            changed = write_debates(session, meeting, current_user, summaries(form, items))
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash(f"Résumés des débats enregistrés ({changed} point(s) modifié(s)).", "success")
            return redirect(url_for("minutes.meeting", meeting_id=meeting.id))
    has_entry = bool(meeting_entries(session, meeting))
    return render_template(
        "minutes_pages/debates.html", meeting=meeting, form=form, items=items, has_entry=has_entry
    )


@bp.route("/reunion/<int:meeting_id>/projet.pdf")
@login_required
def draft(meeting_id):
    """The staff, and the chair who is to finalise them, read the draft minutes."""
    meeting = load_meeting(meeting_id)
    if not (can_write(current_user) or can_finalise(get_session(), current_user, meeting)):
        abort(403)
    try:
        document, pdf = render_draft(get_session(), meeting)
    except ServiceError as exc:
        flash(str(exc), "error")
        return redirect(url_for("minutes.meeting", meeting_id=meeting.id))
    return _pdf(pdf, f"projet-{FILE_NAMES[document.kind]}-reunion-{meeting.id}.pdf")


def _chair_meeting(meeting_id: int) -> Meeting:
    meeting = load_meeting(meeting_id)
    if not can_finalise(get_session(), current_user, meeting):
        abort(403)
    return meeting


@bp.route("/reunion/<int:meeting_id>/finaliser", methods=["GET", "POST"])
@login_required
def finalise(meeting_id):
    session = get_session()
    meeting = _chair_meeting(meeting_id)
    form = FinaliseForm()
    if form.validate_on_submit():
        try:
            entry = finalise_minutes(session, meeting, current_user)
        except ServiceError as exc:
            form.confirm.errors = [str(exc)]
        else:
            last = entry.first_page + entry.page_count - 1
            flash(
                f"Procès-verbal inscrit au registre : entrée n° {entry.number}, "
                f"pages {entry.first_page} à {last}.",
                "success",
            )
            return redirect(url_for("minutes.meeting", meeting_id=meeting.id))
    status = 422 if form.errors else 200
    return render_template(
        "minutes_pages/finalise.html",
        meeting=meeting,
        form=form,
        problems=finalisation_problems(session, meeting),
        entries=meeting_entries(session, meeting),
    ), status


@bp.route("/reunion/<int:meeting_id>/rectifier", methods=["GET", "POST"])
@login_required
def rectify(meeting_id):
    session = get_session()
    meeting = _chair_meeting(meeting_id)
    entries = meeting_entries(session, meeting)
    if not entries:
        flash("Aucune entrée du registre à rectifier pour cette réunion.", "warning")
        return redirect(url_for("minutes.meeting", meeting_id=meeting.id))
    form = RectifyForm()
    form.set_entries(entries)
    if form.validate_on_submit():
        target = next(e for e in entries if e.id == form.entry_id.data)
        try:
            entry = finalise_minutes(session, meeting, current_user, target, form.reason.data)
        except ServiceError as exc:
            form.reason.errors = [str(exc)]
        else:
            flash(
                f"Entrée rectificative n° {entry.number} inscrite au registre ; l'entrée "
                f"n° {target.number} demeure inchangée.",
                "success",
            )
            return redirect(url_for("minutes.meeting", meeting_id=meeting.id))
    status = 422 if form.errors else 200
    return render_template(
        "minutes_pages/rectify.html",
        meeting=meeting,
        form=form,
        problems=finalisation_problems(session, meeting),
    ), status


@bp.route("/reunion/<int:meeting_id>/courriers.pdf")
@roles_required(*STAFF)
def paper(meeting_id):
    meeting = _staff_meeting(meeting_id)
    lot = request.args.get("lot", "1")
    try:
        batch = paper_batch(get_session(), meeting, int(lot) if lot.isdigit() else 0)
    except ServiceError as exc:
        flash(str(exc), "error")
        return redirect(url_for("minutes.meeting", meeting_id=meeting.id))
    suffix = f"-lot-{batch.lot}" if batch.lots > 1 else ""
    return _pdf(batch.pdf, f"courriers-reunion-{meeting.id}{suffix}.pdf")
