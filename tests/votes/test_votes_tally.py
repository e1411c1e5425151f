"""Worked examples of the weighted tally, at every boundary of DOMAIN.md §4-5."""

from decimal import Decimal
from fractions import Fraction

import pytest

from votes import (
    EXTRAORDINARY,
    ORDINARY,
    Ballot,
    College,
    Counts,
    Majority,
    Quorum,
    Rule,
    VoteError,
    result_to_dict,
    tally,
)

THREE = [("A", "Salariés", "50"), ("B", "Usagers", "30"), ("C", "Partenaires", "20")]


def votes(**per_college: str) -> list[tuple[str | None, str]]:
    """votes(A="3f 1a 2x") -> 3 for, 1 against, 2 abstain in college A.

    Letters: f for, a against, x abstain, b blank, n null, p blank_proxy.
    """
    letters = {"f": "for", "a": "against", "x": "abstain", "b": "blank", "n": "null"}
    letters["p"] = "blank_proxy"
    pairs = []
    for code, spec in per_college.items():
        college = None if code == "none" else code
        for item in spec.split():
            pairs += [(college, letters[item[-1]])] * int(item[:-1])
    return pairs


def row(result, code):
    return next(r for r in result.colleges if r.code == code)


# --- majority boundaries -------------------------------------------------------------


def test_exactly_half_is_rejected_under_ordinary_majority():
    result = tally(ballots=votes(none="5f 5a"))
    assert result.result == Fraction(1, 2)
    assert not result.adopted
    assert result.outcome == "rejected"
    assert "(exactement 1/2)" in result.explanation


def test_one_vote_over_half_is_adopted():
    result = tally(ballots=votes(none="6f 5a"))
    assert result.result == Fraction(6, 11)
    assert result.adopted


def test_exactly_two_thirds_is_adopted_under_extraordinary_majority():
    result = tally(ballots=votes(none="2f 1a"), rule=Rule(EXTRAORDINARY))
    assert result.result == Fraction(2, 3)
    assert result.adopted
    assert "d'au moins 2/3 (66,67 %)" in result.explanation


def test_just_under_two_thirds_is_rejected_even_when_it_displays_as_66_67():
    result = tally(counts=[Counts(None, for_=66666, against=33334)], rule=Rule(EXTRAORDINARY))
    assert result.result == Fraction(33333, 50000) < Fraction(2, 3)
    assert result.percent == "66.67"
    assert not result.adopted
    assert "66,67 % (exactement 33333/50000)" in result.explanation


def test_weighted_two_thirds_boundary_with_decimal_weights():
    colleges = [("A", "Salariés", "33.34"), ("B", "Usagers", "33.33"), ("C", "Autres", "33.33")]
    result = tally(colleges, votes(A="1f", B="1a", C="1f"), rule=Rule(EXTRAORDINARY))
    assert result.result == Fraction(6667, 10000)
    assert result.adopted
    result = tally(colleges, votes(A="1a", B="1f", C="1f"), rule=Rule(EXTRAORDINARY))
    assert result.result == Fraction(6666, 10000)
    assert not result.adopted


def test_other_thresholds_strict_and_inclusive():
    three_quarters = Majority(Fraction(3, 4), inclusive=True)
    assert tally(ballots=votes(none="3f 1a"), rule=Rule(three_quarters)).adopted
    strict = Majority("3/4")
    assert not tally(ballots=votes(none="3f 1a"), rule=Rule(strict)).adopted
    with pytest.raises(VoteError):
        Majority("3/2")
    with pytest.raises(VoteError):
        Majority("1/0")


def test_domain_float_trap_gives_exactly_half_and_is_rejected():
    colleges = [("A", "A", "10"), ("B", "B", "40"), ("C", "C", "50")]
    result = tally(colleges, votes(A="5f 1a", B="1a", C="5f 1a"))
    assert [r.ratio for r in result.colleges] == [Fraction(5, 6), 0, Fraction(5, 6)]
    assert result.result == Fraction(1, 2)
    assert not result.adopted
    assert (10 * (5 / 6) + 40 * 0 + 50 * (5 / 6)) / 100 > 0.5  # what floats would say


# --- empty colleges and abstentions ---------------------------------------------------


def test_empty_college_spread_proportionally():
    result = tally(THREE, votes(A="3f 1a", B="1f 1a"))
    assert result.result == Fraction(21, 32)  # (50·3/4 + 30·1/2) / 80
    assert [r.effective_weight for r in result.colleges] == [Fraction(5, 8), Fraction(3, 8), 0]
    assert "Collège sans voix exprimée (Partenaires)" in result.explanation


