"""Benchmark: minutes of an AG with 10 resolutions and 10,000 attendees, annex included.

Prints the time to build, lay out and write the whole PDF/A document, its pages and pages per
second, next to a plain single-table WeasyPrint rendering of the same attendance list (one
<tr> per member, six columns), the layout the annex avoids.

Run with `.venv/bin/python bench/minutes.py` (add `--attendees 2000` for a quick run,
`--no-reference` to skip the slow table).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from weasyprint import HTML  # noqa: E402

from minutes import (  # noqa: E402
    AgendaItem,
    Attendee,
    Bureau,
    Convocation,
    Cooperative,
    Meeting,
    MinutesSnapshot,
    Resolution,
    Sending,
    build_minutes,
    html_to_pdf,
    render_html,
)
from minutes.attendance import MODE_WORDS  # noqa: E402
from votes import Ballot, College, Quorum, Recount  # noqa: E402

COLLEGES = (
    College("A", "Salariés", "30"),
    College("B", "Usagers et bénéficiaires", "30"),
    College("C", "Collectivités publiques", "20"),
    College("D", "Partenaires et soutiens", "20"),
)
FIRST = ("Marie", "Jean", "Aïcha", "Paul", "Léa", "Hugo", "Nina", "Omar", "Chloé", "Inès", "Zoé")
LAST = ("Durand", "Martin", "Benali", "Moreau", "Laurent", "Haddad", "Garnier", "Lefèvre", "Roux")
MODES = ["present"] * 60 + ["remote"] * 15 + ["represented"] * 15 + ["postal"] * 10
CHOICES = ["for"] * 55 + ["against"] * 30 + ["abstain"] * 10 + ["blank"] * 3 + ["null"] * 2


def attendees(count: int, rng: random.Random) -> list[Attendee]:
    people = []
    for number in range(1, count + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}"
        mode = rng.choice(MODES)
        holder = None
        if mode == "represented" and rng.random() < 0.8:
            holder = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        college = COLLEGES[number % len(COLLEGES)].name
        people.append(Attendee(name, number, college, mode, holder))
    return people


def resolutions(people: list[Attendee], quorum: Quorum, rng: random.Random) -> list[Resolution]:
    codes = {college.name: college.code for college in COLLEGES}
    result = []
    for number in range(1, 11):
        ballots = tuple(
            Ballot(codes[p.college], _choice(p, rng), f"{rng.getrandbits(64):016x}") for p in people
        )
        title = f"Résolution de test n° {number}"
        text = "L'assemblée générale décide ce qui suit. " * 12
        recount = Recount(title, COLLEGES, ballots, quorum=quorum, board_supports=True)
        result.append(Resolution.from_recount(number, title, text, recount))
    return result


def _choice(person: Attendee, rng: random.Random) -> str:
    if person.mode == "represented" and person.proxy_holder is None:
        return "blank_proxy"
    return rng.choice(CHOICES)


def snapshot(count: int) -> MinutesSnapshot:
    rng = random.Random(2026)
    people = attendees(count, rng)
    modes = [p.mode for p in people]
    quorum = Quorum(
        eligible=count * 2,
        required="1/5",
        **{mode: modes.count(mode) for mode in ("present", "remote", "represented", "postal")},
    )
    return MinutesSnapshot(
        cooperative=Cooperative("Grande Coopérative", "SA", "1 place Bellecour, 69002 Lyon"),
        meeting=Meeting(
            "AGO",
            "Assemblée générale 2026",
            datetime(2026, 6, 6, 8, tzinfo=UTC),
            place="Palais des congrès, Lyon",
        ),
        bureau=Bureau("Marie Durand", "Luc Petit", ("Paul Martin", "Aïcha Benali")),
        convocation=Convocation(
            1, (Sending("email", count * 2, datetime(2026, 5, 15, tzinfo=UTC)),)
        ),
        attendees=tuple(people),
        quorum=quorum,
        agenda=tuple(AgendaItem(f"Point {n}", "Débat résumé. " * 20) for n in range(1, 11)),
        documents=("Rapport de gestion", "Comptes annuels"),
        resolutions=tuple(resolutions(people, quorum, rng)),
        closed_at=datetime(2026, 6, 6, 12, tzinfo=UTC),
        audit_head="ab" * 32,
        roll_fingerprint="cd" * 32,
        first_page=101,
        entry_number=7,
    )


def reference_table(people: list[Attendee]) -> tuple[float, int]:
    """The same list as a plain six-column table, one <tr> per member."""
    rows = "".join(
        f"<tr><td>{p.number}</td><td>{p.name}</td><td>{p.college}</td>"
        f"<td>{MODE_WORDS[p.mode].format(holder='')}</td><td>{p.proxy_holder or ''}</td>"
        "<td></td></tr>"
        for p in people
    )
    html = (
        "<html><head><style>@page { size: A4; margin: 18mm }"
        "table { border-collapse: collapse; font: 7.5pt 'DejaVu Sans' } td { border: 0.5pt solid }"
        "</style></head><body><table><thead><tr><th>N°</th><th>Associé</th><th>Collège</th>"
        "<th>Participation</th><th>Mandataire</th><th>Émargement</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></body></html>"
    )
    start = time.perf_counter()
    document = HTML(string=html).render()
    document.write_pdf()
    return time.perf_counter() - start, len(document.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=10_000)
    parser.add_argument("--no-reference", action="store_true")
    args = parser.parse_args()
    print(f"Machine : {os.cpu_count()} cœurs (nproc), {platform.processor() or platform.machine()}")
    start = time.perf_counter()
    data = snapshot(args.attendees)
    built = time.perf_counter()
    document = build_minutes(data)
    html = render_html(document)
    templated = time.perf_counter()
    rendered = html_to_pdf(html, document.attachments, document.created)
    done = time.perf_counter()
    total = done - built
    print(
        f"Données de test ({args.attendees} participants, 10 résolutions) : {built - start:.2f} s"
    )
    print(
        f"Procès-verbal : document et HTML {templated - built:.2f} s, "
        f"PDF/A {done - templated:.2f} s, total {total:.2f} s"
    )
    print(
        f"  {rendered.page_count} pages, {rendered.page_count / total:.1f} pages/s, "
        f"{len(rendered.pdf) / 1e6:.1f} Mo, {total / args.attendees * 1000:.2f} ms par participant"
    )
    if not args.no_reference:
        seconds, pages = reference_table(list(data.attendees))
        print(
            f"Référence, même feuille de présence en tableau simple : {seconds:.2f} s, "
            f"{pages} pages, {seconds / args.attendees * 1000:.2f} ms par ligne"
        )


if __name__ == "__main__":
    main()
