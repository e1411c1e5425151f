"""Agenda, documents and resolutions of a meeting (board pages), and document downloads
(members)."""

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from ..auth import roles_required
from ..db import get_session
from ..forms import options
from ..forms.meetings import AgendaItemForm, DocumentForm, ResolutionForm, aware, naive
from ..models import AgendaItem, Document, Resolution
from ..services import ServiceError, documents, resolutions
from ..services import agenda as agenda_service
from ..services.meetings import MANAGERS
from .meetings import bp
from .meetings_context import load_meeting, managed_meeting, meeting_context

SUPPORT = {"yes": True, "no": False, "": None}


def _item_choices(items, empty="— Toute la réunion —"):
    return options([(0, empty)] + [(i.id, f"{i.position}. {i.title}") for i in items])


def _agenda_page(meeting, item_form=None, document_form=None):
    context = meeting_context(meeting)
    document_form = document_form or DocumentForm(None)
    document_form.agenda_item_id.choices = _item_choices(context["items"])
    return render_template(
        "meetings/agenda.html",
        item_form=item_form or AgendaItemForm(None),
        document_form=document_form,
        max_mb=documents.MAX_BYTES // (1024 * 1024),
        **context,
    )


@bp.route("/<int:meeting_id>/ordre-du-jour", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def agenda(meeting_id):
    meeting = managed_meeting(meeting_id)
    form = AgendaItemForm()
    if form.validate_on_submit():
        try:
            agenda_service.add_item(get_session(), meeting, current_user, **_item_values(form))
        except ServiceError as exc:
            form.title.errors = [str(exc)]
        else:
            flash(f"Point « {form.title.data} » ajouté.", "success")
            return redirect(url_for("meetings.agenda", meeting_id=meeting.id) + "#ordre-du-jour")
    return _agenda_page(meeting, item_form=form)


def _item_values(form):
    return {name: form[name].data for name in agenda_service.ITEM_FIELDS}


def _item(meeting, item_id) -> AgendaItem:
    item = get_session().get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


@bp.route("/<int:meeting_id>/ordre-du-jour/<int:item_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def edit_item(meeting_id, item_id):
    meeting = managed_meeting(meeting_id)
    item = _item(meeting, item_id)
    form = AgendaItemForm(obj=item)
    if form.validate_on_submit():
        try:
            agenda_service.update_item(get_session(), item, current_user, **_item_values(form))
        except ServiceError as exc:
            form.title.errors = [str(exc)]
        else:
            flash("Point de l'ordre du jour mis à jour.", "success")
            return redirect(url_for("meetings.agenda", meeting_id=meeting.id))
    return render_template("meetings/item_form.html", form=form, meeting=meeting, item=item)


@bp.route("/<int:meeting_id>/ordre-du-jour/<int:item_id>/deplacer", methods=["POST"])
@roles_required(*MANAGERS)
def move_item(meeting_id, item_id):
    meeting = managed_meeting(meeting_id)
    item = _item(meeting, item_id)
    offset = -1 if request.form.get("sens") == "monter" else 1
    try:
        agenda_service.move_item(get_session(), item, current_user, offset)
    except ServiceError as exc:
        flash(str(exc), "error")
    return redirect(url_for("meetings.agenda", meeting_id=meeting.id) + f"#point-{item.id}")


@bp.route("/<int:meeting_id>/ordre-du-jour/ordre", methods=["POST"])
@roles_required(*MANAGERS)
def reorder(meeting_id):
    meeting = managed_meeting(meeting_id)
    raw = request.form.get("ordre", "")
    ids = [int(part) for part in raw.split(",") if part.strip().isdigit()]
    try:
        agenda_service.reorder_items(get_session(), meeting, current_user, ids)
    except ServiceError as exc:
        if request.accept_mimetypes.best == "application/json":
            return {"error": str(exc)}, 409
        flash(str(exc), "error")
    if request.accept_mimetypes.best == "application/json":
        return {"ok": True}
    return redirect(url_for("meetings.agenda", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/ordre-du-jour/<int:item_id>/supprimer", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def delete_item(meeting_id, item_id):
    meeting = managed_meeting(meeting_id)
    item = _item(meeting, item_id)
    if request.method == "POST":
        try:
            agenda_service.delete_item(get_session(), item, current_user)
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash(f"Point « {item.title} » supprimé.", "success")
        return redirect(url_for("meetings.agenda", meeting_id=meeting.id))
    return render_template("meetings/confirm.html", meeting=meeting, action="item", item=item)


# -- documents -----------------------------------------------------------------------------


@bp.route("/<int:meeting_id>/documents", methods=["POST"])
@roles_required(*MANAGERS)
def upload(meeting_id):
    session = get_session()
    meeting = managed_meeting(meeting_id)
    form = DocumentForm()
    form.agenda_item_id.choices = _item_choices(agenda_service.agenda_items(session, meeting))
    upload = request.files.get("file")
    if form.validate_on_submit():
        try:
            item = agenda_service.item_of(session, meeting, form.agenda_item_id.data)
            data = upload.read(documents.MAX_BYTES + 1) if upload else b""
            name = upload.filename if upload else ""
            doc = documents.attach_document(session, meeting, current_user, name, data, item)
        except ServiceError as exc:
            form.file.errors = [str(exc)]
        else:
            flash(f"Document « {doc.filename} » joint.", "success")
            return redirect(url_for("meetings.agenda", meeting_id=meeting.id) + "#documents")
    return _agenda_page(meeting, document_form=form), 422


@bp.route("/documents/<int:document_id>")
@login_required
def download(document_id):
    document = get_session().get(Document, document_id)
    if document is None or document.meeting_id is None:
        abort(404)
    load_meeting(document.meeting_id)  # 404 unless the user may see the meeting
    response = send_file(
        io.BytesIO(document.data),
        mimetype=document.content_type,
        as_attachment=True,
        download_name=document.filename,
        etag=document.sha256,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/documents/<int:document_id>/supprimer", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def delete_document(document_id):
    session = get_session()
    document = session.get(Document, document_id)
    meeting = managed_meeting(document.meeting_id if document else 0)
    if request.method == "POST":
        try:
            documents.delete_document(session, document, current_user)
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash(f"Document « {document.filename} » supprimé.", "success")
        return redirect(url_for("meetings.agenda", meeting_id=meeting.id) + "#documents")
    return render_template(
        "meetings/confirm.html", meeting=meeting, action="document", document=document
    )


# -- resolutions ---------------------------------------------------------------------------


def _resolution_form(meeting, resolution=None):
    data = None
    if resolution is not None:
        data = resolution.model_dump() | {
            "board_supports": {True: "yes", False: "no", None: ""}[resolution.board_supports],
            "vote_opens_at": naive(resolution.vote_opens_at),
            "vote_closes_at": naive(resolution.vote_closes_at),
            "agenda_item_id": resolution.agenda_item_id or 0,
        }
    form = ResolutionForm(data=data) if data and request.method == "GET" else ResolutionForm()
    if data is None and request.method == "GET" and meeting.kind == "AGE":
        form.kind.data = "extraordinary"
    items = agenda_service.agenda_items(get_session(), meeting)
    form.agenda_item_id.choices = _item_choices(items, "— Aucun point particulier —")
    return form


def _resolution_values(form):
    return {
        "title": form.title.data,
        "text": form.text.data,
        "kind": form.kind.data,
        "matter": form.matter.data,
        "board_supports": SUPPORT.get(form.board_supports.data),
        "secret": form.secret.data,
        "vote_opens_at": aware(form.vote_opens_at.data),
        "vote_closes_at": aware(form.vote_closes_at.data),
        "agenda_item_id": form.agenda_item_id.data or None,
    }


@bp.route("/<int:meeting_id>/resolutions/nouvelle", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def new_resolution(meeting_id):
    meeting = managed_meeting(meeting_id)
    form = _resolution_form(meeting)
    if form.validate_on_submit():
        try:
            values = _resolution_values(form)
            res = resolutions.create_resolution(get_session(), meeting, current_user, **values)
        except ServiceError as exc:
            form.matter.errors = [str(exc)]
        else:
            flash(f"Résolution n° {res.number} ajoutée.", "success")
            return redirect(url_for("meetings.agenda", meeting_id=meeting.id) + "#resolutions")
    return render_template(
        "meetings/resolution_form.html", form=form, meeting=meeting, resolution=None
    )


def _resolution(meeting, resolution_id) -> Resolution:
    resolution = get_session().get(Resolution, resolution_id)
    if resolution is None or resolution.meeting_id != meeting.id:
        abort(404)
    return resolution


@bp.route("/<int:meeting_id>/resolutions/<int:resolution_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def edit_resolution(meeting_id, resolution_id):
    meeting = managed_meeting(meeting_id)
    resolution = _resolution(meeting, resolution_id)
    form = _resolution_form(meeting, resolution)
    if form.validate_on_submit():
        try:
            values = _resolution_values(form)
            resolutions.update_resolution(get_session(), resolution, current_user, **values)
        except ServiceError as exc:
            form.matter.errors = [str(exc)]
        else:
            flash(f"Résolution n° {resolution.number} mise à jour.", "success")
            return redirect(url_for("meetings.agenda", meeting_id=meeting.id) + "#resolutions")
    return render_template(
        "meetings/resolution_form.html", form=form, meeting=meeting, resolution=resolution
    )


@bp.route("/<int:meeting_id>/resolutions/<int:resolution_id>/supprimer", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def delete_resolution(meeting_id, resolution_id):
    meeting = managed_meeting(meeting_id)
    resolution = _resolution(meeting, resolution_id)
    if request.method == "POST":
        try:
            resolutions.delete_resolution(get_session(), resolution, current_user)
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash(f"Résolution « {resolution.title} » supprimée.", "success")
        return redirect(url_for("meetings.agenda", meeting_id=meeting.id) + "#resolutions")
    return render_template(
        "meetings/confirm.html", meeting=meeting, action="resolution", resolution=resolution
    )
