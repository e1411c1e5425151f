"""Property tests: the engine against a deliberately naive reference written here."""

import contextlib
import json
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from votes import (
    CHOICES,
    EXTRAORDINARY,
    ORDINARY,
    Ballot,
    Counts,
    Rule,
    VoteError,
    loads_recount,
    parse_recount,
    tally,
)

# Local settings (not a global profile, which would change other packages' tests).
modest = settings(max_examples=120, deadline=None, database=None)


def reference(colleges, ballots, rule, board_supports):
    """The most straightforward reading of DOMAIN.md §5, one ballot at a time."""
    weights = {code: Fraction(Decimal(weight)) for code, _, weight in colleges}
    weights = weights or {None: Fraction(100)}
    tallies = {code: {"for": 0, "against": 0, "abstentions": 0} for code in weights}
    for college, choice in ballots:
        if choice == "blank_proxy":
            choice = "for" if board_supports is True else "against"
        if choice in ("abstain", "blank", "null"):
            choice = "abstentions"
        tallies[college][choice] += 1
    shares = {}
    for code, t in tallies.items():
        base = t["for"] + t["against"]
        if rule.abstentions == "against":
            base += t["abstentions"]
        if base == 0:
            continue
        if rule.college_vote == "bloc":
            shares[code] = (
                1 if 2 * t["for"] > base else 0 if 2 * t["for"] < base else Fraction(1, 2)
            )
        else:
            shares[code] = Fraction(t["for"], base)
    if not shares:
        return None
    if rule.empty_college == "proportional":
        return sum(weights[c] * p for c, p in shares.items()) / sum(weights[c] for c in shares)
    missing = 100 - sum(weights[c] for c in shares)
    return sum((weights[c] + missing / len(shares)) * p for c, p in shares.items()) / 100


@st.composite
def college_sets(draw):
    """Legal colleges (3 to 6, weights in hundredths between 10 and 50, sum 100) or none."""
    if draw(st.booleans()):
        return []
    count = draw(st.integers(3, 6))
    left = 10_000 - 1_000 * count
    cents = []
    for i in range(count - 1):
        low = max(0, left - 4_000 * (count - 1 - i))
        extra = draw(st.integers(low, min(4_000, left)))
        cents.append(1_000 + extra)
        left -= extra
    cents.append(1_000 + left)
    return [(chr(65 + i), f"Collège {i}", str(Decimal(c).scaleb(-2))) for i, c in enumerate(cents)]


rules = st.builds(
    Rule,
    majority=st.sampled_from([ORDINARY, EXTRAORDINARY]),
    abstentions=st.sampled_from(["not_cast", "against"]),
    empty_college=st.sampled_from(["proportional", "equal"]),
    college_vote=st.sampled_from(["proportional", "bloc"]),
)
boards = st.sampled_from([True, False, None])


@st.composite
def votes(draw, max_size=40):
    colleges = draw(college_sets())
    codes = [code for code, _, _ in colleges] or [None]
    pair = st.tuples(st.sampled_from(codes), st.sampled_from(CHOICES))
    ballots = draw(st.lists(pair, max_size=max_size))
    return colleges, ballots, draw(rules), draw(boards)


@modest
@given(votes())
def test_engine_matches_the_naive_reference(case):
    colleges, ballots, rule, board = case
    result = tally(colleges, ballots, rule=rule, board_supports=board)
    assert result.result == reference(colleges, ballots, rule, board)
    if result.result is not None:
        assert 0 <= result.result <= 1
        assert result.adopted == rule.majority.passes(result.result)
        assert sum(row.effective_weight for row in result.colleges) == 1
    else:
        assert not result.adopted


@modest
@given(votes(), st.data())
def test_a_vote_for_never_lowers_the_result(case, data):
    colleges, ballots, rule, board = case
    code = data.draw(st.sampled_from([c for c, _, _ in colleges] or [None]))
    before = tally(colleges, ballots, rule=rule, board_supports=board).result
    after = tally(colleges, [*ballots, (code, "for")], rule=rule, board_supports=board).result
    assert after is not None
    assert before is None or after >= before


