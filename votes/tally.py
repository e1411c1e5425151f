"""The college-weighted tally (DOMAIN.md §5), exact from end to end.

Ballots are counted with one `collections.Counter` pass over (college, choice) pairs;
validation then looks only at the distinct pairs, so a million ballots cost about what the
Counter costs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from votes.colleges import validate_colleges
from votes.model import (
    CHOICES,
    Ballot,
    College,
    Counts,
    Quorum,
    Rule,
    VoteError,
    is_count,
)
from votes.result import CollegeResult, TallyResult

NO_COLLEGE_NAME = "Tous les associés"
DEFAULT_RULE = Rule()

Pair = tuple[str | None, str]
Table = dict[str | None, Counter[str]]


def tally(
    colleges: Sequence[College | tuple[str, str, Decimal | str | int]] = (),
    ballots: Iterable[Ballot | Pair] = (),
    counts: Iterable[Counts] = (),
    rule: Rule = DEFAULT_RULE,
    board_supports: bool | None = None,
    quorum: Quorum | None = None,
    min_published_voters: int = 3,
) -> TallyResult:
    """Count a resolution's votes and decide it.

    `colleges` empty means one member, one vote: ballots and counts then have college None.
    `ballots` holds Ballot objects or, faster, (college_code, choice) pairs; `counts` are
    added to them. A college with fewer than `min_published_voters` voters (but at least one)
    is flagged `withheld`; 0 publishes everything.
    """
    if not is_count(min_published_voters):
        raise VoteError(f"Seuil de publication invalide : {min_published_voters!r}.")
    if not (board_supports is None or isinstance(board_supports, bool)):
        raise VoteError(f"Position du conseil invalide : {board_supports!r} (True, False ou None).")
    checked = validate_colleges(colleges) if colleges else ()
    table = count_ballots(ballots, [college.code for college in checked] or [None])
    add_counts(table, counts)
    if quorum is not None:
        _check_participants(table, quorum)
    rows = _rows(checked, table, rule, board_supports, min_published_voters)
    counted = [row for row in rows if row.share is not None]
    result = sum((row.effective_weight * row.share for row in counted), Fraction(0))
    result = result if counted else None
    reached = quorum is None or quorum.reached
    return TallyResult(
        colleges=rows,
        result=result,
        rule=rule,
        board_supports=board_supports,
        quorum=quorum,
        adopted=reached and result is not None and rule.majority.passes(result),
        weighted=bool(checked),
        min_published_voters=min_published_voters,
    )


def count_ballots(ballots: Iterable[Ballot | Pair], codes: Sequence[str | None]) -> Table:
    """Per-college Counters of choices; raises VoteError on an unknown college or choice."""
    try:
        raw = Counter(ballots)
    except TypeError as error:
        raise VoteError(
            "Bulletin illisible : chaque bulletin est un Ballot ou une paire (collège, choix)."
        ) from error
    table: Table = {code: Counter() for code in codes}
    for key, number in raw.items():
        college, choice = _pair(key)
        _check_pair(college, choice, table)
        table[college][choice] += number
    return table


def add_counts(table: Table, counts: Iterable[Counts]) -> None:
    """Add per-college counts (e.g. a show of hands) to the table, in place."""
    for item in counts:
        if not isinstance(item, Counts):
            raise VoteError(f"Décompte illisible : {item!r} (attendu : Counts).")
        _check_pair(item.college, "for", table)
        table[item.college].update(dict(item.items()))


def _pair(key: object) -> Pair:
    if isinstance(key, Ballot):
        return key.college, key.choice
    if isinstance(key, tuple) and len(key) == 2:
        return key
    raise VoteError(f"Bulletin illisible : {key!r} (attendu : une paire (collège, choix)).")


def _check_pair(college: object, choice: object, table: Table) -> None:
    if college is not None and not isinstance(college, str):
        raise VoteError(f"Collège illisible : {college!r} (attendu : un code ou None).")
    if college not in table:
        if None in table:
            raise VoteError(f"Collège « {college} » donné alors que le vote n'a pas de collèges.")
        if college is None:
            raise VoteError("Bulletin sans collège alors que le vote est pondéré par collèges.")
        raise VoteError(f"Collège inconnu « {college} » (collèges : {', '.join(table)}).")
    if choice not in CHOICES:
        raise VoteError(f"Choix inconnu « {choice} » (attendu : {', '.join(CHOICES)}).")


def _check_participants(table: Table, quorum: Quorum) -> None:
    voters = sum(sum(counter.values()) for counter in table.values())
    if voters > quorum.participants:
        raise VoteError(
            f"Décompte incohérent : {voters} votes pour {quorum.participants} participants."
        )


def _rows(
    colleges: Sequence[College],
    table: Table,
    rule: Rule,
    board_supports: bool | None,
    min_voters: int,
) -> tuple[CollegeResult, ...]:
    heads = [(c.code, c.name, c.weight) for c in colleges]
    rows = [
        _row(code, name, percent, table[code], rule, board_supports, min_voters)
        for code, name, percent in heads or [(None, NO_COLLEGE_NAME, Decimal(100))]
    ]
    counted = [row.share is not None for row in rows]
    effective = spread([row.weight for row in rows], counted, rule.empty_college)
    return tuple(
        replace(row, effective_weight=weight) for row, weight in zip(rows, effective, strict=True)
    )


def _row(
    code: str | None,
    name: str,
    percent: Decimal,
    counter: Counter[str],
    rule: Rule,
    board_supports: bool | None,
    min_voters: int,
) -> CollegeResult:
    """One college's counts, base, ratio and share; its effective weight comes later."""
    proxies = counter["blank_proxy"]
    for_ = counter["for"] + (proxies if board_supports is True else 0)
    against = counter["against"] + (0 if board_supports is True else proxies)
    abstentions = counter["abstain"] + counter["blank"] + counter["null"]
    base = for_ + against + (abstentions if rule.abstentions == "against" else 0)
    ratio = Fraction(for_, base) if base else None
    voters = for_ + against + abstentions
    return CollegeResult(
        code=code,
        name=name,
        weight_percent=percent,
        weight=Fraction(percent) / 100,
        effective_weight=Fraction(0),
        for_=for_,
        against=against,
        abstain=counter["abstain"],
        blank=counter["blank"],
        null=counter["null"],
        blank_proxy=proxies,
        base=base,
        ratio=ratio,
        share=bloc(ratio) if rule.college_vote == "bloc" and ratio is not None else ratio,
        withheld=0 < voters < min_voters,
    )


def bloc(ratio: Fraction) -> Fraction:
    """Bloc vote: the whole weight to the college's majority side; a tie splits it in half."""
    half = Fraction(1, 2)
    return Fraction(1) if ratio > half else Fraction(0) if ratio < half else half


def spread(weights: Sequence[Fraction], counted: Sequence[bool], mode: str) -> list[Fraction]:
    """Effective weights: the weight of colleges not counted goes to the others.

    `proportional`: w / Σw over the counted colleges; `equal`: w + (1 − Σw) / k for the k
    counted colleges. Colleges not counted get 0. The result sums to 1 (or all 0).
    """
    total = sum((w for w, c in zip(weights, counted, strict=True) if c), Fraction(0))
    if not total:
        return [Fraction(0)] * len(weights)
    if mode == "proportional":
        return [w / total if c else Fraction(0) for w, c in zip(weights, counted, strict=True)]
    bonus = (1 - total) / sum(counted)
    return [w + bonus if c else Fraction(0) for w, c in zip(weights, counted, strict=True)]
