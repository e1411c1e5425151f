"""Publishing a tally: a JSON-ready dict and a French text table.

Both hide the split (counts, base, ratio) of a college flagged `withheld`.
"""

from __future__ import annotations

from fractions import Fraction

from votes.display import decimal_fr, integer_fr, percent, percent_fr
from votes.explain import majority_fr
from votes.result import CollegeResult, TallyResult

SPLIT = ("for_", "against", "abstain", "blank", "null", "blank_proxy")
RULE_WORDS = {
    "not_cast": "abstentions non comptées",
    "against": "abstentions comptées contre",
    "proportional": "proportionnel",
    "equal": "égal",
    "bloc": "en bloc",
}
HIDDEN = "—"


def _text(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def result_to_dict(result: TallyResult, title: str | None = None) -> dict:
    """The tally as JSON-ready data; exact values are fraction strings such as "107/200"."""
    rule = result.rule
    quorum = result.quorum
    return {
        "title": title,
        "outcome": result.outcome,
        "adopted": result.adopted,
        "result": _text(result.result),
        "percent": result.percent,
        "majority": {"threshold": str(result.threshold), "inclusive": rule.majority.inclusive},
        "rule": {
            "abstentions": rule.abstentions,
            "empty_college": rule.empty_college,
            "college_vote": rule.college_vote,
        },
        "board_supports": result.board_supports,
        "blank_proxies_count_as": result.blank_proxy_side,
        "quorum": None
        if quorum is None
        else {
            "reached": quorum.reached,
            "participants": quorum.participants,
            "required": quorum.required_count,
            "eligible": quorum.eligible,
            "fraction": str(quorum.required),
        },
        "min_published_voters": result.min_published_voters,
        "colleges": [college_to_dict(row) for row in result.colleges],
        "explanation": result.explanation,
    }


def college_to_dict(row: CollegeResult) -> dict:
    data = {
        "code": row.code,
        "name": row.name,
        "weight": str(row.weight_percent),
        "effective_weight": str(row.effective_weight),
        "voters": row.voters,
        "withheld": row.withheld,
    }
    if row.withheld:
        return data
    return data | {
        "for": row.for_,
        "against": row.against,
        "abstain": row.abstain,
        "blank": row.blank,
        "null": row.null,
        "blank_proxy": row.blank_proxy,
        "base": row.base,
        "ratio": _text(row.ratio),
        "percent": None if row.ratio is None else percent(row.ratio),
        "share": _text(row.share),
    }


def format_report(result: TallyResult, title: str = "") -> str:
    """A French text report: the rule, the per-college table, the result and explanation."""
    rule = result.rule
    lines = [f"Recomptage : {title}" if title else "Recomptage"]
    parts = [f"majorité {majority_fr(rule.majority)}", RULE_WORDS[rule.abstentions]]
    if result.weighted:
        parts.append(f"report du poids d'un collège vide : {RULE_WORDS[rule.empty_college]}")
        parts.append(f"vote des collèges : {RULE_WORDS[rule.college_vote]}")
    lines.append(f"Règle : {' ; '.join(parts)}.")
    lines += ["", *_table(result), ""]
    if any(row.withheld for row in result.colleges):
        lines.append(
            f"* Répartition non publiée : moins de {result.min_published_voters} votants "
            "dans ce collège (vote secret)."
        )
    shown = "aucun" if result.result is None else f"{percent_fr(result.result)} ({result.result})"
    label = "Résultat pondéré" if result.weighted else "Résultat"
    lines += [f"{label} : {shown}", result.explanation]
    return "\n".join(lines) + "\n"


def _table(result: TallyResult) -> list[str]:
    base = "Exprimés" if result.rule.abstentions == "not_cast" else "Base"
    header = ["Collège", "Poids", "Poids eff.", "Pour", "Contre", "Abst.", "Blanc", "Nul"]
    header += ["Pouv. blanc", base, "Taux"]
    rows = [header] + [_row(row) for row in result.colleges]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _row(row: CollegeResult) -> list[str]:
    name = row.name if row.code is None else f"{row.code} {row.name}"
    cells = [name + (" *" if row.withheld else ""), decimal_fr(row.weight_percent) + " %"]
    cells.append(percent_fr(row.effective_weight))
    if row.withheld:
        return cells + [HIDDEN] * (len(SPLIT) + 2)
    cells += [integer_fr(getattr(row, name)) for name in SPLIT]
    cells.append(integer_fr(row.base))
    cells.append(HIDDEN if row.ratio is None else percent_fr(row.ratio))
    return cells
