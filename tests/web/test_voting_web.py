import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import select

from scic.models import Ballot

from ..conftest import csrf_from, login, post
from ..services.voting_setup import add_resolution, convened_meeting, give_proxy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def setup(factory, db):
    return convened_meeting(factory, db)


def _member_login(client, factory, member):
    user = factory.user("member", member=member)
    login(client, user.email)
    return user


def _cast(client, resolution, choice, principal="", replaces="0", email=False):
    url = f"/votes/resolution/{resolution.id}"
    data = {
        "csrf_token": csrf_from(client, url),
        "choice": choice,
        "principal_id": principal,
        "replaces": replaces,
    }
    if email:
        data["email_receipt"] = "y"
    return client.post(url, data=data, follow_redirects=True)


def test_member_votes_and_gets_a_receipt(client, factory, db, setup):
    resolution = add_resolution(db, setup)
    member = setup.members["A"][0]
    _member_login(client, factory, member)
    page = _cast(client, resolution, "for").get_data(as_text=True)
    ballot = db.exec(select(Ballot).where(Ballot.member_id == member.id)).one()
    assert f"Reçu de vote : {ballot.receipt}" in page
    assert "Vote qui compte : <strong>Pour</strong>" in page


def test_a_missing_choice_is_explained_and_stores_nothing(client, factory, db, setup):
    resolution = add_resolution(db, setup)
    _member_login(client, factory, setup.members["A"][0])
    url = f"/votes/resolution/{resolution.id}"
    client.post(url, data={"csrf_token": csrf_from(client, url), "replaces": "0"})
    assert db.exec(select(Ballot)).all() == []


def test_proxy_holder_sees_one_form_per_principal(client, factory, db, setup):
    resolution = add_resolution(db, setup)
    holder, principal = setup.members["A"][0], setup.members["B"][0]
    give_proxy(db, setup, principal, holder)
    _member_login(client, factory, holder)
    page = client.get(f"/votes/resolution/{resolution.id}").get_data(as_text=True)
    assert f"Pouvoir de {principal.display_name}" in page
    _cast(client, resolution, "against", principal=str(principal.id))
    ballot = db.exec(select(Ballot).where(Ballot.member_id == principal.id)).one()
    assert ballot.cast_by_member_id == holder.id and ballot.college_id == setup.colleges[1].id
    # a principal whose proxy the holder does not hold: refused, nothing stored
    other = setup.members["C"][0]
    page = _cast(client, resolution, "for", principal=str(other.id)).get_data(as_text=True)
    assert f"Vous ne détenez pas de pouvoir de {other.display_name}" in page
    assert db.exec(select(Ballot).where(Ballot.member_id == other.id)).all() == []


def test_results_stay_hidden_until_close(client, factory, db, setup):
    resolution = add_resolution(db, setup)
    _member_login(client, factory, setup.members["A"][0])
    _cast(client, resolution, "for")
    response = client.get(f"/votes/resolution/{resolution.id}/resultat")
    assert response.status_code == 403
    assert "publié à la clôture" in response.get_data(as_text=True)
    assert client.get(f"/votes/resolution/{resolution.id}/recomptage.json").status_code == 403


def test_members_cannot_open_or_close_votes(client, factory, db, setup):
    resolution = add_resolution(db, setup, status="draft")
    _member_login(client, factory, setup.members["A"][0])
    url = f"/votes/resolution/{resolution.id}"
    assert post(client, f"{url}/ouvrir", form_url=url).status_code == 403
    assert client.get(f"{url}/clore").status_code == 403
    assert client.get(f"{url}/salle").status_code == 403


