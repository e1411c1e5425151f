"""The secretary's room screen: a show of hands per college, and named votes."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlmodel import select

from ..auth import roles_required
from ..db import get_session
from ..forms.voting import NamedVoteForm, RoomCountForm
from ..models import Member
from ..services import ServiceError, ballots
from ..services.results import meeting_colleges, room_counts, room_voters_left
from ..services.room import record_room_count
from .voting import STAFF, _load, bp


@bp.route("/resolution/<int:resolution_id>/salle", methods=["GET", "POST"])
@roles_required(*STAFF)
def room(resolution_id):
    session = get_session()
    resolution, meeting = _load(resolution_id)
    colleges = [college for college, _engine in meeting_colleges(session, meeting)] or [None]
    form = RoomCountForm()
    if form.validate_on_submit():
        college_id = int(form.college_id.data) if form.college_id.data else None
        try:
            record_room_count(
                session,
                resolution,
                college_id,
                form.votes_for.data,
                form.votes_against.data,
                form.abstentions.data,
                current_user,
            )
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash("Décompte à main levée enregistré.", "success")
            return redirect(url_for("voting.room", resolution_id=resolution.id))
    counts = {c.college_id: c for c in room_counts(session, resolution)}
    return render_template(
        "voting/room.html",
        resolution=resolution,
        meeting=meeting,
        colleges=colleges,
        counts=counts,
        left=room_voters_left(session, resolution),
        named=NamedVoteForm(None),
    )


@bp.route("/resolution/<int:resolution_id>/salle/nominatif", methods=["POST"])
@roles_required(*STAFF)
def named_vote(resolution_id):
    session = get_session()
    resolution, _meeting = _load(resolution_id)
    form = NamedVoteForm()
    if form.validate_on_submit():
        member = session.exec(
            select(Member).where(Member.number == form.member_number.data)
        ).first()
        try:
            if member is None:
                raise ServiceError(f"Aucun associé ne porte le numéro {form.member_number.data}.")
            ballots.cast_ballot(
                session,
                resolution,
                member,
                form.choice.data,
                channel="room",
                replaces=ballots.latest_revision(session, resolution, member.id),
                actor=current_user,
            )
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            flash(f"Vote de {member.display_name} enregistré.", "success")
    else:
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("voting.room", resolution_id=resolution.id))
