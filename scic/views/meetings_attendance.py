"""Proxies (the member's page, the staff's list and paper proxies), the secretary's
check-in screen and the live quorum gauge."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlmodel import col, select

from ..auth import roles_required
from ..db import get_session
from ..forms.meetings import PaperProxyForm, ProxyForm
from ..models import Member, Proxy, RollEntry
from ..services import ServiceError, attendance, proxies
from ..services.bureau import find_member_by_label
from ..services.meetings import STAFF, proxy_cap
from ..services.roll import roll_size
from ..services.settings import get_cooperative
from . import paginate
from .meetings import bp
from .meetings_context import current_member, load_meeting, managed_meeting, member_context

CHECK_IN_PER_PAGE = 30
PICKER_LIMIT = 2000  # names offered in the picker; beyond, the member number is typed


def _candidates(meeting):
    """Members on the roll, for the holder picker."""
    return get_session().exec(
        select(Member)
        .join(RollEntry, RollEntry.member_id == Member.id)
        .where(RollEntry.meeting_id == meeting.id)
        .order_by(Member.last_name, Member.first_name)
        .limit(PICKER_LIMIT)
    )


def _holder(form) -> Member | None:
    """The named holder, or None for a blank proxy; a ServiceError if not found."""
    if form.kind.data == "blank":
        return None
    holder = find_member_by_label(get_session(), form.holder.data)
    if holder is None:
        raise ServiceError("Mandataire introuvable : choisissez un nom dans la liste.")
    return holder


@bp.route("/<int:meeting_id>/pouvoir", methods=["GET", "POST"])
@login_required
def proxy(meeting_id):
    session = get_session()
    meeting = load_meeting(meeting_id)
    member = current_member() or abort(404)
    coop = get_cooperative(session)
    form = ProxyForm()
    if form.validate_on_submit():
        try:
            proxies.give_proxy(session, meeting, coop, member, _holder(form), current_user)
        except ServiceError as exc:
            form.holder.errors = [str(exc)]
        else:
            flash("Votre pouvoir est enregistré.", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template(
        "meetings/proxy.html",
        form=form,
        meeting=meeting,
        cap=proxy_cap(meeting, coop),
        candidates=_candidates(meeting),
        **member_context(meeting),
    ), (422 if form.errors else 200)


@bp.route("/pouvoirs/<int:proxy_id>/retirer", methods=["GET", "POST"])
@login_required
def withdraw(proxy_id):
    session = get_session()
    proxy = session.get(Proxy, proxy_id) or abort(404)
    meeting = load_meeting(proxy.meeting_id)
    staff = current_user.has_role(*STAFF)
    if proxy.principal_id != current_user.member_id and not staff:
        abort(404)  # another member's proxy is none of your business
    if request.method == "POST":
        try:
            proxies.withdraw_proxy(session, proxy, current_user)
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash("Le pouvoir est retiré.", "success")
        if staff and proxy.principal_id != current_user.member_id:
            return redirect(url_for("meetings.proxy_list", meeting_id=meeting.id))
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    holder = session.get(Member, proxy.holder_id) if proxy.holder_id else None
    principal = session.get(Member, proxy.principal_id)
    return render_template(
        "meetings/confirm.html",
        meeting=meeting,
        action="proxy",
        proxy=proxy,
        holder=holder,
        principal=principal,
    )


@bp.route("/<int:meeting_id>/pouvoirs", methods=["GET", "POST"])
@roles_required(*STAFF)
def proxy_list(meeting_id):
    session = get_session()
    meeting = managed_meeting(meeting_id, roles=STAFF)
    coop = get_cooperative(session)
    form = PaperProxyForm()
    if form.validate_on_submit():
        try:
            principal = find_member_by_label(session, form.principal.data)
            if principal is None:
                raise ServiceError("Associé représenté introuvable : choisissez dans la liste.")
            holder = _holder(form)
            proxies.give_proxy(
                session, meeting, coop, principal, holder, current_user, online=False
            )
        except ServiceError as exc:
            form.principal.errors = [str(exc)]
        else:
            flash(f"Pouvoir de {principal.display_name} enregistré.", "success")
            return redirect(url_for("meetings.proxy_list", meeting_id=meeting.id))
    return render_template(
        "meetings/proxies.html",
        meeting=meeting,
        form=form,
        rows=proxies.meeting_proxies(session, meeting),
        cap=proxy_cap(meeting, coop),
        candidates=_candidates(meeting),
    )


# -- check-in ------------------------------------------------------------------------------


@bp.route("/<int:meeting_id>/emargement")
@roles_required(*STAFF)
def check_in(meeting_id):
    session = get_session()
    meeting = managed_meeting(meeting_id, roles=STAFF)
    search = request.args.get("q", "").strip()[:100]
    query, count = attendance.check_in_query(meeting, search)
    pager = paginate(session, query, count, per_page=CHECK_IN_PER_PAGE)
    ids = [member.id for member, _mode in pager["rows"]]
    given = {p.principal_id: p for p in _active_proxies(session, meeting, ids)}
    return render_template(
        "meetings/checkin.html",
        pager=pager,
        search=search,
        given=given,
        modes=attendance.CHECK_IN_MODES,
        **_quorum_context(meeting),
    )


def _active_proxies(session, meeting, ids):
    return session.exec(
        select(Proxy).where(
            Proxy.meeting_id == meeting.id,
            col(Proxy.principal_id).in_(ids),
            col(Proxy.withdrawn_at).is_(None),
        )
    ).all()


def _quorum_context(meeting) -> dict:
    session = get_session()
    coop = get_cooperative(session)
    return {
        "meeting": meeting,
        "lines": attendance.quorum_status(session, meeting, coop),
        "count": attendance.headcount(session, meeting),
        "coop": coop,
        "roll_total": roll_size(session, meeting),
    }


@bp.route("/<int:meeting_id>/emargement/<int:member_id>", methods=["POST"])
@roles_required(*STAFF)
def record_attendance(meeting_id, member_id):
    session = get_session()
    meeting = managed_meeting(meeting_id, roles=STAFF)
    member = session.get(Member, member_id) or abort(404)
    mode = request.form.get("mode", "")
    try:
        _row, withdrawn = attendance.check_in(session, meeting, member, mode, current_user)
    except ServiceError as exc:
        message, category = str(exc), "error"
    else:
        label = attendance.CHECK_IN_MODES[mode].lower()
        message, category = f"{member.display_name} : {label}.", "success"
        if withdrawn is not None:
            message += " Son pouvoir non utilisé est retiré : il vote lui-même."
    if request.accept_mimetypes.best == "application/json":
        gauge = render_template("meetings/_quorum.html", **_quorum_context(meeting))
        status = 200 if category == "success" else 409
        return {"message": message, "mode": mode, "gauge": gauge}, status
    flash(message, category)
    back = url_for("meetings.check_in", meeting_id=meeting.id, q=request.form.get("q") or None)
    return redirect(back + f"#associe-{member.id}")


@bp.route("/<int:meeting_id>/quorum")
@roles_required(*STAFF)
def quorum(meeting_id):
    meeting = managed_meeting(meeting_id, roles=STAFF)
    return render_template("meetings/_quorum.html", **_quorum_context(meeting))
