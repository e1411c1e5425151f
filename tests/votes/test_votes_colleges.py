"""College validation [loi 47-1775, art. 19 octies]: 3+ colleges, 10 % to 50 % each, sum 100 %."""

from decimal import Decimal

import pytest

from votes import College, CollegeError, equal_weights, validate_colleges


def colleges(*weights):
    names = ["Salariés", "Usagers", "Partenaires", "Collectivités", "Bénévoles"]
    return [(chr(65 + i), names[i], weight) for i, weight in enumerate(weights)]


@pytest.mark.parametrize(
    "weights",
    [
        ("10", "45", "45"),
        ("50", "25", "25"),
        ("50", "40", "10"),
        ("33.34", "33.33", "33.33"),
        ("25", "25", "25", "25"),
        (Decimal("20.5"), 30, "49.5"),
    ],
)
def test_legal_weights_are_accepted(weights):
    result = validate_colleges(colleges(*weights))
    assert all(isinstance(c, College) for c in result)
    assert sum(c.weight for c in result) == 100


@pytest.mark.parametrize(
    ("weights", "code", "message"),
    [
        (("9.99", "45.01", "45"), "A", "Le collège « Salariés » (A) pèse 9,99 % : le poids"),
        (("50.01", "24.99", "25"), "A", "(A) pèse 50,01 % : le poids d'un collège doit être"),
        (("40", "55", "5"), "B", "Le collège « Usagers » (B) pèse 55 %"),
    ],
)
def test_weights_out_of_bounds_are_refused_naming_the_college(weights, code, message):
    with pytest.raises(CollegeError) as caught:
        validate_colleges(colleges(*weights))
    assert message in str(caught.value)
    assert "compris entre 10 % et 50 %" in str(caught.value)
    assert caught.value.code == code


def test_sum_must_be_exactly_100():
    with pytest.raises(CollegeError, match="somme des poids des collèges est de 99,99 %"):
        validate_colleges(colleges("33.33", "33.33", "33.33"))
    with pytest.raises(CollegeError, match="100,01 %"):
        validate_colleges(colleges("33.34", "33.34", "33.33"))
    third = "33." + "3" * 40  # Decimal's default 28 digits would round the sum to 100
    with pytest.raises(CollegeError, match="99,9999"):
        validate_colleges(colleges(third, third, third))


def test_at_least_three_colleges():
    with pytest.raises(CollegeError, match="au moins 3 collèges de vote \\(2 définis\\)"):
        validate_colleges(colleges("50", "50"))
    with pytest.raises(CollegeError, match="au moins 3"):
        validate_colleges([])


def test_codes_are_unique_and_present():
    with pytest.raises(CollegeError, match="« A » est utilisé deux fois"):
        validate_colleges([("A", "x", "40"), ("A", "y", "30"), ("C", "z", "30")])
    with pytest.raises(CollegeError, match="n'a pas de code"):
        validate_colleges([("", "x", "40"), ("B", "y", "30"), ("C", "z", "30")])
    with pytest.raises(CollegeError, match="n'a pas de nom"):
        validate_colleges([("A", "", "40"), ("B", "y", "30"), ("C", "z", "30")])


def test_unreadable_weights_are_refused():
    with pytest.raises(CollegeError, match="poids illisible « 33,34 »"):
        College("A", "Salariés", "33,34")
    with pytest.raises(CollegeError, match="poids illisible"):
        College("A", "Salariés", 33.34)  # a float is not exact
    with pytest.raises(CollegeError, match="poids illisible"):
        College("A", "Salariés", "NaN")
    with pytest.raises(CollegeError, match="Collège illisible"):
        validate_colleges([("A", "Salariés")])


def test_college_error_is_a_value_error():
    assert issubclass(CollegeError, ValueError)


def test_equal_weights_sum_to_100_and_validate():
    assert equal_weights(3) == (Decimal("33.34"), Decimal("33.33"), Decimal("33.33"))
    assert equal_weights(4) == (Decimal(25),) * 4
    for count in range(3, 11):
        weights = equal_weights(count)
        assert sum(weights) == 100
        validate_colleges([(str(i), f"Collège {i}", w) for i, w in enumerate(weights)])
