"""Server-side SVG bar charts: readable without JavaScript."""

from fractions import Fraction

BAR_WIDTH = 400


def _width(part: int, whole: int) -> int:
    return round(Fraction(part * BAR_WIDTH, whole)) if whole else 0


def college_chart(result) -> list[dict]:
    """One bar per college: the widths of for / against / abstentions, in pixels out of
    BAR_WIDTH, and the labels. Withheld colleges show no split."""
    bars = []
    for row in result.colleges:
        total = row.for_ + row.against + row.abstentions
        bar = {
            "name": row.name or "Tous les associés",
            "withheld": row.withheld,
            "for": row.for_,
            "against": row.against,
            "abstain": row.abstentions,
            "ratio": row.ratio,
        }
        bar["w_for"] = _width(row.for_, total)
        bar["w_against"] = _width(row.against, total)
        bar["w_abstain"] = BAR_WIDTH - bar["w_for"] - bar["w_against"] if total else 0
        bars.append(bar)
    return bars
