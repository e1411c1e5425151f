"""Every board page renders, and the remaining board actions: bureau, planning, session,
second convocation, paper proxies."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from scic.models import Meeting, MeetingOfficer, Member, Proxy
from scic.models.types import utcnow
from scic.services.documents import attach_document

from ..conftest import csrf_from, login


def submit(client, url, data, form_url=None):
    token = csrf_from(client, form_url or url)
    return client.post(url, data={"csrf_token": token, **data})


@pytest.fixture
def board(client, factory):
    factory.cooperative(name="Casaco")
    chair = factory.member(first_name="Aurélien", last_name="Denaes")
    user = factory.user("member", "board", member=chair)
    login(client, user.email)
    return user


def test_every_page_of_a_meeting_renders_for_the_board(client, db, factory, board):
    meeting = factory.meeting(kind="AGM")
    item = factory.agenda_item(meeting)
    resolution = factory.resolution(meeting, kind="extraordinary", matter="statutes")
    doc = attach_document(db, meeting, None, "statuts.pdf", b"%PDF-1.4\n")
    convened = factory.meeting(status="draft")
    factory.agenda_item(convened)
    factory.member(convocation_by_email=False)
    factory.roll(convened)
    db.commit()
    base = f"/reunions/{meeting.id}"
    pages = [
        "/reunions/",
        "/reunions/?passees=1",
        "/reunions/calendrier",
        "/reunions/nouvelle",
        "/reunions/planification",
        "/reunions/mon-calendrier",
        "/reunions/propositions/",
        "/reunions/propositions/nouvelle",
        base,
        f"{base}/modifier",
        f"{base}/supprimer",
        f"{base}/bureau",
        f"{base}/ordre-du-jour",
        f"{base}/ordre-du-jour/{item.id}",
        f"{base}/ordre-du-jour/{item.id}/supprimer",
        f"{base}/resolutions/nouvelle",
        f"{base}/resolutions/{resolution.id}",
        f"{base}/resolutions/{resolution.id}/supprimer",
        f"/reunions/documents/{doc.id}/supprimer",
        f"{base}/convocation",
        f"{base}/invitation.ics",
        f"/reunions/{convened.id}",
        f"/reunions/{convened.id}/modifier",
        f"/reunions/{convened.id}/convocation",
        f"/reunions/{convened.id}/convocation/courriers",
        f"/reunions/{convened.id}/pouvoirs",
        f"/reunions/{convened.id}/emargement",
        f"/reunions/{convened.id}/quorum",
        f"/reunions/{convened.id}/deuxieme-convocation",
        f"/reunions/{convened.id}/pouvoir",
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_the_bureau_is_chosen_among_members_with_a_free_secretary(client, db, factory, board):
    meeting = factory.meeting()
    teller = factory.member(first_name="Inès", last_name="Diallo")
    chair = db.get(Member, board.member_id)
    url = f"/reunions/{meeting.id}/bureau"
    assert f"Aurélien Denaes (n° {chair.number})" in client.get(url).get_data(as_text=True)
    data = {
        "chair": f"Aurélien Denaes (n° {chair.number})",
        "secretary": "Maître Durand (extérieur)",
        "scrutateur_1": f"Inès Diallo (n° {teller.number})",
        "scrutateur_2": "",
    }
    assert submit(client, url, data).status_code == 302
    rows = db.exec(select(MeetingOfficer.role, MeetingOfficer.member_id, MeetingOfficer.name)).all()
    assert sorted(rows) == sorted(
        [
            ("chair", board.member_id, "Aurélien Denaes"),
            ("secretary", None, "Maître Durand (extérieur)"),
            ("scrutateur", teller.id, "Inès Diallo"),
        ]
    )
    response = submit(client, url, data | {"scrutateur_2": "Quelqu'un d'inconnu"})
    assert "n&#39;est pas un associé" in response.get_data(as_text=True)


def test_planning_creates_the_monthly_drafts(client, db, board):
    data = {
        "ordinal": "1",
        "weekday": "1",
        "start_time": "19:00",
        "duration_minutes": "120",
        "place": "Casaco",
        "video_url": "",
        "months_ahead": "3",
    }
    response = submit(client, "/reunions/planification", data)
    assert response.status_code == 302
    drafts = db.exec(select(Meeting).where(Meeting.kind == "MONTHLY")).all()
    assert 2 <= len(drafts) <= 3  # this month's first Tuesday may be past already
    assert all(m.starts_at.astimezone(UTC).weekday() == 1 for m in drafts)
    page = client.get("/reunions/planification").get_data(as_text=True)
    assert "le premier mardi du mois à 19:00" in page


def test_session_opens_then_the_failed_quorum_prepares_the_second_convocation(
    client, db, factory, board
):
    meeting = factory.meeting(kind="AGO", starts_at=utcnow() + timedelta(minutes=30))
    factory.agenda_item(meeting, title="Comptes")
    for _ in range(9):
        factory.member()
    factory.roll(meeting)
    show = f"/reunions/{meeting.id}"
    assert submit(client, f"{show}/ouvrir", {}, form_url=show).status_code == 302
    page = client.get(show).get_data(as_text=True)
    assert "En séance" in page and "préparer la 2e convocation" in page
    starts = (datetime.now(UTC) + timedelta(days=12)).strftime("%Y-%m-%dT18:30")
    response = submit(client, f"{show}/deuxieme-convocation", {"starts_at": starts})
    assert response.status_code == 302
    db.expire_all()
    second = db.exec(select(Meeting).where(Meeting.first_convocation_id == meeting.id)).one()
    assert db.get(Meeting, meeting.id).status == "closed"
    page = client.get(f"/reunions/{second.id}").get_data(as_text=True)
    assert "sur deuxième convocation" in page and "Comptes" in page


def test_the_secretary_records_a_paper_proxy(client, db, factory, board):
    meeting = factory.meeting(kind="AGO", starts_at=utcnow() - timedelta(minutes=5))
    principal = factory.member(first_name="Karim", last_name="Haddad")
    factory.roll(meeting, status="in_session")
    url = f"/reunions/{meeting.id}/pouvoirs"
    data = {"principal": str(principal.number), "kind": "blank", "holder": ""}
    assert submit(client, url, data).status_code == 302
    assert db.exec(select(Proxy.principal_id)).all() == [principal.id]
    page = client.get(url).get_data(as_text=True)
    assert "Karim Haddad" in page and "En blanc (président)" in page
