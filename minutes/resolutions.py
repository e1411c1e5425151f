"""Each resolution as the minutes print it: text, per-college table, result and verdict.

The recount file attached to the PDF must give the printed result: `check_recount` recounts
it with `votes` before anything is printed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from fractions import Fraction

from minutes.snapshot import MinutesError, Resolution
from votes import BoardResult, CollegeResult, TallyResult, VoteError, loads_recount
from votes.explain import majority_fr


@dataclass(frozen=True)
class Row:
    """One line of a resolution's table; counts are None when withheld (secret ballot)."""

    name: str
    weight: Fraction | None
    effective_weight: Fraction | None
    for_: int | None
    against: int | None
    abstentions: int | None
    base: int | None
    ratio: Fraction | None
    blank_proxies: int
    withheld: bool


@dataclass(frozen=True)
class ResolutionView:
    number: int
    title: str
    kind: str
    paragraphs: tuple[str, ...]
    status: str  # adopted, rejected, no_votes, no_quorum, pending
    rows: tuple[Row, ...] = ()
    total: Row | None = None
    weighted: bool = False
    base_label: str = "cast"  # "cast" (exprimés) or "base" (abstentions counted against)
    result: Fraction | None = None
    majority: str = ""
    explanation: str = ""
    min_published_voters: int = 0
    board: BoardResult | None = None
    recount_name: str = ""
    recount_sha256: str = ""


def paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs separated by a blank line; single line breaks are kept inside one."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return tuple(block.strip() for block in blocks if block.strip())


def recount_name(number: int) -> str:
    return f"resolution-{number:02d}.recount.json"


def resolution_view(resolution: Resolution, quorum_reached: bool, draft: bool) -> ResolutionView:
    """The printed form of one resolution. Final minutes need every vote closed, except
    when the meeting lacked the quorum (the resolution was then not put to the vote)."""
    head = {
        "number": resolution.number,
        "title": resolution.title,
        "kind": resolution.kind,
        "paragraphs": paragraphs(resolution.text),
    }
    result = resolution.result
    if result is None:
        return ResolutionView(**head, status=_no_result(resolution, quorum_reached, draft))
    if isinstance(result, BoardResult):
        return ResolutionView(**head, status=_board_status(result), board=result)
    check_recount(resolution, draft)
    return ResolutionView(**head, **_tally_fields(result), **_recount_fields(resolution))


def _no_result(resolution: Resolution, quorum_reached: bool, draft: bool) -> str:
    if not quorum_reached:
        return "no_quorum"
    if draft:
        return "pending"
    raise MinutesError(
        f"Résolution n° {resolution.number} : le vote n'est pas clos ; "
        "seul un projet de procès-verbal est possible."
    )


def _board_status(result: BoardResult) -> str:
    if not result.quorum_reached:
        return "no_quorum"
    return "adopted" if result.adopted else "rejected"


def _tally_fields(result: TallyResult) -> dict:
    rows = tuple(_row(row) for row in result.colleges)
    return {
        "status": result.outcome,
        "rows": rows,
        "total": None if len(rows) < 2 or any(r.withheld for r in rows) else _total(result),
        "weighted": result.weighted,
        "base_label": "cast" if result.rule.abstentions == "not_cast" else "base",
        "result": result.result,
        "majority": majority_fr(result.rule.majority),
        "explanation": result.explanation,
        "min_published_voters": result.min_published_voters,
    }


def _row(row: CollegeResult) -> Row:
    shown = not row.withheld
    return Row(
        name=row.name,
        weight=row.weight,
        effective_weight=row.effective_weight,
        for_=row.for_ if shown else None,
        against=row.against if shown else None,
        abstentions=row.abstentions if shown else None,
        base=row.base if shown else None,
        ratio=row.ratio if shown else None,
        blank_proxies=row.blank_proxy if shown else 0,
        withheld=row.withheld,
    )


def _total(result: TallyResult) -> Row:
    totals = result.totals
    abstentions = totals["abstain"] + totals["blank"] + totals["null"]
    base = sum(row.base for row in result.colleges)
    return Row(
        name="Total",
        weight=None,
        effective_weight=None,
        for_=totals["for_"],
        against=totals["against"],
        abstentions=abstentions,
        base=base,
        ratio=None if result.weighted or not base else Fraction(totals["for_"], base),
        blank_proxies=totals["blank_proxy"],
        withheld=False,
    )


def _recount_fields(resolution: Resolution) -> dict:
    if resolution.recount is None:
        return {}
    data = resolution.recount.encode("utf-8")
    return {
        "recount_name": recount_name(resolution.number),
        "recount_sha256": hashlib.sha256(data).hexdigest(),
    }


def check_recount(resolution: Resolution, draft: bool = False) -> None:
    """Refuse a recount file that does not give the printed result, or final minutes
    without one."""
    if resolution.recount is None:
        if draft:
            return
        raise MinutesError(
            f"Résolution n° {resolution.number} : le fichier de recomptage (scic-recount/1) "
            "manque ; il doit être joint au procès-verbal."
        )
    try:
        recounted = loads_recount(resolution.recount).tally()
    except VoteError as error:
        raise MinutesError(
            f"Résolution n° {resolution.number} : fichier de recomptage invalide ({error})"
        ) from None
    if recounted != resolution.result:
        raise MinutesError(
            f"Résolution n° {resolution.number} : le fichier de recomptage ne donne pas "
            "le résultat imprimé."
        )