def test_empty_college_spread_equally():
    result = tally(THREE, votes(A="3f 1a", B="1f 1a"), rule=Rule(empty_college="equal"))
    assert result.result == Fraction(13, 20)  # 60 % · 3/4 + 40 % · 1/2
    assert [r.effective_weight for r in result.colleges] == [Fraction(3, 5), Fraction(2, 5), 0]
    assert "poids réparti également" in result.explanation


def test_all_abstaining_college_counts_as_empty():
    ballots = votes(A="3f 1a", B="1f 1a", C="2x 1b 1n")
    result = tally(THREE, ballots)
    assert result.result == Fraction(21, 32)
    c = row(result, "C")
    assert (c.base, c.ratio, c.share, c.effective_weight) == (0, None, None, 0)
    assert (c.abstain, c.blank, c.null, c.voters) == (2, 1, 1, 4)


def test_abstentions_counted_against():
    assert tally(ballots=votes(none="6f 4a 2x")).result == Fraction(3, 5)
    rule = Rule(abstentions="against")
    result = tally(ballots=votes(none="6f 4a 1x 1b"), rule=rule)
    assert result.result == Fraction(1, 2)
    assert not result.adopted
    assert "abstentions comptées contre" in result.explanation


def test_abstentions_against_make_an_all_abstaining_college_count_zero():
    rule = Rule(abstentions="against")
    result = tally(THREE, votes(A="3f 1a", B="1f 1a", C="2x"), rule=rule)
    assert row(result, "C").ratio == 0
    assert result.result == Fraction(1, 2) * Fraction(3, 4) + Fraction(3, 10) * Fraction(1, 2)


def test_bloc_vote_gives_each_college_whole_weight_to_its_majority():
    ballots = votes(A="3f 1a", B="1f 2a", C="1f 1a")
    assert tally(THREE, ballots).result == Fraction(23, 40)
    result = tally(THREE, ballots, rule=Rule(college_vote="bloc"))
    assert [r.share for r in result.colleges] == [1, 0, Fraction(1, 2)]  # a tie splits in half
    assert [r.ratio for r in result.colleges] == [Fraction(3, 4), Fraction(1, 3), Fraction(1, 2)]
    assert result.result == Fraction(3, 5)


# --- quorum ---------------------------------------------------------------------------


def quorum(participants: int, eligible: int = 200, required: str = "1/5") -> Quorum:
    return Quorum(eligible=eligible, present=participants, required=required)


def test_quorum_one_short_means_no_decision():
    result = tally(ballots=votes(none="39f"), quorum=quorum(39))
    assert result.quorum.required_count == 40
    assert not result.quorum.reached
    assert not result.adopted
    assert result.outcome == "no_quorum"
    assert result.explanation.startswith("Aucune décision : quorum non atteint")


def test_quorum_exactly_met():
    result = tally(ballots=votes(none="39f"), quorum=quorum(40))
    assert result.quorum.reached
    assert result.adopted
    assert "Quorum atteint : 40 participants pour 40 requis." in result.explanation


def test_quorum_rounds_up_and_counts_all_kinds_of_participants():
    q = Quorum(eligible=201, present=25, remote=2, represented=8, postal=5, required="1/5")
    assert (q.participants, q.required_count, q.reached) == (40, 41, False)
    assert Quorum(eligible=201, present=41, required=Fraction(1, 5)).reached


def test_quorum_zero_means_none():
    result = tally(ballots=votes(none="1f"), quorum=quorum(1, required="0"))
    assert (result.quorum.required_count, result.quorum.reached) == (0, True)
    assert result.adopted
    assert "Aucun quorum requis" in result.explanation


def test_quorum_data_is_checked():
    with pytest.raises(VoteError, match="participants"):
        Quorum(eligible=10, present=11)
    with pytest.raises(VoteError):
        Quorum(eligible=10, present=-1)
    with pytest.raises(VoteError):
        Quorum(eligible=10, required="6/5")
    with pytest.raises(VoteError, match="3 votes pour 2 participants"):
        tally(ballots=votes(none="3f"), quorum=quorum(2))


# --- blank proxies --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("board", "expected", "side"),
    [
        (True, Fraction(3, 5), "pour"),
        (False, Fraction(2, 5), "contre"),
        (None, Fraction(2, 5), "contre"),
    ],
)
def test_blank_proxies_follow_the_board(board, expected, side):
    result = tally(ballots=votes(none="2f 2a 1p"), board_supports=board)
    assert result.result == expected
    assert result.colleges[0].blank_proxy == 1
    assert f"1 pouvoir en blanc compté {side}" in result.explanation


# --- without colleges, without votes ---------------------------------------------------


def test_no_colleges_is_one_member_one_vote():
    result = tally(ballots=votes(none="7f 3a 1x"))
    assert not result.weighted
    (only,) = result.colleges
    assert (only.code, only.weight, only.effective_weight) == (None, 1, 1)
    assert (only.for_, only.against, only.abstain, only.base) == (7, 3, 1, 10)
    assert result.result == Fraction(7, 10)
    assert "des voix exprimées, pour" in result.explanation


