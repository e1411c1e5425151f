"""Convocation: preview, sending (resumable, in batches), postal letters, and calendars
(the invitation file and each member's private feed)."""

from datetime import datetime, time
from urllib.parse import urlparse

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlmodel import func, select

from ..auth import roles_required
from ..db import get_session
from ..forms.meetings import ConveneForm, LettersPostedForm
from ..models import Meeting, Member, User
from ..services import ServiceError, convocation, ics
from ..services.meetings import MANAGERS, PARIS, postal_deadline
from ..services.settings import get_cooperative
from . import paginate
from .meetings import bp
from .meetings_context import current_member, load_meeting, managed_meeting, meeting_context

LETTERS_PER_PAGE = 100
EMAIL_KEYS = ("meeting", "coop", "items", "resolutions", "majorities", "matters", "officers")


def _host() -> str:
    return urlparse(url_for("main.home", _external=True)).hostname or "localhost"


def _meeting_url(meeting: Meeting) -> str:
    return url_for("meetings.show", meeting_id=meeting.id, _external=True)


def _email_context(meeting: Meeting) -> dict:
    """What every convocation of ``meeting`` shares (computed once per batch)."""
    context = {k: v for k, v in meeting_context(meeting).items() if k in EMAIL_KEYS}
    coop = context["coop"]
    deadline = postal_deadline(meeting, coop, electronic=True)
    return context | {
        "meeting_url": _meeting_url(meeting),
        "proxy_url": url_for("meetings.proxy", meeting_id=meeting.id, _external=True),
        "postal_deadline": deadline if coop.postal_votes_allowed else None,
        "subject": convocation.subject_line(meeting, coop),
    }


def convocation_body(context: dict, member: Member | None) -> str:
    return render_template("email/convocation.txt", recipient=member, **context)


def _composer(meeting: Meeting):
    sender = current_app.config["MAIL_SENDER"]
    host, url = _host(), _meeting_url(meeting)
    context = _email_context(meeting)

    def compose(member: Member):
        body = convocation_body(context, member)
        invitation = ics.invitation_ics(get_session(), meeting, member, url, host, sender)
        return context["subject"], body, [("invitation.ics", "text/calendar", invitation)]

    return compose


def _status_page(meeting, form=None):
    session = get_session()
    coop = get_cooperative(session)
    problems = convocation.readiness_problems(session, meeting) if meeting.status == "draft" else []
    preview = convocation_body(_email_context(meeting), None)
    return render_template(
        "meetings/convocation.html",
        meeting=meeting,
        form=form or ConveneForm(None),
        posted_form=LettersPostedForm(None, posted_on=datetime.now(PARIS).date()),
        problems=problems,
        late=convocation.is_late(meeting, coop, datetime.now(PARIS)),
        deadline=convocation.convocation_deadline(meeting, coop),
        preview=preview,
        subject=convocation.subject_line(meeting, coop),
        summary=convocation.convocation_summary(session, meeting),
        pending=convocation.pending_count(session, meeting),
        failures=convocation.failures(session, meeting),
        delay_days=convocation.required_delay_days(meeting, coop),
    )


