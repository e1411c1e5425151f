"""The sociétaire's pages: meetings, proxy, proposals, calendar feed; and check-in."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlmodel import select

from scic.models import Attendance, Proposal, Proxy
from scic.models.types import utcnow

from ..conftest import csrf_from, login


def submit(client, url, data, form_url=None):
    token = csrf_from(client, form_url or url)
    return client.post(url, data={"csrf_token": token, **data})


@pytest.fixture
def convened(factory):
    factory.cooperative(proxy_cap=1)
    me = factory.user("member")
    holder = factory.member(first_name="Léa", last_name="Garnier")
    others = [factory.member(last_name=f"Autre{i}") for i in range(3)]
    meeting = factory.meeting(kind="MONTHLY", title="Réunion d'avril")
    factory.agenda_item(meeting, title="Ateliers de printemps", description="**Vélo** et couture")
    factory.roll(meeting)
    return meeting, me, holder, others


def test_the_member_gives_and_withdraws_a_proxy(client, db, convened):
    meeting, me, holder, _ = convened
    login(client, me.email)
    page = client.get(f"/reunions/{meeting.id}").get_data(as_text=True)
    assert "Ateliers de printemps" in page and "<strong>Vélo</strong>" in page
    assert "Donner un pouvoir" in page
    url = f"/reunions/{meeting.id}/pouvoir"
    label = f"{holder.display_name} (n° {holder.number})"
    assert label in client.get(url).get_data(as_text=True)  # offered by the picker
    response = submit(client, url, {"kind": "named", "holder": label})
    assert response.status_code == 302
    page = client.get(f"/reunions/{meeting.id}").get_data(as_text=True)
    assert "Vous avez donné votre pouvoir" in page and "Léa Garnier" in page
    proxy = db.exec(select(Proxy)).one()
    withdraw = f"/reunions/pouvoirs/{proxy.id}/retirer"
    assert "Retirer le pouvoir" in client.get(withdraw).get_data(as_text=True)  # confirmation
    assert submit(client, withdraw, {}).status_code == 302
    db.refresh(proxy)
    assert proxy.withdrawn_at is not None


def test_the_cap_is_explained_in_place(client, db, factory, convened):
    meeting, me, holder, others = convened
    from scic.services.proxies import give_proxy
    from scic.services.settings import get_cooperative

    give_proxy(db, meeting, get_cooperative(db), others[0], holder, None)
    db.commit()
    login(client, me.email)
    url = f"/reunions/{meeting.id}/pouvoir"
    response = submit(client, url, {"kind": "named", "holder": str(holder.number)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Léa Garnier détient déjà 1 pouvoir, le maximum fixé par les statuts" in page
    response = submit(client, url, {"kind": "blank", "holder": ""})
    assert response.status_code == 302
    assert db.exec(select(Proxy.holder_id).where(Proxy.principal_id == me.member_id)).one() is None


def test_the_holder_sees_the_proxies_held(client, db, factory, convened):
    meeting, me, holder, others = convened
    from scic.services.proxies import give_proxy
    from scic.services.settings import get_cooperative

    give_proxy(
        db, meeting, get_cooperative(db), others[1], db.get(type(holder), me.member_id), None
    )
    db.commit()
    login(client, me.email)
    page = client.get(f"/reunions/{meeting.id}").get_data(as_text=True)
    assert "Pouvoirs que je détiens" in page and others[1].display_name in page


def test_proposals_submitted_supported_and_declined_with_a_reason(app, client, db, factory):
    factory.cooperative()
    meeting = factory.meeting(kind="MONTHLY", title="Réunion de mai")
    author = factory.user("member")
    login(client, author.email)
    response = submit(
        client,
        "/reunions/propositions/nouvelle",
        {"title": "Composteur", "body": "Installer un composteur.", "meeting_id": str(meeting.id)},
    )
    assert response.status_code == 302
    proposal = db.exec(select(Proposal)).one()
    fan = factory.user("member", email=None)
    fan_client = app.test_client()
    login(fan_client, fan.email)
    url = f"/reunions/propositions/{proposal.id}"
    assert submit(fan_client, f"{url}/soutien", {}, form_url=url).status_code == 302
    submit(fan_client, f"{url}/soutien", {}, form_url=url)
    assert "1 soutien" in fan_client.get(url).get_data(as_text=True)
    board = factory.user("board", email="ca@x.fr")
    board_client = app.test_client()
    login(board_client, board.email)
    response = submit(board_client, f"{url}/refuser", {"reason": "non"}, form_url=url)
    assert response.status_code == 422 and "Expliquez" in response.get_data(as_text=True)
    reason = "Pas de place dans la cour cette année."
    assert (
        submit(board_client, f"{url}/refuser", {"reason": reason}, form_url=url).status_code == 302
    )
    mine = client.get("/reunions/propositions/?miennes=1").get_data(as_text=True)
    assert "Composteur" in mine and reason in mine
    assert client.get(url).status_code == 200
    assert fan_client.get(url).status_code == 404  # a declined proposal is its author's
    assert "Composteur" not in fan_client.get("/reunions/propositions/").get_data(as_text=True)


def test_the_private_calendar_feed_works_without_login(app, client, db, convened):
    meeting, me, *_ = convened
    login(client, me.email)
    page = client.get("/reunions/mon-calendrier").get_data(as_text=True)
    feed_url = page.split('id="flux" value="', 1)[1].split('"', 1)[0]
    path = feed_url.replace("http://localhost", "")
    response = app.test_client().get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(event["summary"]) == "Réunion d'avril"
    submit(client, "/reunions/mon-calendrier", {})
    assert app.test_client().get(path).status_code == 404  # the old address is dead
    assert app.test_client().get("/reunions/calendrier/nimportequoi.ics").status_code == 404


def test_list_and_calendar_show_upcoming_meetings(client, convened):
    meeting, me, *_ = convened
    login(client, me.email)
    assert "Réunion d&#39;avril" in client.get("/reunions/").get_data(as_text=True)
    month = meeting.starts_at.strftime("%Y-%m")
    calendar = client.get(f"/reunions/calendrier?mois={month}").get_data(as_text=True)
    assert "Réunion d&#39;avril" in calendar
    assert client.get("/reunions/calendrier?mois=2026-13").status_code == 200


def test_secretary_checks_in_and_the_gauge_follows(app, client, db, factory):
    coop = factory.cooperative()
    members = [factory.member(last_name=f"Membre{i}") for i in range(10)]
    meeting = factory.meeting(kind="AGO", starts_at=utcnow() + timedelta(hours=1))
    factory.roll(meeting, members)
    secretary = factory.user("secretary", email="sec@x.fr")
    login(client, secretary.email)
    url = f"/reunions/{meeting.id}/emargement"
    page = client.get(url).get_data(as_text=True)
    assert "il manque 2" in page and coop.name
    token = csrf_from(client, url)
    response = client.post(
        f"{url}/{members[0].id}",
        data={"csrf_token": token, "mode": "present"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200 and "il manque 1" in response.json["gauge"]
    client.post(f"{url}/{members[1].id}", data={"csrf_token": token, "mode": "remote"})
    page = client.get(url).get_data(as_text=True)
    assert "quorum atteint" in page
    found = client.get(f"{url}?q=membre3").get_data(as_text=True)
    assert "Membre3" in found and "Membre4" not in found
    modes = dict(db.exec(select(Attendance.member_id, Attendance.mode)).all())
    assert modes == {members[0].id: "present", members[1].id: "remote"}