def test_nobody_voting_gives_no_result():
    for result in (tally(), tally(THREE, votes(A="2x", B="1b"))):
        assert result.result is None
        assert result.percent is None
        assert not result.adopted
        assert result.outcome == "no_votes"
        assert "aucune voix exprimée" in result.explanation
        assert all(r.effective_weight == 0 for r in result.colleges)


# --- inputs ---------------------------------------------------------------------------


def test_ballots_counts_and_dataclasses_add_up():
    pairs = votes(A="3f 1a", B="1f", C="1a")
    ballots = [Ballot(c, ch, receipt=f"r{i}") for i, (c, ch) in enumerate(pairs)]
    by_pairs = tally(THREE, pairs, min_published_voters=0)
    assert tally(THREE, ballots, min_published_voters=0) == by_pairs
    counts = [Counts("A", for_=3, against=1), Counts("B", for_=1), Counts("C", against=1)]
    assert tally(THREE, counts=counts, min_published_voters=0) == by_pairs
    mixed = tally(THREE, votes(A="3f"), [Counts("A", against=1), Counts("B", 1), Counts("C", 0, 1)])
    assert mixed.result == by_pairs.result


def test_college_objects_and_decimal_weights_are_accepted():
    colleges = [
        College("A", "Salariés", Decimal("50")),
        College("B", "U", "30"),
        College("C", "P", 20),
    ]
    assert tally(colleges, votes(A="1f")).result == 1


@pytest.mark.parametrize(
    ("colleges", "ballots", "message"),
    [
        (THREE, [("Z", "for")], "Collège inconnu « Z »"),
        (THREE, [("A", "maybe")], "Choix inconnu « maybe »"),
        (THREE, [(None, "for")], "Bulletin sans collège"),
        ((), [("A", "for")], "n'a pas de collèges"),
        (THREE, [("A", "for", "x")], "Bulletin illisible"),
        (THREE, [["A", "for"]], "Bulletin illisible"),
        (THREE, ["Af"], "Bulletin illisible"),
    ],
)
def test_bad_ballots_are_refused_with_a_clear_message(colleges, ballots, message):
    with pytest.raises(VoteError, match=message):
        tally(colleges, ballots)


def test_bad_counts_are_refused():
    with pytest.raises(VoteError, match="entier positif"):
        Counts("A", for_=-1)
    with pytest.raises(VoteError, match="entier positif"):
        Counts("A", against=1.5)
    with pytest.raises(VoteError, match="Collège inconnu « Z »"):
        tally(THREE, counts=[Counts("Z", 1)])
    with pytest.raises(VoteError, match="Choix inconnu « pour »"):
        Counts.of("A", {"pour": 1})
    assert Counts.of("A", {"for": 6, "abstain": 1}) == Counts("A", for_=6, abstain=1)


def test_board_position_must_be_true_false_or_none():
    with pytest.raises(VoteError, match="Position du conseil invalide"):
        tally(ballots=votes(none="1p"), board_supports=1)


def test_unknown_rule_options_are_refused():
    with pytest.raises(VoteError, match="abstentions"):
        Rule(abstentions="ignored")
    with pytest.raises(VoteError, match="college_vote"):
        Rule(college_vote="winner")


# --- privacy --------------------------------------------------------------------------


def test_small_colleges_are_withheld_but_still_counted():
    result = tally(THREE, votes(A="3f 1a", B="1f 1a 1x", C="1f 1a"))
    assert [r.withheld for r in result.colleges] == [False, False, True]
    assert result.result == Fraction(3, 8) + Fraction(3, 20) + Fraction(1, 10)
    published = result_to_dict(result)["colleges"]
    assert published[2] == {
        "code": "C",
        "name": "Partenaires",
        "weight": "20",
        "effective_weight": "1/5",
        "voters": 2,
        "withheld": True,
    }
    assert published[0]["ratio"] == "3/4"


def test_privacy_threshold_is_a_setting():
    result = tally(THREE, votes(A="1f", B="1a"), min_published_voters=0)
    assert not any(r.withheld for r in result.colleges)
    result = tally(THREE, votes(A="1f", B="1a"), min_published_voters=3)
    assert [r.withheld for r in result.colleges] == [True, True, False]  # C has no voter


def test_json_summary_fields():
    data = result_to_dict(tally(THREE, votes(A="3f 1a", B="3f 3a", C="3a")), "Budget")
    assert data["result"] == "21/40"
    assert (data["adopted"], data["percent"], data["quorum"]) == (True, "52.50", None)
    assert data["majority"] == {"threshold": "1/2", "inclusive": False}
    assert Majority(Fraction(1, 2)) == ORDINARY
