"""Proposals: members submit and support them; the board comments, accepts or declines."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlmodel import col, select

from ..auth import roles_required
from ..db import get_session
from ..forms import options
from ..forms.meetings import AcceptForm, CommentForm, DeclineForm, ProposalForm
from ..models import Meeting, Member, Proposal, User
from ..models.types import utcnow
from ..services import ServiceError, proposals
from ..services.meetings import MANAGERS, PARIS, can_manage
from . import paginate
from .meetings import bp
from .meetings_context import current_member

TABS = {"": "Toutes", "submitted": "En attente", "accepted": "Retenues", "declined": "Non retenues"}


def _meeting_label(meeting: Meeting) -> str:
    local = meeting.starts_at.astimezone(PARIS)
    suffix = " (en préparation)" if meeting.status == "draft" else ""
    return f"{meeting.title} — {local:%d/%m/%Y %H:%M}{suffix}"


@bp.route("/propositions/")
@login_required
def proposals_index():
    session = get_session()
    mine = request.args.get("miennes") == "1"
    status = request.args.get("statut", "")
    status = status if status in TABS else ""
    manager = can_manage(current_user)
    author_id = current_user.member_id if mine else None
    if mine and not author_id:
        abort(404)
    query, count = proposals.proposals_query(status or None, author_id)
    if not manager and not mine:  # declined proposals are shown to their author only
        query = query.where(Proposal.status != "declined")
        count = count.where(Proposal.status != "declined")
    pager = paginate(session, query, count)
    ids = [p.id for p in pager["rows"]]
    authors = {p.author_id for p in pager["rows"]}
    return render_template(
        "meetings/proposals.html",
        pager=pager,
        mine=mine,
        status=status,
        tabs=TABS,
        supports=proposals.support_counts(session, ids),
        authors={m.id: m for m in session.exec(_members(authors))},
        labels=proposals.STATUS_LABELS,
    )


def _members(ids):
    return select(Member).where(col(Member.id).in_(ids))


@bp.route("/propositions/nouvelle", methods=["GET", "POST"])
@login_required
def new_proposal():
    session = get_session()
    member = current_member() or abort(403)
    form = ProposalForm()
    choices = [(0, "La prochaine réunion utile (au choix du conseil)")]
    choices += [(m.id, _meeting_label(m)) for m in proposals.open_meetings(session)]
    form.meeting_id.choices = options(choices)
    if form.validate_on_submit():
        meeting = session.get(Meeting, form.meeting_id.data) if form.meeting_id.data else None
        try:
            proposal = proposals.submit_proposal(
                session, member, current_user, form.title.data, form.body.data, meeting
            )
        except ServiceError as exc:
            form.title.errors = [str(exc)]
        else:
            flash(
                "Proposition envoyée au conseil. Les autres sociétaires peuvent la soutenir.",
                "success",
            )
            return redirect(url_for("meetings.proposal", proposal_id=proposal.id))
    return render_template("meetings/proposal_form.html", form=form)


def _visible_proposal(proposal_id) -> Proposal:
    proposal = get_session().get(Proposal, proposal_id) or abort(404)
    own = proposal.author_id == current_user.member_id
    if proposal.status == "declined" and not own and not can_manage(current_user):
        abort(404)
    return proposal


@bp.route("/propositions/<int:proposal_id>")
@login_required
def proposal(proposal_id):
    session = get_session()
    proposal = _visible_proposal(proposal_id)
    manager = can_manage(current_user)
    context = {
        "proposal": proposal,
        "author": session.get(Member, proposal.author_id),
        "meeting": session.get(Meeting, proposal.meeting_id) if proposal.meeting_id else None,
        "support_count": len(proposals.supporters(session, proposal)),
        "supported": current_user.member_id in proposals.supporters(session, proposal),
        "labels": proposals.STATUS_LABELS,
        "manager": manager,
    }
    if manager:
        context |= _board_context(session, proposal)
    return render_template("meetings/proposal.html", **context)


def _board_context(session, proposal, accept_form=None, decline_form=None, comment_form=None):
    comments = proposals.comments(session, proposal)
    ids = {c.author_id for c in comments if c.author_id}
    accept_form = accept_form or AcceptForm(None)
    accept_form.meeting_id.choices = _draft_choices(session)
    return {
        "comments": comments,
        "commenters": {u.id: u for u in (session.get(User, i) for i in ids) if u},
        "accept_form": accept_form,
        "decline_form": decline_form or DeclineForm(None),
        "comment_form": comment_form or CommentForm(None),
    }


def _draft_choices(session):
    drafts = session.exec(
        select(Meeting)
        .where(Meeting.status == "draft", Meeting.starts_at > utcnow())
        .order_by(Meeting.starts_at)
    )
    return options((m.id, _meeting_label(m)) for m in drafts)


def _rerender(proposal, **forms):
    session = get_session()
    return render_template(
        "meetings/proposal.html",
        proposal=proposal,
        author=session.get(Member, proposal.author_id),
        meeting=session.get(Meeting, proposal.meeting_id) if proposal.meeting_id else None,
        support_count=len(proposals.supporters(session, proposal)),
        supported=False,
        labels=proposals.STATUS_LABELS,
        manager=True,
        **_board_context(session, proposal, **forms),
    ), 422


@bp.route("/propositions/<int:proposal_id>/soutien", methods=["POST"])
@login_required
def support(proposal_id):
    session = get_session()
    proposal = _visible_proposal(proposal_id)
    member = current_member() or abort(403)
    try:
        if request.form.get("retirer"):
            proposals.withdraw_support(session, proposal, member)
            flash("Soutien retiré.", "info")
        else:
            proposals.support_proposal(session, proposal, member)
            flash("Merci : votre soutien est compté.", "success")
    except ServiceError as exc:
        flash(str(exc), "error")
    return redirect(url_for("meetings.proposal", proposal_id=proposal.id))


@bp.route("/propositions/<int:proposal_id>/commentaire", methods=["POST"])
@roles_required(*MANAGERS)
def comment(proposal_id):
    proposal = _visible_proposal(proposal_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _rerender(proposal, comment_form=form)
    proposals.comment_proposal(get_session(), proposal, current_user, form.body.data)
    flash("Commentaire ajouté.", "success")
    return redirect(url_for("meetings.proposal", proposal_id=proposal.id) + "#commentaires")


@bp.route("/propositions/<int:proposal_id>/retenir", methods=["POST"])
@roles_required(*MANAGERS)
def accept(proposal_id):
    session = get_session()
    proposal = _visible_proposal(proposal_id)
    form = AcceptForm()
    form.meeting_id.choices = _draft_choices(session)
    if form.validate_on_submit():
        meeting = session.get(Meeting, form.meeting_id.data)
        try:
            proposals.accept_proposal(
                session,
                proposal,
                current_user,
                meeting,
                as_resolution=form.as_resolution.data,
                kind=form.kind.data,
                matter=form.matter.data,
            )
        except ServiceError as exc:
            form.meeting_id.errors = [str(exc)]
        else:
            flash("Proposition retenue et inscrite à l'ordre du jour.", "success")
            return redirect(url_for("meetings.agenda", meeting_id=meeting.id))
    return _rerender(proposal, accept_form=form)


@bp.route("/propositions/<int:proposal_id>/refuser", methods=["POST"])
@roles_required(*MANAGERS)
def decline(proposal_id):
    proposal = _visible_proposal(proposal_id)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            proposals.decline_proposal(get_session(), proposal, current_user, form.reason.data)
        except ServiceError as exc:
            form.reason.errors = [str(exc)]
        else:
            flash("Proposition non retenue : son auteur voit le motif.", "success")
            return redirect(url_for("meetings.proposals_index", statut="submitted"))
    return _rerender(proposal, decline_form=form)
