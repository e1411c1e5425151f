from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..db import get_session
from ..models import Member
from ..services.dashboard import board_home, member_home

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def home():
    session = get_session()
    mine = None
    if current_user.member_id:
        mine = member_home(session, session.get(Member, current_user.member_id))
    overview = None
    if current_user.has_role("board", "secretary", "admin"):
        overview = board_home(session)
    return render_template("main/home.html", mine=mine, overview=overview)
