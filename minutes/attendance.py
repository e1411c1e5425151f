"""The attendance sheet: counts per mode and per college, and the annex as fixed-width text.

The annex of a large meeting has thousands of lines. WeasyPrint lays out a table row in about
3.5 ms, but a line of preformatted text in about 0.4 ms: the list is therefore written as
blocks of monospaced lines, in columns, a long name wrapping onto a continuation line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest
from textwrap import wrap

from minutes.snapshot import ATTENDANCE_MODES, Attendee

MODE_WORDS = {
    "present": "Présent",
    "remote": "À distance",
    "represented": "Représenté par {holder}",
    "postal": "Vote par correspondance",
}
BLANK_PROXY = "Pouvoir en blanc (au président)"
HEADINGS = ("N°", "Associé", "Collège", "Participation")
WIDTHS = (6, 36, 24, 38)  # characters; 110 with the gaps, the width of an A4 page at 7.4 pt
GAP = "  "
BLOCK_LINES = 60  # lines per <pre>: long enough to be cheap, short enough to lay out fast


@dataclass(frozen=True)
class Tally:
    """Attendance counts by mode, for one college or overall."""

    label: str
    present: int = 0
    remote: int = 0
    represented: int = 0
    postal: int = 0

    @property
    def total(self) -> int:
        return self.present + self.remote + self.represented + self.postal


@dataclass(frozen=True)
class Attendance:
    """What the minutes say about who took part."""

    overall: Tally
    colleges: tuple[Tally, ...]
    named_proxies: int
    blank_proxies: int
    header: str
    blocks: tuple[str, ...]


def summarise(attendees: Sequence[Attendee], college_order: Sequence[str] = ()) -> Attendance:
    """Counts overall and per college (in `college_order`, then in order of appearance)."""
    names = list(dict.fromkeys([*college_order, *(a.college for a in attendees if a.college)]))
    represented = [a for a in attendees if a.mode == "represented"]
    blank = sum(1 for a in represented if a.proxy_holder is None)
    return Attendance(
        overall=_count("Total", attendees),
        colleges=tuple(_count(name, [a for a in attendees if a.college == name]) for name in names),
        named_proxies=len(represented) - blank,
        blank_proxies=blank,
        header=_line(HEADINGS),
        blocks=annex_blocks(attendees),
    )


def _count(label: str, attendees: Sequence[Attendee]) -> Tally:
    modes = [attendee.mode for attendee in attendees]
    return Tally(label, **{mode: modes.count(mode) for mode in ATTENDANCE_MODES})


def annex_blocks(attendees: Sequence[Attendee], size: int = BLOCK_LINES) -> tuple[str, ...]:
    """The attendance list as blocks of at most `size` fixed-width lines.

    A member's wrapped lines always stay in the same block.
    """
    blocks: list[str] = []
    lines: list[str] = []
    for attendee in attendees:
        entry = annex_lines(attendee)
        if lines and len(lines) + len(entry) > size:
            blocks.append("\n".join(lines))
            lines = []
        lines += entry
    if lines:
        blocks.append("\n".join(lines))
    return tuple(blocks)


def annex_lines(attendee: Attendee) -> list[str]:
    """One member's line(s): number, name, college, how they took part."""
    if attendee.mode == "represented" and attendee.proxy_holder is None:
        mode = BLANK_PROXY
    else:
        mode = MODE_WORDS[attendee.mode].format(holder=attendee.proxy_holder)
    cells = (str(attendee.number), attendee.name, attendee.college, mode)
    columns = [wrap(cell, width) or [""] for cell, width in zip(cells, WIDTHS, strict=True)]
    return [_line(row) for row in zip_longest(*columns, fillvalue="")]


def _line(cells: Sequence[str]) -> str:
    number, *others = cells
    padded = [number.rjust(WIDTHS[0])] + [
        cell.ljust(width) for cell, width in zip(others, WIDTHS[1:], strict=True)
    ]
    return GAP.join(padded).rstrip()
