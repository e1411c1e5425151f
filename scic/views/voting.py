from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from ..auth import roles_required
from ..db import get_session
from ..forms.voting import BallotForm
from ..mail import send_email
from ..models import Meeting, Member, Resolution
from ..models.types import utcnow
from ..services import ServiceError, ballots, voting
from ..services.mandates import load_resolution
from ..services.mandates import mandates as mandates_of
from ..services.meetings import can_view, is_binding, postal_deadline
from ..services.results import (
    published_receipts,
    recount_file,
    tally_resolution,
)
from ..services.settings import get_cooperative
from .charts import college_chart

bp = Blueprint("voting", __name__, url_prefix="/votes")
STAFF = ("secretary", "board", "admin")


def _load(resolution_id: int, voter_id: int | None = None) -> tuple[Resolution, Meeting]:
    session = get_session()
    resolution, meeting = load_resolution(session, resolution_id, voter_id) or abort(404)
    if not can_view(current_user, meeting):
        abort(403)
    voting.refresh_resolution(session, resolution)  # a vote past its end closes here
    return resolution, meeting


def _me() -> Member | None:
    if not current_user.member_id:
        return None
    return get_session().get(Member, current_user.member_id)


@bp.route("/")
@login_required
def index():
    session = get_session()
    me = _me()
    open_ones = session.exec(
        select(Resolution).where(Resolution.status == "open").order_by(Resolution.id)
    ).all()
    for resolution in open_ones:
        voting.refresh_resolution(session, resolution)
    rows = []
    for resolution in open_ones:
        if resolution.status == "open":
            mine = mandates_of(session, resolution, me) if me else []
            if mine or current_user.has_role(*STAFF):
                rows.append((resolution, session.get(Meeting, resolution.meeting_id), mine))
    closed = session.exec(
        select(Resolution)
        .where(Resolution.status == "closed")
        .order_by(Resolution.closed_at.desc())
        .limit(10)
    ).all()
    closed = [r for r in closed if can_view(current_user, session.get(Meeting, r.meeting_id))]
    return render_template("voting/index.html", rows=rows, closed=closed)


@bp.route("/resolution/<int:resolution_id>", methods=["GET", "POST"])
@login_required
def ballot(resolution_id):
    session = get_session()
    casting = request.method == "POST"
    resolution, meeting = _load(resolution_id, current_user.member_id if casting else None)
    me = _me()
    form = BallotForm()
    if me is not None and form.validate_on_submit():
        principal = _principal(session, form.principal_id.data)
        try:
            cast = ballots.cast_ballot(
                session,
                resolution,
                me,
                form.choice.data,
                principal=principal,
                replaces=int(form.replaces.data or 0),
                actor=current_user,
            )
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            _confirm(resolution, me, principal, cast.receipt, form.email_receipt.data)
            return redirect(url_for("voting.ballot", resolution_id=resolution.id))
    mandates = mandates_of(session, resolution, me) if me else []
    cards = [_card(session, resolution, mandate) for mandate in mandates]
    return render_template(
        "voting/ballot.html",
        resolution=resolution,
        meeting=meeting,
        cards=cards,
        staff=current_user.has_role(*STAFF),
    )


def _principal(session, principal_id: str) -> Member | None:
    """The member a proxy holder votes for; cast_ballot checks the proxy itself."""
    if not principal_id:
        return None
    if not principal_id.isdigit():
        abort(400)
    return session.get(Member, int(principal_id)) or abort(404)


def _confirm(resolution, me, principal, receipt, by_email):
    on_behalf = f" pour {principal.display_name}" if principal else ""
    flash(f"Vote enregistré{on_behalf}. Reçu de vote : {receipt}", "success")
    if by_email and me.email:
        body = render_template(
            "email/ballot_receipt.txt",
            member=me,
            resolution=resolution,
            principal=principal,
            receipt=receipt,
            coop=get_cooperative(get_session()),
        )
        send_email(me.email, f"Reçu de vote : résolution n° {resolution.number}", body)


