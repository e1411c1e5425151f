"""Plurality elections for n seats (e.g. directors).

Each ballot names up to n distinct candidates (an empty ballot is blank). The n candidates
with the most votes are elected; a candidate needs at least one vote. A tie for the last
seat(s) is broken by the statutory rule:
- "older": the older candidate by birth date (the default); equal birth dates stay tied;
- "lot": a draw with `random.Random(seed)` over the tied candidates sorted by id, so anyone
  with the seed can replay it;
- "none": no decision, the seats in dispute stay vacant.
Seats left undecided are reported in `vacant`, the candidates concerned in `tied`.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from votes.display import plural
from votes.model import VoteError

TIE_BREAKS = ("older", "lot", "none")
TieBreak = Literal["older", "lot", "none"]


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    birth_date: date | None = None


@dataclass(frozen=True)
class ElectionResult:
    """`ranking` lists (candidate, votes) by decreasing votes (ties in the given order)."""

    seats: int
    ranking: tuple[tuple[Candidate, int], ...]
    elected: tuple[Candidate, ...]
    tied: tuple[Candidate, ...]
    vacant: int
    ballots: int
    blank: int
    tie_break: TieBreak

    @property
    def explanation(self) -> str:
        names = ", ".join(c.name for c in self.elected) or "personne"
        text = (
            f"{plural(self.ballots, 'bulletin')} dont {plural(self.blank, 'blanc')} ; "
            f"{plural(self.seats, 'siège')} à pourvoir. Élu(s) : {names}."
        )
        if self.tied:
            tied = ", ".join(c.name for c in self.tied)
            text += f" Égalité pour le dernier siège entre {tied}"
            text += {
                "older": " : départagée au bénéfice de l'âge.",
                "lot": " : départagée par tirage au sort.",
                "none": " : pas de décision.",
            }[self.tie_break]
        if self.vacant:
            text += f" {plural(self.vacant, 'siège')} non pourvu(s)."
        return text


def check_election_ballot(
    choices: Sequence[str], candidate_ids: Iterable[str], seats: int
) -> tuple[str, ...]:
    """A ballot's candidate ids, or VoteError: more than `seats`, a duplicate, an unknown id."""
    if isinstance(choices, str):
        raise VoteError("Bulletin illisible : attendu une liste de candidats.")
    chosen = tuple(choices)
    if len(chosen) > seats:
        raise VoteError(
            f"Bulletin refusé : {plural(len(chosen), 'candidat')} choisis "
            f"pour {plural(seats, 'siège')}."
        )
    if len(set(chosen)) != len(chosen):
        raise VoteError("Bulletin refusé : un candidat y figure plusieurs fois.")
    known = set(candidate_ids)
    for choice in chosen:
        if choice not in known:
            raise VoteError(f"Bulletin refusé : candidat inconnu « {choice} ».")
    return chosen


def elect(
    candidates: Sequence[Candidate],
    ballots: Iterable[Sequence[str]],
    seats: int,
    tie_break: TieBreak = "older",
    seed: int | str | None = None,
) -> ElectionResult:
    """Count the ballots (sequences of candidate ids) and fill `seats` seats."""
    _check_setup(candidates, seats, tie_break, seed)
    ids = [c.id for c in candidates]
    votes: Counter[str] = Counter()
    total = blank = 0
    for ballot in ballots:
        chosen = check_election_ballot(ballot, ids, seats)
        votes.update(chosen)
        total += 1
        blank += not chosen
    ranked = sorted(candidates, key=lambda c: -votes[c.id])
    running = [c for c in ranked if votes[c.id] > 0]
    elected, tied = running[:seats], []
    if len(running) > seats:
        cutoff = votes[running[seats - 1].id]
        sure = [c for c in running if votes[c.id] > cutoff]
        level = [c for c in running if votes[c.id] == cutoff]
        if len(sure) + len(level) > seats:
            tied = level
            elected = sure + _break_tie(level, seats - len(sure), tie_break, seed)
    return ElectionResult(
        seats=seats,
        ranking=tuple((c, votes[c.id]) for c in ranked),
        elected=tuple(elected),
        tied=tuple(tied),
        vacant=seats - len(elected),
        ballots=total,
        blank=blank,
        tie_break=tie_break,
    )


def _check_setup(candidates: Sequence[Candidate], seats: int, tie_break: str, seed: object) -> None:
    if not isinstance(seats, int) or isinstance(seats, bool) or seats < 1:
        raise VoteError(f"Élection : nombre de sièges invalide « {seats} ».")
    if len({c.id for c in candidates}) != len(candidates):
        raise VoteError("Élection : deux candidats ont le même identifiant.")
    if tie_break not in TIE_BREAKS:
        raise VoteError(f"Élection : règle de départage inconnue « {tie_break} ».")
    if tie_break == "lot" and seed is None:
        raise VoteError("Élection : un tirage au sort demande une graine (seed) publiée.")


def _break_tie(
    level: list[Candidate], free: int, rule: str, seed: int | str | None
) -> list[Candidate]:
    """The `free` winners among the tied candidates; fewer when the rule cannot decide."""
    if rule == "none":
        return []
    if rule == "lot":
        pool = sorted(level, key=lambda c: c.id)
        return random.Random(seed).sample(pool, free)
    missing = [c.name for c in level if c.birth_date is None]
    if missing:
        raise VoteError(f"Élection : date de naissance manquante pour {', '.join(missing)}.")
    oldest = sorted(level, key=lambda c: c.birth_date)
    boundary = oldest[free - 1].birth_date
    if oldest[free].birth_date != boundary:
        return oldest[:free]
    return [c for c in oldest if c.birth_date < boundary]
