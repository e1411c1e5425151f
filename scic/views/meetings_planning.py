"""The calendar view and the monthly planning of the sociétaires meetings."""

from datetime import date, time

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth import roles_required
from ..db import get_session
from ..forms.meetings import RecurrenceForm
from ..models import Meeting
from ..models.types import utcnow
from ..services import ServiceError, meetings
from ..services.planning import (
    get_recurrence,
    month_bounds,
    month_grid,
    month_title,
    plan_monthly_meetings,
    recurrence_label,
    set_recurrence,
)
from .meetings import bp


@bp.route("/calendrier")
@login_required
def calendar_view():
    year, month = _month_argument(request.args.get("mois", ""))
    start, end = month_bounds(year, month)
    query = meetings.visible_meetings(current_user).where(
        Meeting.starts_at >= start, Meeting.starts_at < end
    )
    weeks = month_grid(year, month, list(get_session().exec(query)))
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return render_template(
        "meetings/calendar.html",
        weeks=weeks,
        title=month_title(year, month),
        previous=f"{previous[0]:04d}-{previous[1]:02d}",
        following=f"{following[0]:04d}-{following[1]:02d}",
        today=date.today(),
    )


def _month_argument(text: str) -> tuple[int, int]:
    today = date.today()
    try:
        year, month = (int(part) for part in text.split("-"))
        date(year, month, 1)
    except ValueError:
        return today.year, today.month
    return year, month


@bp.route("/planification", methods=["GET", "POST"])
@roles_required(*meetings.MANAGERS)
def planning():
    session = get_session()
    rule = get_recurrence(session)
    data = rule.model_dump() if rule else {"ordinal": 1, "weekday": 1, "start_minute": 19 * 60}
    data["start_time"] = time(*divmod(data.get("start_minute", 19 * 60), 60))
    form = RecurrenceForm(data=data)
    if form.validate_on_submit():
        values = {name: form[name].data for name in ("ordinal", "weekday", "duration_minutes")}
        values |= {"place": form.place.data or "", "video_url": form.video_url.data or ""}
        values["months_ahead"] = form.months_ahead.data
        values["start_minute"] = form.start_time.data.hour * 60 + form.start_time.data.minute
        try:
            rule = set_recurrence(session, current_user, **values)
            created = plan_monthly_meetings(session, current_user)
        except ServiceError as exc:
            form.ordinal.errors = [str(exc)]
        else:
            flash(_planned_message(rule, created), "success")
            return redirect(url_for("meetings.planning"))
    upcoming = meetings.visible_meetings(current_user).where(
        Meeting.kind == "MONTHLY", Meeting.starts_at >= utcnow()
    )
    return render_template(
        "meetings/planning.html",
        form=form,
        rule=rule,
        rule_label=recurrence_label(rule) if rule else None,
        upcoming=list(session.exec(upcoming.order_by(Meeting.starts_at).limit(12))),
    )


def _planned_message(rule, created) -> str:
    label = recurrence_label(rule)
    if not created:
        return f"Règle enregistrée ({label}) : les mois à venir sont déjà planifiés."
    return f"Règle enregistrée ({label}). Brouillons créés : {len(created)}."
