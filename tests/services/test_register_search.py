"""Searching, filtering and sorting the register."""

from datetime import date

import pytest

from scic.services.register_search import RegisterFilters, register_queries, register_rows


@pytest.fixture
def register(factory):
    factory.cooperative()
    a, b, _ = factory.colleges()
    users = factory.category(code="usa", kind="beneficiaires")
    workers = factory.category(code="sal", kind="salaries")
    people = [
        factory.member(
            first_name="Sophie",
            last_name="Lefèvre",
            college_id=a.id,
            category_id=users.id,
            admitted_on=date(2020, 1, 1),
        ),
        factory.member(
            first_name="Hugo",
            last_name="lefebvre",
            college_id=b.id,
            category_id=workers.id,
            admitted_on=date(2022, 1, 1),
        ),
        factory.member(
            person_kind="legal",
            last_name="Ruche",
            company_name="La Ruche 100%",
            siren="123456789",
            first_name="",
            college_id=a.id,
            category_id=users.id,
            admitted_on=date(2021, 1, 1),
        ),
        factory.member(
            first_name="Élodie",
            last_name="Guérin",
            status="resigned",
            college_id=b.id,
            category_id=workers.id,
            email="elodie@exemple.fr",
        ),
    ]
    return people, (a, b), (users, workers)


def names(db, **filters):
    query, count = register_queries(RegisterFilters(**filters))
    rows = db.exec(query).all()
    assert db.exec(count).one() == len(rows)
    return [m.display_name for m in rows]


def test_search_ignores_accents_and_case(db, register):
    assert names(db, q="lefe") == ["Hugo lefebvre", "Sophie Lefèvre"]
    assert names(db, q="LEFÈVRE") == ["Sophie Lefèvre"]
    assert names(db, q="guerin") == ["Élodie Guérin"]
    assert names(db, q="ruche 100%") == ["La Ruche 100%"]
    assert names(db, q="%") == ["La Ruche 100%"]  # a wildcard is a plain character


def test_search_by_number_siren_or_email(db, register):
    people, _, _ = register
    assert names(db, q=str(people[1].number)) == ["Hugo lefebvre"]
    assert names(db, q="123456789") == ["La Ruche 100%"]
    assert names(db, q="elodie@exemple") == ["Élodie Guérin"]


def test_filters_combine(db, register):
    _, (a, b), (users, workers) = register
    assert names(db, college_id=a.id) == ["La Ruche 100%", "Sophie Lefèvre"]
    assert names(db, category_id=workers.id, status="actuels") == ["Hugo lefebvre"]
    assert names(db, status="sortis") == ["Élodie Guérin"]
    assert names(db, status="resigned", college_id=a.id) == []


def test_a_range_of_numbers(db, register):
    people, _, _ = register
    numbers = sorted(m.number for m in people)
    chosen = names(db, first_number=numbers[1], last_number=numbers[2], sort="numero")
    assert chosen == [people[1].display_name, people[2].display_name]
    filters = RegisterFilters.from_args({"du": str(numbers[1]), "au": "x"})
    assert (filters.first_number, filters.last_number) == (numbers[1], None)


def test_sorts(db, register):
    assert names(db, sort="-nom")[0] == "Sophie Lefèvre"
    assert names(db, sort="numero")[0] == "Sophie Lefèvre"
    assert names(db, sort="-admission", status="admitted") == [
        "Hugo lefebvre",
        "La Ruche 100%",
        "Sophie Lefèvre",
    ]


def test_filters_from_query_arguments_fall_back_on_nonsense(db, register):
    filters = RegisterFilters.from_args({"college": "x", "statut": "drop", "tri": "1;", "q": " a "})
    assert filters == RegisterFilters(q="a")
    filters = RegisterFilters.from_args({"college": "3", "statut": "sortis", "tri": "-nom"})
    assert filters.as_args() == {"college": 3, "statut": "sortis", "tri": "-nom"}


def test_rows_carry_names_and_holdings(db, factory, register):
    people, (a, _), (users, _) = register
    factory.subscribe(people[0], 3, paid_cents=5000)
    rows = register_rows(db, people[:2])
    assert (rows[0].college.code, rows[0].category.code, rows[0].holding.parts) == ("A", "usa", 3)
    assert rows[1].holding.parts == 0
