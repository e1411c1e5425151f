"""The room: a show of hands entered by the secretary, per college."""

from sqlmodel import Session

from ..models import Resolution, RoomCount
from . import ServiceError
from .audit import record_audit
from .results import room_voters_left
from .voting import resolution_chain


def record_room_count(
    session: Session, resolution: Resolution, college_id, for_, against, abstain, actor
) -> RoomCount:
    """A show of hands for one college (a correction is a new entry; the last counts).
    Only the members present in the room who have not voted otherwise can be counted."""
    if resolution.status != "open":
        raise ServiceError("Le décompte en salle se saisit pendant que le vote est ouvert.")
    if resolution.secret:
        raise ServiceError("Un scrutin secret ne se vote pas à main levée.")
    if min(for_, against, abstain) < 0:
        raise ServiceError("Les nombres de voix ne peuvent pas être négatifs.")
    left = room_voters_left(session, resolution).get(college_id, 0)
    if for_ + against + abstain > left:
        raise ServiceError(
            f"{for_ + against + abstain} voix saisies pour ce collège, mais seulement {left} "
            "votant(s) présent(s) en salle n'ont pas déjà voté."
        )
    count = RoomCount(
        resolution_id=resolution.id,
        college_id=college_id,
        votes_for=for_,
        votes_against=against,
        abstentions=abstain,
        recorded_by_id=actor.id,
    )
    session.add(count)
    session.flush()
    payload = {"college": college_id, "for": for_, "against": against, "abstain": abstain}
    record_audit(
        session, actor, "vote.room_count", resolution, payload, chain=resolution_chain(resolution)
    )
    return count
