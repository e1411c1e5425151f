"""Plurality elections for n seats, with the statutory tie-break at the last seat."""

from datetime import date

import pytest

from votes import Candidate, VoteError, check_election_ballot, elect

ALICE = Candidate("alice", "Alice Martin", date(1970, 5, 1))
BRUNO = Candidate("bruno", "Bruno Petit", date(1985, 2, 3))
CHLOE = Candidate("chloe", "Chloé Durand", date(1962, 11, 20))
DAVID = Candidate("david", "David Roux", date(1985, 2, 3))
ALL = [ALICE, BRUNO, CHLOE, DAVID]


def test_plurality_fills_the_seats():
    ballots = [["alice", "bruno"], ["alice"], ["bruno", "chloe"], ["bruno", "alice"], []]
    result = elect(ALL, ballots, seats=2)
    assert result.elected == (ALICE, BRUNO)
    assert result.ranking == ((ALICE, 3), (BRUNO, 3), (CHLOE, 1), (DAVID, 0))
    assert result.tied == ()
    assert (result.ballots, result.blank) == (5, 1)


def test_tie_at_the_last_seat_goes_to_the_older_candidate():
    ballots = [["alice", "bruno"], ["alice", "chloe"]]
    result = elect(ALL, ballots, seats=2)
    assert result.elected == (ALICE, CHLOE)  # Chloé (1962) is older than Bruno (1985)
    assert result.tied == (BRUNO, CHLOE)
    assert result.vacant == 0
    assert "au bénéfice de l'âge" in result.explanation


def test_no_tie_when_the_tied_group_fits_the_seats():
    result = elect(ALL, [["alice", "bruno"], ["alice", "chloe"]], seats=3)
    assert set(result.elected) == {ALICE, BRUNO, CHLOE}
    assert result.tied == ()


def test_same_birth_date_leaves_the_seat_vacant():
    result = elect(ALL, [["bruno"], ["david"]], seats=1)
    assert result.elected == ()
    assert (result.tied, result.vacant) == ((BRUNO, DAVID), 1)


def test_tie_by_lot_is_reproducible_with_the_seed():
    ballots = [["alice"], ["bruno"], ["chloe"]]
    first = elect(ALL, ballots, seats=2, tie_break="lot", seed="AG 2026-06-12")
    again = elect(list(reversed(ALL)), ballots, seats=2, tie_break="lot", seed="AG 2026-06-12")
    assert len(first.elected) == 2
    assert set(first.elected) == set(again.elected)
    assert set(first.elected) <= {ALICE, BRUNO, CHLOE}
    with pytest.raises(VoteError, match="graine"):
        elect(ALL, ballots, seats=2, tie_break="lot")


def test_tie_with_no_decision_rule():
    result = elect(ALL, [["alice", "bruno"], ["alice", "chloe"]], seats=2, tie_break="none")
    assert (result.elected, result.vacant) == ((ALICE,), 1)
    assert "pas de décision" in result.explanation


def test_candidates_without_votes_are_not_elected():
    result = elect(ALL, [["alice"], []], seats=3)
    assert (result.elected, result.vacant) == ((ALICE,), 2)


def test_older_rule_needs_birth_dates():
    anonymous = [Candidate("x", "X"), Candidate("y", "Y")]
    with pytest.raises(VoteError, match="date de naissance manquante"):
        elect(anonymous, [["x"], ["y"]], seats=1)


@pytest.mark.parametrize(
    ("ballot", "message"),
    [
        (["alice", "bruno", "chloe"], "3 candidats choisis pour 2 sièges"),
        (["alice", "alice"], "plusieurs fois"),
        (["zoe"], "candidat inconnu « zoe »"),
        ("alice", "liste de candidats"),
    ],
)
def test_invalid_ballots_are_rejected(ballot, message):
    with pytest.raises(VoteError, match=message):
        check_election_ballot(ballot, [c.id for c in ALL], seats=2)
    with pytest.raises(VoteError, match=message):
        elect(ALL, [ballot], seats=2)


def test_bad_setup_is_refused():
    with pytest.raises(VoteError, match="sièges"):
        elect(ALL, [], seats=0)
    with pytest.raises(VoteError, match="départage"):
        elect(ALL, [], seats=1, tie_break="youngest")
    with pytest.raises(VoteError, match="même identifiant"):
        elect([ALICE, ALICE], [], seats=1)
