"""The French explanation of a tally, short enough for a secretary to read aloud."""

from __future__ import annotations

from typing import TYPE_CHECKING

from votes.display import percent, percent_fr, plural, share_fr

if TYPE_CHECKING:
    from votes.model import Majority
    from votes.result import TallyResult

SPREAD_WORDS = {"proportional": "proportionnellement", "equal": "également"}


def explain(tally: TallyResult) -> str:
    sentences = [_outcome(tally)]
    if tally.quorum is not None and tally.quorum_reached:
        sentences.append(_quorum(tally))
    if tally.quorum_reached:
        sentences += _proxies(tally) + _empty_colleges(tally)
    return " ".join(sentences)


def majority_fr(majority: Majority) -> str:
    """ "de plus de 50 %" or "d'au moins 2/3 (66,67 %)"."""
    words = "d'au moins" if majority.inclusive else "de plus de"
    return f"{words} {share_fr(majority.threshold)}"


def _outcome(tally: TallyResult) -> str:
    if tally.outcome == "no_quorum":
        quorum = tally.quorum
        return (
            f"Aucune décision : quorum non atteint ({plural(quorum.participants, 'participant')} "
            f"pour {quorum.required_count} requis)."
        )
    if tally.result is None:
        return "Résolution non adoptée : aucune voix exprimée."
    verdict = "adoptée" if tally.adopted else "rejetée"
    shown = percent_fr(tally.result)
    if percent(tally.result) == percent(tally.threshold):
        shown += f" (exactement {tally.result})"
    return (
        f"Résolution {verdict} : {shown} {_base(tally)}, "
        f"pour une majorité requise {majority_fr(tally.rule.majority)}."
    )


def _base(tally: TallyResult) -> str:
    weighted = tally.weighted
    if tally.rule.abstentions == "against":
        votes = "des votes pondérés par collège" if weighted else "des votes"
        return votes + " (abstentions comptées contre)"
    return "des voix exprimées pondérées par collège" if weighted else "des voix exprimées"


def _quorum(tally: TallyResult) -> str:
    quorum = tally.quorum
    participants = plural(quorum.participants, "participant")
    if quorum.required_count == 0:
        return f"Aucun quorum requis : {participants}."
    return f"Quorum atteint : {participants} pour {quorum.required_count} requis."


def _proxies(tally: TallyResult) -> list[str]:
    proxies = tally.totals["blank_proxy"]
    if not proxies:
        return []
    reason = {
        True: "pour, la résolution étant soutenue par le conseil",
        False: "contre, la résolution n'étant pas soutenue par le conseil",
        None: "contre, le conseil n'ayant pas pris position",
    }[tally.board_supports]
    counted = "compté" if proxies == 1 else "comptés"
    return [f"{plural(proxies, 'pouvoir')} en blanc {counted} {reason}."]


def _empty_colleges(tally: TallyResult) -> list[str]:
    if not tally.weighted or tally.result is None:
        return []
    empty = [row.name for row in tally.colleges if row.share is None]
    if not empty:
        return []
    label = "Collège sans voix exprimée" if len(empty) == 1 else "Collèges sans voix exprimée"
    how = SPREAD_WORDS[tally.rule.empty_college]
    return [f"{label} ({', '.join(empty)}) : poids réparti {how} entre les autres collèges."]
