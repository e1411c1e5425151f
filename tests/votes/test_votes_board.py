"""Board decisions: quorum of half the directors physically present, casting vote on a tie."""

import pytest

from votes import BoardVote, VoteError, decide_board


def test_quorum_exactly_half_present_is_reached():
    result = decide_board(BoardVote(directors=8, present=4, for_=3, against=1))
    assert (result.quorum_required, result.quorum_reached, result.adopted) == (4, True, True)
    assert "Quorum atteint : 4 administrateurs présents pour 4 requis." in result.explanation


def test_quorum_of_an_odd_board_rounds_up():
    result = decide_board(BoardVote(directors=7, present=3, for_=3))
    assert (result.quorum_required, result.quorum_reached, result.adopted) == (4, False, False)
    assert result.explanation.startswith("Aucune décision : quorum du conseil non atteint")


def test_proxies_do_not_count_for_quorum():
    result = decide_board(BoardVote(directors=8, present=3, represented=3, for_=6))
    assert not result.quorum_reached
    assert not result.adopted


def test_proxies_count_for_the_majority():
    result = decide_board(BoardVote(directors=8, present=4, represented=2, for_=4, against=2))
    assert result.adopted
    assert not result.tie


def test_tie_broken_by_the_chairs_casting_vote():
    vote = BoardVote(directors=6, present=4, for_=2, against=2, chair_vote="for")
    result = decide_board(vote)
    assert (result.tie, result.casting_vote_used, result.adopted) == (True, True, True)
    assert "voix prépondérante du président" in result.explanation
    against = BoardVote(directors=6, present=4, for_=2, against=2, chair_vote="against")
    assert not decide_board(against).adopted


def test_tie_without_casting_vote_is_rejected():
    vote = BoardVote(directors=6, present=4, for_=2, against=2, chair_vote="for")
    result = decide_board(vote, casting_vote=False)
    assert (result.tie, result.casting_vote_used, result.adopted) == (True, False, False)
    assert "sans voix prépondérante" in result.explanation


def test_tie_with_an_abstaining_chair_is_rejected():
    vote = BoardVote(directors=4, present=4, for_=2, against=1, abstain=1, chair_vote="abstain")
    result = decide_board(vote)
    assert result.tie and not result.adopted


def test_abstentions_weigh_against_the_majority_of_present_or_represented():
    vote = BoardVote(directors=5, present=5, for_=2, against=1, abstain=2)
    assert not decide_board(vote).adopted


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"directors": 5, "present": 3, "represented": 3}, "3 présents et 3 représentés"),
        ({"directors": 8, "present": 2, "represented": 3}, "un pouvoir au plus"),
        ({"directors": 5, "present": 3, "for_": 4}, "4 votes pour 3"),
        ({"directors": 0, "present": 0}, "au moins un administrateur"),
        ({"directors": 5, "present": -1}, "entier positif"),
        ({"directors": 5, "present": 3, "against": 3, "chair_vote": "for"}, "non décompté"),
        ({"directors": 5, "present": 3, "chair_vote": "maybe"}, "inconnu"),
    ],
)
def test_inconsistent_board_votes_are_refused(kwargs, message):
    with pytest.raises(VoteError, match=message):
        BoardVote(**kwargs)