@bp.route("/<int:meeting_id>/convocation", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def convocation_page(meeting_id):
    session = get_session()
    meeting = managed_meeting(meeting_id)
    form = ConveneForm()
    if form.validate_on_submit():
        try:
            convocation.convene_meeting(
                session,
                meeting,
                get_cooperative(session),
                current_user,
                override_reason=form.override_reason.data,
            )
        except ServiceError as exc:
            form.override_reason.errors = [str(exc)]
            return _status_page(meeting, form), 422
        session.commit()  # the roll is frozen and the deliveries planned before any e-mail
        return _send_batch(meeting)
    return _status_page(meeting, form)


def _send_batch(meeting):
    session = get_session()
    report = convocation.send_convocations(
        session, meeting, _composer(meeting), checkpoint=session.commit
    )
    message = f"Convocations envoyées par e-mail : {report.sent}."
    if report.failed:
        message += f" Échecs : {report.failed} (voir la liste)."
    if report.remaining:
        message += f" Restent à envoyer : {report.remaining} ; poursuivez l'envoi."
    flash(message, "warning" if report.failed or report.remaining else "success")
    return redirect(url_for("meetings.convocation_page", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/convocation/envoyer", methods=["POST"])
@roles_required(*MANAGERS)
def send_more(meeting_id):
    meeting = managed_meeting(meeting_id)
    try:
        return _send_batch(meeting)
    except ServiceError as exc:
        flash(str(exc), "error")
        return redirect(url_for("meetings.convocation_page", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/convocation/reessayer", methods=["POST"])
@roles_required(*MANAGERS)
def retry(meeting_id):
    meeting = managed_meeting(meeting_id)
    count = convocation.retry_failures(get_session(), meeting, current_user)
    flash(f"Envois remis dans la file : {count}.", "info")
    return redirect(url_for("meetings.convocation_page", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/convocation/courriers")
@roles_required(*MANAGERS)
def letters(meeting_id):
    session = get_session()
    meeting = managed_meeting(meeting_id)
    query = convocation.letters_query(meeting)
    count = select(func.count()).select_from(query.order_by(None).subquery())
    pager = paginate(session, query, count, per_page=LETTERS_PER_PAGE)
    context = _email_context(meeting)
    bodies = {member.id: convocation_body(context, member) for member, _ in pager["rows"]}
    return render_template("meetings/letters.html", meeting=meeting, pager=pager, bodies=bodies)


@bp.route("/<int:meeting_id>/convocation/courriers/postes", methods=["POST"])
@roles_required(*MANAGERS)
def letters_posted(meeting_id):
    meeting = managed_meeting(meeting_id)
    form = LettersPostedForm()
    if not form.validate_on_submit():
        flash("Indiquez la date de dépôt des courriers.", "error")
        return redirect(url_for("meetings.convocation_page", meeting_id=meeting.id))
    posted_at = datetime.combine(form.posted_on.data, time(12), PARIS)
    try:
        count = convocation.mark_letters_posted(get_session(), meeting, current_user, posted_at)
    except ServiceError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Courriers notés comme postés : {count}.", "success")
    return redirect(url_for("meetings.convocation_page", meeting_id=meeting.id))


# -- calendars ------------------------------------------------------------------------------


def _ics_response(data: bytes, filename: str) -> Response:
    return Response(
        data,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/<int:meeting_id>/invitation.ics")
@login_required
def invitation(meeting_id):
    meeting = load_meeting(meeting_id)
    member = current_member()
    data = ics.member_feed(get_session(), [meeting], _meeting_url, _host())
    if member is not None and member.email:
        sender = current_app.config["MAIL_SENDER"]
        data = ics.invitation_ics(
            get_session(), meeting, member, _meeting_url(meeting), _host(), sender
        )
    return _ics_response(data, f"reunion-{meeting.id}.ics")


@bp.route("/mon-calendrier", methods=["GET", "POST"])
@login_required
def my_calendar():
    session = get_session()
    member = current_member() or abort(404)
    if request.method == "POST":
        ics.reset_calendar_token(session, member, current_user)
        flash("Nouvelle adresse créée : l'ancienne ne fonctionne plus.", "success")
        return redirect(url_for("meetings.my_calendar"))
    token = ics.calendar_token(session, member)
    url = url_for("meetings.feed", token=token, _external=True)
    return render_template("meetings/my_calendar.html", feed_url=url)


@bp.route("/calendrier/<token>.ics")
def feed(token):
    session = get_session()
    member = ics.member_for_token(session, token) or abort(404)
    user = session.exec(select(User).where(User.member_id == member.id)).first()
    include_board = bool(user and user.has_role("board", "admin", "secretary"))
    meetings = ics.feed_meetings(session, member, include_board)
    return _ics_response(ics.member_feed(session, meetings, _meeting_url, _host()), "reunions.ics")
