"""Members: application, admission, exit, colleges, contact details, warnings."""

from datetime import date

import pytest
from sqlmodel import func, select

from scic.models import (
    AuditEntry,
    Member,
    MemberCollegeChange,
    MemberStatusChange,
    ShareMovement,
)
from scic.services import ServiceError
from scic.services.capital import member_holding
from scic.services.dashboard import board_home
from scic.services.register import (
    admit_member,
    category_warnings,
    change_college,
    create_member,
    member_record,
    record_exit,
    register_warnings,
)
from scic.services.register_identity import update_contact, update_member

NOMINAL = 5000


@pytest.fixture
def coop(factory):
    return factory.cooperative(share_nominal_cents=NOMINAL)


@pytest.fixture
def colleges(factory, coop):
    return factory.colleges()


@pytest.fixture
def users(factory, coop):
    return factory.category(code="usagers", name="Usagers", kind="beneficiaires")


def identity(category, college, **changes):
    values = {
        "person_kind": "natural",
        "first_name": " Sophie ",
        "last_name": "Lefèvre",
        "email": "Sophie@Exemple.fr",
        "address": "3 rue Pierre-Larousse, 92240 Malakoff",
        "category_id": category.id,
        "college_id": college.id,
    }
    return values | changes


def count(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def test_an_application_creates_a_numbered_candidate_with_history(db, users, colleges):
    member = create_member(db, identity(users, colleges[0]), date(2024, 3, 1))
    assert (member.number, member.status, member.first_name) == (1, "candidate", "Sophie")
    assert member.email == "sophie@exemple.fr" and member.name_key == "lefevre sophie"
    record = member_record(db, member)
    assert [s.status for s in record.statuses] == ["candidate"]
    assert [college.code for _, college in record.colleges] == ["A"]
    second = create_member(db, identity(users, colleges[1]), date(2024, 3, 1))
    assert second.number == 2


def test_a_legal_person_needs_a_company_name(db, users, colleges):
    values = identity(users, colleges[0], person_kind="legal", last_name="", company_name="")
    with pytest.raises(ServiceError, match="raison sociale"):
        create_member(db, values, date(2024, 3, 1))
    values |= {"company_name": "La Ruche", "siren": "12345678"}
    with pytest.raises(ServiceError, match="9 chiffres"):
        create_member(db, values, date(2024, 3, 1))
    member = create_member(db, values | {"siren": "123456789"}, date(2024, 3, 1))
    assert (member.display_name, member.last_name, member.name_key) == (
        "La Ruche",
        "La Ruche",
        "la ruche",
    )


def test_the_college_is_required_when_the_statutes_use_colleges(db, users, colleges):
    with pytest.raises(ServiceError, match="collège"):
        create_member(db, identity(users, colleges[0], college_id=None), date(2024, 3, 1))
    assert count(db, Member) == 0


def test_admission_subscribes_the_minimum_and_records_the_decision(db, users, colleges):
    member = create_member(db, identity(users, colleges[0]), date(2024, 3, 1))
    with pytest.raises(ServiceError, match="organe"):
        admit_member(db, member, date(2024, 3, 5), " ", 1, NOMINAL)
    with pytest.raises(ServiceError, match="précéder la candidature"):
        admit_member(db, member, date(2024, 2, 1), "Conseil", 1, NOMINAL)
    with pytest.raises(ServiceError, match="quart"):
        admit_member(db, member, date(2024, 3, 5), "Conseil", 4, NOMINAL - 1)
    assert member.status == "candidate" and count(db, ShareMovement) == 0
    admit_member(db, member, date(2024, 3, 5), "Conseil coopératif", 4, NOMINAL)
    assert (member.status, member.admitted_on) == ("admitted", date(2024, 3, 5))
    assert member_holding(db, member.id).parts == 4
    statuses = [s.status for s in member_record(db, member).statuses]
    assert statuses == ["candidate", "admitted"]
    with pytest.raises(ServiceError, match="Seul un candidat"):
        admit_member(db, member, date(2024, 3, 5), "Conseil", 1, NOMINAL)


def test_a_category_minimum_applies_at_admission(db, factory, coop, colleges):
    category = factory.category(code="soutiens", kind="autres", min_parts=3)
    member = create_member(db, identity(category, colleges[0]), date(2024, 3, 1))
    with pytest.raises(ServiceError, match="au moins 3 parts"):
        admit_member(db, member, date(2024, 3, 5), "Conseil", 2, 2 * NOMINAL)
    admit_member(db, member, date(2024, 3, 5), "Conseil", 3, 3 * NOMINAL)


def test_a_sarl_refuses_the_101st_associe(db, factory, coop, users, colleges):
    coop.legal_form = "SARL"
    db.add(coop)
    db.add_all(
        Member(number=n, last_name=f"A{n}", category_id=users.id, status="admitted")
        for n in range(1, 100)
    )
    db.commit()
    hundredth = create_member(db, identity(users, colleges[0]), date(2024, 3, 1))
    admit_member(db, hundredth, date(2024, 3, 5), "Gérance", 1, NOMINAL)
    candidate = create_member(db, identity(users, colleges[0]), date(2024, 3, 1))
    with pytest.raises(ServiceError, match="plus de 100 associés"):
        admit_member(db, candidate, date(2024, 3, 5), "Gérance", 1, NOMINAL)
    assert candidate.status == "candidate"
    assert any("100 associés" in w for w in register_warnings(db))


def test_an_exit_is_final_and_kept_in_the_history(db, factory, users, colleges):
    member = factory.subscribe(factory.member(category_id=users.id, college_id=colleges[0].id), 2)
    factory.subscribe(factory.member(category_id=users.id), 50)
    with pytest.raises(ServiceError, match="personne morale"):
        record_exit(db, member, "dissolved", date(2024, 5, 1), "", "")
    with pytest.raises(ServiceError, match="organe"):
        record_exit(db, member, "excluded", date(2024, 5, 1), "Impayés", "")
    with pytest.raises(ServiceError, match="précéder l'entrée"):
        record_exit(db, member, "resigned", date(2020, 5, 1), "", "")
    request = record_exit(db, member, "excluded", date(2024, 5, 1), "Impayés", "AGE du 1er mai")
    assert (member.status, member.exit_body, member.exit_cause) == (
        "excluded",
        "AGE du 1er mai",
        "Impayés",
    )
    assert request.parts == 2 and member_holding(db, member.id).parts == 0
    with pytest.raises(ServiceError, match="Sortie impossible"):
        record_exit(db, member, "resigned", date(2024, 6, 1), "", "")
    with pytest.raises(ServiceError, match="sorti"):
        change_college(db, member, colleges[1].id, date(2024, 6, 1), "")
    rows = db.exec(select(MemberStatusChange).where(MemberStatusChange.member_id == member.id))
    assert [(s.status, s.cause) for s in rows] == [("excluded", "Impayés")]


def test_a_candidate_may_withdraw(db, users, colleges):
    member = create_member(db, identity(users, colleges[0]), date(2024, 3, 1))
    assert record_exit(db, member, "resigned", date(2024, 3, 2), "Retrait", "") is None
    assert member.status == "resigned"


def test_college_changes_are_appended(db, factory, users, colleges):
    member = create_member(db, identity(users, colleges[0]), date(2024, 3, 1))
    with pytest.raises(ServiceError, match="déjà à ce collège"):
        change_college(db, member, colleges[0].id, date(2024, 4, 1), "")
    with pytest.raises(ServiceError, match="dernier changement"):
        change_college(db, member, colleges[1].id, date(2024, 2, 1), "")
    change_college(db, member, colleges[1].id, date(2024, 4, 1), "Conseil du 1er avril")
    change_college(db, member, colleges[2].id, date(2024, 5, 1), "AG")
    history = member_record(db, member).colleges
    assert [(c.code, ch.effective_from) for ch, c in history] == [
        ("A", date(2024, 3, 1)),
        ("B", date(2024, 4, 1)),
        ("C", date(2024, 5, 1)),
    ]
    assert member.college_id == colleges[2].id
    assert count(db, MemberCollegeChange) == 3


def test_contact_update_dates_the_consent(db, factory, users):
    member = factory.member(category_id=users.id, email=None)
    with pytest.raises(ServiceError, match="exige une adresse"):
        update_contact(db, member, {"email": "", "convocation_by_email": True})
    update_contact(db, member, {"email": " Moi@Exemple.fr ", "convocation_by_email": True})
    assert member.email == "moi@exemple.fr" and member.convocation_consent_at is not None
    update_contact(db, member, {"email": "moi@exemple.fr", "convocation_by_email": False})
    assert not member.convocation_by_email and member.convocation_consent_at is None
    actions = db.exec(select(AuditEntry.action)).all()
    assert actions.count("member.contact") == 2


def test_moving_into_a_public_category_passes_the_50_percent_check(db, factory, coop, users):
    public = factory.category(code="publics", kind="collectivites", is_public_body=True)
    member = factory.subscribe(factory.member(category_id=users.id), 60)
    factory.subscribe(factory.member(category_id=users.id), 40)
    values = {"person_kind": "natural", "last_name": "Ville", "category_id": public.id}
    with pytest.raises(ServiceError, match="50 %"):
        update_member(db, member, values)
    assert member.category_id == users.id
    member2 = factory.subscribe(factory.member(category_id=users.id), 40)
    update_member(db, member2, values)  # 40 + 0 of 140: fine
    assert member2.category_id == public.id and member2.name_key == "ville"


def test_category_warnings_follow_the_register(db, factory, coop):
    workers = factory.category(code="sal", kind="salaries")
    users = factory.category(code="usa", kind="beneficiaires")
    others = factory.category(code="hab", kind="autres")
    factory.member(category_id=users.id)
    warnings = category_warnings(db)
    assert len(warnings) == 2
    assert "Seules 1 catégories" in warnings[0] and "salarié" in warnings[1]
    factory.member(category_id=workers.id)
    factory.member(category_id=others.id, status="candidate")
    assert len(category_warnings(db)) == 1  # a candidate does not count
    factory.member(category_id=others.id)
    assert category_warnings(db) == []
    assert board_home(db).warnings == []
