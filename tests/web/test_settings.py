from sqlmodel import select

from scic.models import AuditEntry, Cooperative

from ..conftest import csrf_from, login


def _form(client, **changes):
    page = client.get("/admin/parametres").get_data(as_text=True)
    assert "Paramètres statutaires" in page
    data = {
        "name": "Casaco",
        "legal_form": "SAS",
        "head_office": "Malakoff",
        "siren": "",
        "rcs_city": "",
        "share_nominal_cents": "5000",
        "min_parts_per_member": "1",
        "statutory_capital_floor_cents": "0",
        "uses_colleges": "y",
        "quorum_ago_first": "1/5",
        "quorum_ago_second": "0",
        "quorum_age_first": "1/4",
        "quorum_age_second": "1/5",
        "majority_ordinary": "1/2",
        "majority_extraordinary": "2/3",
        "abstentions": "not_cast",
        "empty_college": "proportional",
        "college_vote": "proportional",
        "min_published_voters": "3",
        "proxy_cap": "5",
        "postal_votes_allowed": "y",
        "postal_deadline_days": "3",
        "electronic_postal_deadline_hour": "15",
        "remote_counts_as_present": "y",
        "convocation_delay_days": "15",
        "convocation_delay_days_second": "10",
        "reimbursement_delay_years": "5",
    }
    data.update(changes)
    data["csrf_token"] = csrf_from(client, "/admin/parametres")
    return client.post("/admin/parametres", data=data)


def test_admin_changes_a_statutory_parameter_and_it_is_audited(client, factory, db):
    coop = factory.cooperative()
    admin = factory.user("admin", email="admin@x.fr")
    login(client, admin.email)
    assert _form(client, proxy_cap="7").status_code == 302
    db.expire_all()
    assert db.get(Cooperative, coop.id).proxy_cap == 7
    actions = [e.action for e in db.exec(select(AuditEntry))]
    assert "cooperative.settings" in actions


def test_invalid_values_are_explained_in_place_and_nothing_is_saved(client, factory, db):
    coop = factory.cooperative()
    admin = factory.user("admin", email="admin@x.fr")
    login(client, admin.email)
    response = _form(
        client, quorum_ago_first="un cinquième", convocation_delay_days="14", siren="12345"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Fraction invalide" in page
    assert "Entre 15 et 365." in page  # the legal 15-day delay cannot be shortened
    assert "exactement 9 chiffres" in page
    db.expire_all()
    assert db.get(Cooperative, coop.id).quorum_ago_first == "1/5"
