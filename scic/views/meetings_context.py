"""Loading a meeting for a view, with the access rules, and what its page shows."""

from flask import abort
from flask_login import current_user

from ..db import get_session
from ..models import Meeting, Member
from ..services import meetings
from ..services.agenda import agenda_items, total_duration
from ..services.attendance import quorum_status
from ..services.bureau import officers
from ..services.convocation import convocation_deadline, convocation_summary
from ..services.documents import meeting_documents
from ..services.proxies import active_proxy, proxies_held
from ..services.resolutions import MATTER_LABELS, majority_label, meeting_resolutions
from ..services.roll import roll_entry, roll_size
from ..services.settings import get_cooperative


def load_meeting(meeting_id: int) -> Meeting:
    """The meeting, or 404 when it does not exist or the user may not see it."""
    meeting = get_session().get(Meeting, meeting_id)
    if meeting is None or not meetings.can_view(current_user, meeting):
        abort(404)
    return meeting


def managed_meeting(meeting_id: int, roles=meetings.MANAGERS) -> Meeting:
    """For the staff pages (the role was checked by the decorator)."""
    if not current_user.has_role(*roles):
        abort(403)
    return get_session().get(Meeting, meeting_id) or abort(404)


def current_member() -> Member | None:
    if not current_user.member_id:
        return None
    return get_session().get(Member, current_user.member_id)


def member_context(meeting: Meeting) -> dict:
    """What the signed-in member sees of their own participation."""
    session = get_session()
    member = current_member()
    if member is None or meeting.roll_frozen_at is None:
        return {"member": member, "on_roll": False, "my_proxy": None, "held": []}
    proxy = active_proxy(session, meeting, member.id)
    holder = session.get(Member, proxy.holder_id) if proxy and proxy.holder_id else None
    return {
        "member": member,
        "on_roll": roll_entry(session, meeting, member.id) is not None,
        "my_proxy": proxy,
        "my_holder": holder,
        "held": proxies_held(session, meeting, member.id),
    }


def meeting_context(meeting: Meeting) -> dict:
    session = get_session()
    coop = get_cooperative(session)
    items = agenda_items(session, meeting)
    documents = meeting_documents(session, meeting)
    resolutions = meeting_resolutions(session, meeting)
    staff = meetings.can_check_in(current_user)
    frozen = meeting.roll_frozen_at is not None
    return {
        "meeting": meeting,
        "coop": coop,
        "items": items,
        "duration": total_duration(items),
        "documents": documents,
        "loose_documents": [d for d in documents if d.agenda_item_id is None],
        "resolutions": resolutions,
        "majorities": {r.id: majority_label(r, coop) for r in resolutions},
        "matters": MATTER_LABELS,
        "officers": officers(session, meeting),
        "summary": convocation_summary(session, meeting) if frozen else None,
        "deadline": convocation_deadline(meeting, coop),
        "delay_days": meetings.required_delay_days(meeting, coop),
        "binding": meetings.is_binding(meeting, coop),
        "quorum": quorum_status(session, meeting, coop) if frozen and staff else [],
        "roll_size": roll_size(session, meeting) if frozen else 0,
        "can_manage": meetings.can_manage(current_user),
        "can_check_in": staff,
        "first": session.get(Meeting, meeting.first_convocation_id)
        if meeting.first_convocation_id
        else None,
        **member_context(meeting),
    }