@modest
@given(votes(), st.data())
def test_ballot_order_never_matters(case, data):
    colleges, ballots, rule, board = case
    shuffled = data.draw(st.permutations(ballots))
    assert tally(colleges, shuffled, rule=rule, board_supports=board) == tally(
        colleges, ballots, rule=rule, board_supports=board
    )


@modest
@given(votes())
def test_counts_ballot_objects_and_pairs_agree(case):
    colleges, ballots, rule, board = case
    per_college = {}
    for college, choice in ballots:
        per_college.setdefault(college, dict.fromkeys(CHOICES, 0))[choice] += 1
    counts = [Counts.of(college, numbers) for college, numbers in per_college.items()]
    objects = [Ballot(college, choice, f"r{i}") for i, (college, choice) in enumerate(ballots)]
    expected = tally(colleges, ballots, rule=rule, board_supports=board)
    assert tally(colleges, counts=counts, rule=rule, board_supports=board) == expected
    assert tally(colleges, objects, rule=rule, board_supports=board) == expected


@modest
@given(college_sets().filter(bool), st.data())
def test_a_college_without_cast_votes_changes_nothing_when_spread_proportionally(colleges, data):
    empty, *others = [code for code, _, _ in colleges]
    ballots = data.draw(st.lists(st.tuples(st.sampled_from(others), st.sampled_from(CHOICES))))
    silent = data.draw(st.lists(st.sampled_from(["abstain", "blank", "null"]), max_size=5))
    board = data.draw(boards)
    result = tally(colleges, ballots + [(empty, s) for s in silent], board_supports=board)
    assert result.result == tally(colleges, ballots, board_supports=board).result
    assert result.colleges[0].effective_weight == 0
    rest = [c for c in colleges if c[0] != empty]  # the others alone, weights not renormalised
    assert result.result == reference(rest, ballots, Rule(), board)


VALID = {
    "format": "scic-recount/1",
    "resolution": {"title": "t", "board_supports": True},
    "rule": {"majority": {"threshold": "1/2", "inclusive": False}},
    "colleges": [
        {"code": "A", "name": "a", "weight": "50"},
        {"code": "B", "name": "b", "weight": "25"},
        {"code": "C", "name": "c", "weight": "25"},
    ],
    "ballots": [{"college": "A", "choice": "for"}],
    "counts": [{"college": "B", "for": 1, "against": 2}],
    "quorum": {"eligible": 10, "present": 5, "required": "1/5"},
    "privacy": {"min_published_voters": 3},
}
PATHS = [
    (),
    ("format",),
    ("resolution",),
    ("resolution", "title"),
    ("resolution", "board_supports"),
    ("rule",),
    ("rule", "majority"),
    ("rule", "majority", "threshold"),
    ("rule", "abstentions"),
    ("colleges",),
    ("colleges", 0),
    ("colleges", 0, "weight"),
    ("colleges", 1, "code"),
    ("ballots",),
    ("ballots", 0),
    ("ballots", 0, "college"),
    ("ballots", 0, "choice"),
    ("counts", 0),
    ("counts", 0, "for"),
    ("quorum",),
    ("quorum", "eligible"),
    ("quorum", "required"),
    ("privacy",),
    ("privacy", "min_published_voters"),
]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 300)
    | st.text(max_size=6)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@modest
@given(st.sampled_from(PATHS), json_values)
def test_any_damaged_file_gives_a_vote_error_or_a_result(path, value):
    data = json.loads(json.dumps(VALID))
    if path:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    else:
        data = value
    with contextlib.suppress(VoteError):
        assert parse_recount(data).tally().explanation


def test_reference_agrees_on_a_hand_example():
    colleges = [("A", "A", "10"), ("B", "B", "40"), ("C", "C", "50")]
    ballots = [("A", "for")] * 5 + [("A", "against"), ("B", "against")] + [("C", "for")] * 5
    ballots.append(("C", "against"))
    assert reference(colleges, ballots, Rule(), None) == Fraction(1, 2)
    assert loads_recount(json.dumps(VALID)).tally().result == Fraction(7, 9)  # (50·1 + 25·1/3) / 75
