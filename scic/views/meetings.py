"""Meetings: list and calendar, the meeting page, creating and editing, the bureau,
the session's life cycle, monthly planning and the calendar feeds. The agenda,
convocation, attendance and proposals pages live in the meetings_* modules."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlmodel import col, func, select

from ..auth import roles_required
from ..db import get_session
from ..forms.meetings import (
    BureauForm,
    MeetingForm,
    SecondConvocationForm,
    VideoLinkForm,
    aware,
    naive,
)
from ..models import Meeting, Member
from ..models.types import utcnow
from ..services import ServiceError, meetings
from ..services.agenda import render_markdown
from ..services.attendance import prepare_second_convocation, quorum_status
from ..services.bureau import officers, set_bureau
from ..services.settings import get_cooperative
from . import paginate
from .meetings_context import load_meeting, managed_meeting, meeting_context

bp = Blueprint("meetings", __name__, url_prefix="/reunions")
MANAGERS = meetings.MANAGERS
PICKER_LIMIT = 2000  # names offered in a picker; beyond, the member number is typed


@bp.app_template_filter("markdown")
def markdown_filter(text):
    return render_markdown(text)


@bp.record_once
def meeting_labels(state):
    """Labels as Jinja globals, so that imported macros and e-mails see them too."""
    state.app.jinja_env.globals.update(
        meeting_kinds=meetings.KIND_LABELS, meeting_statuses=meetings.STATUS_LABELS
    )


@bp.route("/")
@login_required
def index():
    session = get_session()
    past = request.args.get("passees") == "1"
    query = meetings.visible_meetings(current_user)
    now = utcnow()
    if past:
        query = query.where(Meeting.starts_at < now).order_by(col(Meeting.starts_at).desc())
    else:
        query = query.where(Meeting.starts_at >= now).order_by(Meeting.starts_at)
    count = query.with_only_columns(func.count(col(Meeting.id))).order_by(None)
    pager = paginate(session, query, count)
    return render_template(
        "meetings/list.html", pager=pager, past=past, can_manage=meetings.can_manage(current_user)
    )


@bp.route("/<int:meeting_id>")
@login_required
def show(meeting_id):
    meeting = load_meeting(meeting_id)
    return render_template("meetings/show.html", **meeting_context(meeting))


def _meeting_values(form: MeetingForm) -> dict:
    return {
        "kind": form.kind.data,
        "title": form.title.data or "",
        "starts_at": aware(form.starts_at.data),
        "ends_at": aware(form.ends_at.data),
        "place": (form.place.data or "").strip(),
        "video_url": (form.video_url.data or "").strip(),
        "convocation_rank": form.convocation_rank.data,
    }


@bp.route("/nouvelle", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def create():
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            meeting = meetings.create_meeting(get_session(), current_user, **_meeting_values(form))
        except ServiceError as exc:
            form.starts_at.errors = [str(exc)]
        else:
            flash("Réunion créée en brouillon : préparez son ordre du jour.", "success")
            return redirect(url_for("meetings.agenda", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, meeting=None)


@bp.route("/<int:meeting_id>/modifier", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def edit(meeting_id):
    meeting = managed_meeting(meeting_id)
    if meeting.status == "draft":
        data = meeting.model_dump() | {
            "starts_at": naive(meeting.starts_at),
            "ends_at": naive(meeting.ends_at),
        }
        form = MeetingForm(data=data) if request.method == "GET" else MeetingForm()
    else:
        form = VideoLinkForm(obj=meeting) if request.method == "GET" else VideoLinkForm()
    if form.validate_on_submit():
        if meeting.status == "draft":
            values = _meeting_values(form)
        else:
            values = {"video_url": (form.video_url.data or "").strip()}
        try:
            meetings.update_meeting(get_session(), meeting, current_user, **values)
        except ServiceError as exc:
            target = form.starts_at if meeting.status == "draft" else form.video_url
            target.errors = [str(exc)]
        else:
            flash("Réunion mise à jour.", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, meeting=meeting)


@bp.route("/<int:meeting_id>/supprimer", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def delete(meeting_id):
    meeting = managed_meeting(meeting_id)
    if request.method == "POST":
        try:
            meetings.delete_meeting(get_session(), meeting, current_user)
        except ServiceError as exc:
            flash(str(exc), "error")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
        flash(f"Brouillon « {meeting.title} » supprimé.", "success")
        return redirect(url_for("meetings.index"))
    return render_template("meetings/confirm.html", meeting=meeting, action="delete")


@bp.route("/<int:meeting_id>/bureau", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def bureau(meeting_id):
    session = get_session()
    meeting = managed_meeting(meeting_id)
    form = BureauForm(data=_bureau_data(session, meeting))
    if form.validate_on_submit():
        scrutateurs = [form.scrutateur_1.data, form.scrutateur_2.data]
        try:
            set_bureau(
                session, meeting, current_user, form.chair.data, form.secretary.data, scrutateurs
            )
        except ServiceError as exc:
            form.chair.errors = [str(exc)]
        else:
            flash("Bureau de la réunion enregistré.", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    members = session.exec(
        select(Member)
        .where(Member.status == "admitted")
        .order_by(Member.last_name, Member.first_name)
        .limit(PICKER_LIMIT)
    )
    return render_template("meetings/bureau.html", form=form, meeting=meeting, members=members)


def _bureau_data(session, meeting) -> dict:
    """The current bureau as the pickers write it: « Nom (n° 12) »."""
    current = officers(session, meeting)
    scrutateurs = current["scrutateur"] + [None, None]
    return {
        "chair": _label(session, current["chair"][:1] or [None]),
        "secretary": _label(session, current["secretary"][:1] or [None]),
        "scrutateur_1": _label(session, scrutateurs[:1]),
        "scrutateur_2": _label(session, scrutateurs[1:2]),
    }


def _label(session, rows) -> str:
    officer = rows[0]
    if officer is None:
        return ""
    member = session.get(Member, officer.member_id) if officer.member_id else None
    return f"{member.display_name} (n° {member.number})" if member else officer.name


@bp.route("/<int:meeting_id>/ouvrir", methods=["POST"])
@roles_required("board", "admin", "secretary")
def open_meeting(meeting_id):
    meeting = managed_meeting(meeting_id, roles=meetings.STAFF)
    try:
        meetings.open_session(get_session(), meeting, current_user)
    except ServiceError as exc:
        flash(str(exc), "error")
    else:
        flash("La séance est ouverte.", "success")
    return redirect(url_for("meetings.check_in", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/clore", methods=["GET", "POST"])
@roles_required("board", "admin", "secretary")
def close(meeting_id):
    meeting = managed_meeting(meeting_id, roles=meetings.STAFF)
    if request.method == "POST":
        try:
            meetings.close_meeting(get_session(), meeting, current_user)
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash("La séance est close.", "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/confirm.html", meeting=meeting, action="close")


@bp.route("/<int:meeting_id>/deuxieme-convocation", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def second_convocation(meeting_id):
    session = get_session()
    meeting, coop = managed_meeting(meeting_id), get_cooperative(session)
    form = SecondConvocationForm()
    if form.validate_on_submit():
        try:
            second = prepare_second_convocation(
                session, meeting, coop, current_user, aware(form.starts_at.data)
            )
        except ServiceError as exc:
            form.starts_at.errors = [str(exc)]
        else:
            flash("Deuxième convocation préparée : vérifiez-la puis envoyez-la.", "success")
            return redirect(url_for("meetings.show", meeting_id=second.id))
    lines = quorum_status(session, meeting, coop) if meeting.roll_frozen_at else []
    return render_template("meetings/second.html", form=form, meeting=meeting, lines=lines)


from . import (  # noqa: E402 - the other pages of this blueprint register on ``bp``
    meetings_agenda,  # noqa: F401
    meetings_attendance,  # noqa: F401
    meetings_convocation,  # noqa: F401
    meetings_planning,  # noqa: F401
    meetings_proposals,  # noqa: F401
)
