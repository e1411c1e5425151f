"""Proposals: a sociétaire proposes a subject for a coming monthly meeting, others
support it (once each), the board comments, then turns it into an agenda item or a
resolution, or declines it with a reason its author sees."""

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from ..models import Meeting, Member, Proposal, ProposalComment, ProposalSupport
from ..models.types import utcnow
from . import ServiceError
from .agenda import add_item
from .audit import record_audit
from .resolutions import create_resolution

STATUS_LABELS = {"submitted": "En attente", "accepted": "Retenue", "declined": "Non retenue"}
MIN_REASON = 10


def open_meetings(session: Session) -> list[Meeting]:
    """Coming monthly meetings a proposal can target (drafts included: they are planned)."""
    return list(
        session.exec(
            select(Meeting)
            .where(Meeting.kind == "MONTHLY", Meeting.status.in_(("draft", "convened")))
            .where(Meeting.starts_at > utcnow())
            .order_by(Meeting.starts_at)
        )
    )


def submit_proposal(
    session: Session, author: Member, actor, title: str, body: str, meeting: Meeting | None
) -> Proposal:
    if not author.has_voting_rights:
        raise ServiceError("Seuls les associés admis peuvent faire une proposition.")
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise ServiceError("Une proposition a un titre et un texte.")
    if meeting is not None and meeting.id not in {m.id for m in open_meetings(session)}:
        raise ServiceError("Cette réunion n'accepte plus de propositions.")
    proposal = Proposal(
        author_id=author.id, meeting_id=meeting.id if meeting else None, title=title, body=body
    )
    session.add(proposal)
    session.flush()
    record_audit(session, actor, "proposal.submit", proposal, {"title": title})
    return proposal


def support_proposal(session: Session, proposal: Proposal, member: Member) -> ProposalSupport:
    """One support per member; the author's own proposal needs none."""
    if proposal.status != "submitted":
        raise ServiceError("Cette proposition a déjà été examinée par le conseil.")
    if proposal.author_id == member.id:
        raise ServiceError("Vous êtes l'auteur de cette proposition.")
    if not member.has_voting_rights:
        raise ServiceError("Seuls les associés admis peuvent soutenir une proposition.")
    support = ProposalSupport(proposal_id=proposal.id, member_id=member.id)
    try:
        with session.begin_nested():
            session.add(support)
    except IntegrityError:
        raise ServiceError("Vous soutenez déjà cette proposition.") from None
    return support


def withdraw_support(session: Session, proposal: Proposal, member: Member) -> None:
    support = session.exec(
        select(ProposalSupport).where(
            ProposalSupport.proposal_id == proposal.id, ProposalSupport.member_id == member.id
        )
    ).first()
    if support is None:
        raise ServiceError("Vous ne soutenez pas cette proposition.")
    if proposal.status != "submitted":
        raise ServiceError("Cette proposition a déjà été examinée par le conseil.")
    session.delete(support)
    session.flush()


def supporters(session: Session, proposal: Proposal) -> set[int]:
    query = select(ProposalSupport.member_id).where(ProposalSupport.proposal_id == proposal.id)
    return set(session.exec(query))


def support_counts(session: Session, ids: list[int]) -> dict[int, int]:
    rows = session.exec(
        select(ProposalSupport.proposal_id, func.count())
        .where(col(ProposalSupport.proposal_id).in_(ids))
        .group_by(col(ProposalSupport.proposal_id))
    )
    return dict(rows.all())


def comment_proposal(session: Session, proposal: Proposal, actor, body: str) -> ProposalComment:
    body = (body or "").strip()
    if not body:
        raise ServiceError("Le commentaire est vide.")
    comment = ProposalComment(proposal_id=proposal.id, author_id=actor.id, body=body)
    session.add(comment)
    session.flush()
    return comment


def comments(session: Session, proposal: Proposal) -> list[ProposalComment]:
    query = select(ProposalComment).where(ProposalComment.proposal_id == proposal.id)
    return list(session.exec(query.order_by(ProposalComment.created_at, ProposalComment.id)))


def _decide(session, proposal, actor, status, **fields):
    if proposal.status != "submitted":
        raise ServiceError("Cette proposition a déjà été examinée.")
    proposal.status, proposal.decided_at, proposal.decided_by_id = status, utcnow(), actor.id
    for name, value in fields.items():
        setattr(proposal, name, value)
    session.add(proposal)
    session.flush()
    record_audit(session, actor, f"proposal.{status}", proposal, fields)
    return proposal


def accept_proposal(
    session: Session,
    proposal: Proposal,
    actor,
    meeting: Meeting,
    as_resolution: bool = False,
    kind: str = "ordinary",
    matter: str = "general",
) -> Proposal:
    """Put the proposal on ``meeting``'s agenda; as a resolution too when asked."""
    author = session.get(Member, proposal.author_id)
    item = add_item(
        session,
        meeting,
        actor,
        title=proposal.title,
        description=proposal.body,
        presenter=author.display_name,
        duration_minutes=None,
    )
    resolution = None
    if as_resolution:
        resolution = create_resolution(
            session,
            meeting,
            actor,
            title=proposal.title,
            text=proposal.body,
            kind=kind,
            matter=matter,
            board_supports=None,
            secret=False,
            agenda_item_id=item.id,
        )
    return _decide(
        session,
        proposal,
        actor,
        "accepted",
        meeting_id=meeting.id,
        agenda_item_id=item.id,
        resolution_id=resolution.id if resolution else None,
    )


def decline_proposal(session: Session, proposal: Proposal, actor, reason: str) -> Proposal:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ServiceError("Expliquez à l'auteur pourquoi la proposition n'est pas retenue.")
    return _decide(session, proposal, actor, "declined", decline_reason=reason[:1000])


def proposals_query(status: str | None = None, author_id: int | None = None):
    """Proposals, newest first; ``status`` and ``author_id`` filter when given."""
    query = select(Proposal)
    if status:
        query = query.where(Proposal.status == status)
    if author_id:
        query = query.where(Proposal.author_id == author_id)
    count = query.with_only_columns(func.count(col(Proposal.id)))
    return query.order_by(col(Proposal.created_at).desc(), col(Proposal.id).desc()), count