def _card(session, resolution, mandate):
    """What the ballot page shows for one mandate: the vote that counts, and a form."""
    current = None
    if resolution.secret:
        voted = ballots.has_voted(session, resolution, mandate.member.id)
    else:
        current = ballots.current_ballot(session, resolution, mandate.member.id)
        voted = current is not None
    form = BallotForm(
        None,
        data={
            "principal_id": mandate.member.id if mandate.via_proxy else "",
            "replaces": current.revision if current else 0,
            "choice": current.choice
            if current and current.choice in ("for", "against", "abstain")
            else None,
        },
    )
    return {"mandate": mandate, "current": current, "voted": voted, "form": form}


@bp.route("/resolution/<int:resolution_id>/ouvrir", methods=["POST"])
@roles_required(*STAFF)
def open_vote(resolution_id):
    resolution, _meeting = _load(resolution_id)
    try:
        voting.open_vote(get_session(), resolution, current_user)
    except ServiceError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Vote ouvert sur la résolution n° {resolution.number}.", "success")
    return redirect(url_for("voting.ballot", resolution_id=resolution.id))


@bp.route("/resolution/<int:resolution_id>/clore", methods=["GET", "POST"])
@roles_required(*STAFF)
def close_vote(resolution_id):
    resolution, meeting = _load(resolution_id)
    if request.method == "POST":
        try:
            voting.close_vote(get_session(), resolution, current_user)
        except ServiceError as exc:
            flash(str(exc), "error")
            return redirect(url_for("voting.room", resolution_id=resolution.id))
        flash(f"Vote clos sur la résolution n° {resolution.number}.", "success")
        return redirect(url_for("voting.result", resolution_id=resolution.id))
    return render_template("voting/close.html", resolution=resolution, meeting=meeting)


@bp.route("/resolution/<int:resolution_id>/resultat")
@login_required
def result(resolution_id):
    session = get_session()
    resolution, meeting = _load(resolution_id)
    if resolution.status != "closed":
        return render_template("voting/hidden.html", resolution=resolution, meeting=meeting), 403
    outcome = tally_resolution(session, resolution)
    return render_template(
        "voting/result.html",
        binding=is_binding(meeting, get_cooperative(session)),
        resolution=resolution,
        meeting=meeting,
        result=outcome,
        chart=college_chart(outcome),
        receipts=published_receipts(session, resolution),
    )


@bp.route("/resolution/<int:resolution_id>/recomptage.json")
@login_required
def recount(resolution_id):
    resolution, _meeting = _load(resolution_id)
    try:
        data = recount_file(get_session(), resolution)
    except ServiceError:
        abort(403)
    name = f"resolution-{resolution.meeting_id}-{resolution.number}.recount.json"
    return Response(
        data,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/reunion/<int:meeting_id>/correspondance", methods=["GET", "POST"])
@login_required
def postal(meeting_id):
    session = get_session()
    meeting = session.get(Meeting, meeting_id) or abort(404)
    me = _me()
    if me is None or not can_view(current_user, meeting):
        abort(403)
    resolutions = session.exec(
        select(Resolution).where(Resolution.meeting_id == meeting.id).order_by(Resolution.number)
    ).all()
    if request.method == "POST":
        choices = {r.id: request.form.get(f"choix-{r.id}") for r in resolutions}
        try:
            cast = ballots.cast_postal_votes(session, meeting, me, choices, current_user)
        except ServiceError as exc:
            session.rollback()
            flash(str(exc), "error")
        else:
            receipts = ", ".join(b.receipt for b in cast)
            flash(f"Vote par correspondance enregistré. Reçus : {receipts}", "success")
            return redirect(url_for("voting.postal", meeting_id=meeting.id))
    coop = get_cooperative(session)
    current = {r.id: ballots.current_ballot(session, r, me.id) for r in resolutions if not r.secret}
    signed = {r.id: ballots.has_voted(session, r, me.id) for r in resolutions if r.secret}
    return render_template(
        "voting/postal.html",
        meeting=meeting,
        resolutions=resolutions,
        current=current,
        signed=signed,
        deadline=postal_deadline(meeting, coop, electronic=True),
        coop=coop,
        now=utcnow(),
    )


from . import voting_room  # noqa: E402, F401  (the room's views, on this blueprint)