def test_secretary_closes_and_the_recount_file_gives_the_page_result(
    app, client, factory, db, setup, tmp_path
):
    resolution = add_resolution(db, setup, board_supports=True)
    choices = ["for", "for", "against", "for", "abstain", "against", "for", "for", "against"]
    from scic.services.ballots import cast_ballot

    with app.test_request_context():
        for member, choice in zip(setup.all_members(), choices, strict=True):
            cast_ballot(db, resolution, member, choice)
        db.commit()
    secretary = factory.user("secretary", email="sec@x.fr")
    login(client, secretary.email)
    url = f"/votes/resolution/{resolution.id}"
    assert "Clore définitivement" in client.get(f"{url}/clore").get_data(as_text=True)
    response = post(client, f"{url}/clore", form_url=f"{url}/clore")
    assert response.status_code == 302 and response.location.endswith("/resultat")
    page = client.get(f"{url}/resultat").get_data(as_text=True)
    assert "<svg" in page and "python -m votes recount" in page
    recount = client.get(f"{url}/recomptage.json")
    path = tmp_path / "recount.json"
    path.write_bytes(recount.data)
    out = subprocess.run(
        [sys.executable, "-m", "votes", "recount", "--json", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    recounted = json.loads(out.stdout)
    verdict = "ADOPTÉE" if recounted["adopted"] else "REJETÉE"
    assert verdict in page
    assert recounted["percent"].replace(".", ",") + " %" in page
    # the receipts published with the result are the ones in the file
    receipts = {b["receipt"] for b in json.loads(recount.data)["ballots"]}
    assert all(r in page for r in receipts)


def test_show_of_hands_form_refuses_more_hands_than_people(client, factory, db, setup):
    from scic.models import Attendance

    resolution = add_resolution(db, setup)
    for member in setup.members["A"][:2]:
        db.add(Attendance(meeting_id=setup.meeting.id, member_id=member.id, mode="present"))
    db.commit()
    secretary = factory.user("secretary", email="sec@x.fr")
    login(client, secretary.email)
    url = f"/votes/resolution/{resolution.id}/salle"
    data = {
        "csrf_token": csrf_from(client, url),
        "college_id": setup.colleges[0].id,
        "votes_for": "3",
        "votes_against": "0",
        "abstentions": "0",
    }
    page = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "seulement 2" in page


def test_postal_form_records_every_choice_and_can_be_changed_before_the_deadline(
    client, factory, db, setup
):
    first = add_resolution(db, setup, status="draft")
    second = add_resolution(db, setup, status="draft", title="Budget du fablab")
    member = setup.members["B"][0]
    _member_login(client, factory, member)
    url = f"/votes/reunion/{setup.meeting.id}/correspondance"
    page = client.get(url).get_data(as_text=True)
    assert "Budget du fablab" in page and "au plus tard le" in page
    data = {
        "csrf_token": csrf_from(client, url),
        f"choix-{first.id}": "for",
        f"choix-{second.id}": "abstain",
    }
    page = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "Vote par correspondance enregistré" in page
    data = {"csrf_token": csrf_from(client, url), f"choix-{first.id}": "against"}
    client.post(url, data=data)
    ballots = db.exec(
        select(Ballot)
        .where(Ballot.member_id == member.id)
        .order_by(Ballot.resolution_id, Ballot.revision)
    ).all()
    assert [(b.resolution_id, b.revision, b.choice, b.channel) for b in ballots] == [
        (first.id, 1, "for", "postal"),
        (first.id, 2, "against", "postal"),
        (second.id, 1, "abstain", "postal"),
    ]


def test_postal_form_after_the_deadline_stores_nothing(client, factory, db):
    from datetime import timedelta

    setup = convened_meeting(factory, db, starts_in=timedelta(hours=12))
    resolution = add_resolution(db, setup, status="draft")
    _member_login(client, factory, setup.members["A"][0])
    url = f"/votes/reunion/{setup.meeting.id}/correspondance"
    assert "Le délai est dépassé" in client.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf_from(client, url), f"choix-{resolution.id}": "for"}
    page = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "délai" in page
    assert db.exec(select(Ballot)).all() == []


def test_a_monthly_meeting_gives_an_opinion_not_a_decision(app, client, factory, db):
    setup = convened_meeting(factory, db, kind="MONTHLY")
    resolution = add_resolution(db, setup, title="Horaires du dimanche")
    from scic.services.ballots import cast_ballot
    from scic.services.voting import close_vote

    with app.test_request_context():
        cast_ballot(db, resolution, setup.members["A"][0], "for")
        close_vote(db, resolution, None)
        db.commit()
    _member_login(client, factory, setup.members["B"][0])
    page = client.get(f"/votes/resolution/{resolution.id}/resultat").get_data(as_text=True)
    assert "AVIS FAVORABLE" in page and "ADOPTÉE" not in page
    assert "consultative" in page


def test_a_member_never_sees_another_members_postal_vote(app, client, factory, db, setup):
    resolution = add_resolution(db, setup, status="draft")
    other = setup.members["C"][0]
    from scic.services.ballots import cast_ballot

    with app.test_request_context():
        ballot = cast_ballot(db, resolution, other, "against", channel="postal")
        db.commit()
    _member_login(client, factory, setup.members["A"][0])
    page = client.get(f"/votes/reunion/{setup.meeting.id}/correspondance").get_data(as_text=True)
    assert ballot.receipt not in page and "Vote enregistré" not in page
    ballot_page = client.get(f"/votes/resolution/{resolution.id}").get_data(as_text=True)
    assert ballot.receipt not in ballot_page


def test_a_ballot_costs_four_statements(app, client, factory, db, setup):
    """The benchmark's hot path: the user with roles and member; the resolution with its
    meeting, the cooperative and the voter's state; the ballot; its audit entry."""
    resolution = add_resolution(db, setup)
    member = setup.members["A"][0]
    _member_login(client, factory, member)
    url = f"/votes/resolution/{resolution.id}"
    data = {"csrf_token": csrf_from(client, url), "choice": "for", "replaces": "0"}
    statements = []

    def record(_conn, _cursor, statement, *_args):
        table = re.findall(r"(?:FROM|INTO) (\w+)", statement)[-1]  # the outer query's
        statements.append(f"{statement.split()[0]} {table}")

    engine = app.extensions["scic_engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.post(url, data=data).status_code == 302
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert db.exec(select(Ballot).where(Ballot.member_id == member.id)).one().choice == "for"
    assert statements == [
        "SELECT user_account",
        "SELECT resolution",
        "INSERT ballot",
        "INSERT audit_entry",
    ]


def test_the_page_form_changes_a_vote_and_refuses_a_stale_one(client, factory, db, setup):
    """The state read with the resolution (one query) is the one the cast checks."""
    resolution = add_resolution(db, setup)
    member = setup.members["A"][0]
    _member_login(client, factory, member)
    _cast(client, resolution, "against")
    page = _cast(client, resolution, "for", replaces="1").get_data(as_text=True)
    assert "Vote qui compte : <strong>Pour</strong>" in page
    page = _cast(client, resolution, "abstain", replaces="1").get_data(as_text=True)
    assert "Ce vote a déjà été enregistré ou modifié entre-temps" in page
    rows = db.exec(select(Ballot).where(Ballot.member_id == member.id)).all()
    assert sorted((b.revision, b.choice) for b in rows) == [(1, "against"), (2, "for")]


def test_a_member_off_the_roll_or_who_gave_a_proxy_is_refused_on_the_page(
    client, factory, db, setup
):
    resolution = add_resolution(db, setup)
    outsider = factory.member(college_id=setup.colleges[0].id)  # admitted after convocation
    _member_login(client, factory, outsider)
    page = _cast(client, resolution, "for").get_data(as_text=True)
    assert "ne figure pas sur la liste des votants" in page
    client.post("/deconnexion", data={"csrf_token": csrf_from(client, "/")})
    principal = setup.members["B"][0]
    give_proxy(db, setup, principal, setup.members["A"][0])
    _member_login(client, factory, principal)
    page = _cast(client, resolution, "for").get_data(as_text=True)
    assert "Vous avez donné un pouvoir pour cette réunion" in page
    assert db.exec(select(Ballot)).all() == []
