"""Benchmark: tally 1,000,000 ballots over 5 colleges, against a bare Counter as the floor.

Run with `.venv/bin/python bench/tally.py`. Each figure is the best of a few runs.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from votes import CHOICES, Ballot, Counts, tally  # noqa: E402

BALLOTS = 1_000_000
COLLEGES = [
    ("A", "Salariés", "30"),
    ("B", "Usagers", "25"),
    ("C", "Bénévoles", "15"),
    ("D", "Collectivités", "15"),
    ("E", "Partenaires", "15"),
]
RUNS = 3


def best(function, runs: int = RUNS) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return min(times), value


def main() -> None:
    rng = random.Random(2026)
    pairs = [(code, choice) for code, _, _ in COLLEGES for choice in CHOICES]
    weights = [rng.randint(1, 20) for _ in pairs]
    ballots = rng.choices(pairs, weights, k=BALLOTS)

    floor, _ = best(lambda: Counter(ballots))
    elapsed, by_ballots = best(lambda: tally(COLLEGES, ballots))
    per_college = {code: dict.fromkeys(CHOICES, 0) for code, _, _ in COLLEGES}
    for (code, choice), number in Counter(ballots).items():
        per_college[code][choice] = number
    counts = [Counts.of(code, numbers) for code, numbers in per_college.items()]
    from_counts, by_counts = best(lambda: tally(COLLEGES, counts=counts))
    assert by_counts == by_ballots, "counts and ballots disagree"

    print(
        f"ballots: {BALLOTS}  tally: {elapsed:.3f} s  ({BALLOTS / elapsed / 1e6:.1f} M ballots/s)"
        f"  Counter floor: {floor:.3f} s  ratio: {elapsed / floor:.1f}x"
    )
    print(f"counts: {len(counts)} colleges  tally: {from_counts * 1000:.3f} ms")
    objects = [Ballot(code, choice) for code, choice in ballots]
    dataclass_time, by_objects = best(lambda: tally(COLLEGES, objects), runs=1)
    assert by_objects == by_ballots, "Ballot objects and pairs disagree"
    print(f"Ballot dataclasses: {BALLOTS}  tally: {dataclass_time:.3f} s")
    print(f"result: {by_ballots.result} = {by_ballots.percent} %  adopted: {by_ballots.adopted}")


if __name__ == "__main__":
    main()
