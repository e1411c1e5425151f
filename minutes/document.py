"""From a snapshot to a document: what the template prints, the PDF metadata and attachments.

`build_minutes(snapshot, draft=False)` gives the procès-verbal of a general meeting, the
compte rendu of a monthly meeting or the minutes of a board meeting, as a `Document` that
`minutes.render` turns into HTML and PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from minutes.attendance import summarise
from minutes.fr import long_date_fr
from minutes.resolutions import paragraphs, recount_name, resolution_view
from minutes.snapshot import MinutesError, MinutesSnapshot
from votes import Quorum, TallyResult

KINDS = {
    "AGO": "proces_verbal",
    "AGE": "proces_verbal",
    "AGM": "proces_verbal",
    "MONTHLY": "compte_rendu",
    "BOARD": "board_minutes",
}
HEADINGS = {
    "AGO": "Procès-verbal de l'assemblée générale ordinaire",
    "AGE": "Procès-verbal de l'assemblée générale extraordinaire",
    "AGM": "Procès-verbal de l'assemblée générale mixte",
    "MONTHLY": "Compte rendu de la réunion mensuelle des sociétaires",
}
BOARD_NAMES = {"SA": "conseil d'administration", "SAS": "conseil", "SARL": "conseil"}
SUBJECTS = {
    "proces_verbal": "Procès-verbal d'assemblée générale, feuille de présence en annexe",
    "compte_rendu": "Compte rendu de réunion mensuelle (avis consultatif)",
    "board_minutes": "Procès-verbal des délibérations du conseil",
}


@dataclass(frozen=True)
class Attachment:
    """A file embedded in the PDF (PDF/A-3 associated file)."""

    filename: str
    data: bytes
    description: str
    relationship: str = "Data"


@dataclass(frozen=True)
class Document:
    """A document ready to render. `kind` is what the register stores (proces_verbal,
    compte_rendu, board_minutes, or a paper form); `first_page` None means no register page
    numbering (letters and forms)."""

    kind: str
    template: str
    title: str
    subject: str
    author: str
    context: Mapping[str, object]
    attachments: tuple[Attachment, ...] = ()
    draft: bool = False
    first_page: int | None = 1
    created: datetime | None = None
    lang: str = "fr"


@dataclass(frozen=True)
class QuorumLine:
    part: str  # "", "ordinary" or "extraordinary" (a mixed AG states both)
    quorum: Quorum

    @property
    def reached(self) -> bool:
        return self.quorum.reached


@dataclass(frozen=True)
class Signature:
    role: str  # chair, scrutateur, secretary, gerant, gerant_chair, director
    name: str


def build_minutes(snapshot: MinutesSnapshot, draft: bool = False) -> Document:
    """The minutes of a meeting. Final minutes (draft=False) need the closing time and every
    vote closed, with its recount file; a draft is watermarked PROJET on every page."""
    if not draft and snapshot.closed_at is None:
        raise MinutesError("Heure de clôture manquante : seul un projet est possible.")
    meeting = snapshot.meeting
    kind = KINDS[meeting.kind]
    title = f"{heading(snapshot)} du {_day(snapshot)}"
    return Document(
        kind=kind,
        template=f"{kind}.html",
        title=title,
        subject=SUBJECTS[kind],
        author=snapshot.cooperative.name,
        context=_context(snapshot, draft, title),
        attachments=_attachments(snapshot),
        draft=draft,
        first_page=snapshot.first_page,
        created=snapshot.closed_at,
    )


def heading(snapshot: MinutesSnapshot) -> str:
    kind = snapshot.meeting.kind
    if kind == "BOARD":
        return f"Procès-verbal de la réunion du {BOARD_NAMES[snapshot.cooperative.legal_form]}"
    return HEADINGS[kind]


def _day(snapshot: MinutesSnapshot) -> str:
    return long_date_fr(snapshot.meeting.starts_at.astimezone(ZoneInfo(snapshot.meeting.timezone)))


def _context(snapshot: MinutesSnapshot, draft: bool, title: str) -> dict:
    zone = ZoneInfo(snapshot.meeting.timezone)

    def local(value: datetime | None) -> datetime | None:
        return None if value is None else value.astimezone(zone)

    meeting = snapshot.meeting
    quorums = quorum_lines(snapshot)
    resolutions = [
        resolution_view(r, _reached(snapshot, quorums, r.kind), draft)
        for r in sorted(snapshot.resolutions, key=lambda r: r.number)
    ]
    return {
        "title": title,
        "heading": heading(snapshot),
        "snapshot": snapshot,
        "coop": snapshot.cooperative,
        "meeting": meeting,
        "bureau": snapshot.bureau,
        "draft": draft,
        "local": local,
        "consultative": meeting.kind == "MONTHLY",
        "convocation": snapshot.convocation,
        "attendance": summarise(snapshot.attendees, _college_order(snapshot)),
        "quorums": quorums,
        "agenda": [(item.title, paragraphs(item.summary)) for item in snapshot.agenda],
        "resolutions": resolutions,
        "signatures": signatures(snapshot),
        "directors": _directors(snapshot),
    }


def quorum_lines(snapshot: MinutesSnapshot) -> list[QuorumLine]:
    if snapshot.quorum is None:
        return []
    if snapshot.extraordinary_quorum is None:
        return [QuorumLine("", snapshot.quorum)]
    return [
        QuorumLine("ordinary", snapshot.quorum),
        QuorumLine("extraordinary", snapshot.extraordinary_quorum),
    ]


def _reached(snapshot: MinutesSnapshot, quorums: list[QuorumLine], kind: str) -> bool:
    parts = {line.part: line.reached for line in quorums}
    if snapshot.meeting.kind == "BOARD":
        return board_quorum(snapshot)[2]
    return parts.get(kind, parts.get("", True))


def board_quorum(snapshot: MinutesSnapshot) -> tuple[int, int, bool]:
    """(directors present or remote, directors required, reached): half the directors."""
    attending = sum(1 for d in snapshot.directors if d.mode in ("present", "remote"))
    required = -(-len(snapshot.directors) // 2)
    return attending, required, attending >= required


def _directors(snapshot: MinutesSnapshot) -> dict:
    if not snapshot.directors:
        return {}
    groups = {
        mode: [d for d in snapshot.directors if d.mode == mode]
        for mode in ("present", "remote", "excused", "absent")
    }
    attending, required, reached = board_quorum(snapshot)
    return groups | {
        "attending": attending,
        "required": required,
        "reached": reached,
        "total": len(snapshot.directors),
    }


def _college_order(snapshot: MinutesSnapshot) -> list[str]:
    for resolution in snapshot.resolutions:
        if isinstance(resolution.result, TallyResult) and resolution.result.weighted:
            return [row.name for row in resolution.result.colleges]
    return []


def signatures(snapshot: MinutesSnapshot) -> list[Signature]:
    """Who signs: the bureau (SA, SAS), the gérant(s) and the chair (SARL), the secretary
    and chair of a monthly meeting, the chair and one director of a board meeting."""
    bureau = snapshot.bureau
    kind = snapshot.meeting.kind
    if kind == "BOARD":
        return [
            Signature("board_chair", bureau.chair),
            Signature("director", snapshot.board_signatory),
        ]
    secretary = [Signature("secretary", bureau.secretary)] if bureau.secretary else []
    if kind == "MONTHLY":
        return [Signature("chair", bureau.chair), *secretary]
    if snapshot.cooperative.legal_form == "SARL":
        return _sarl_signatures(bureau.gerants, bureau.chair)
    scrutateurs = [Signature("scrutateur", name) for name in bureau.scrutateurs]
    return [Signature("chair", bureau.chair), *scrutateurs, *secretary]


def _sarl_signatures(gerants: tuple[str, ...], chair: str) -> list[Signature]:
    blocks = [Signature("gerant_chair" if g == chair else "gerant", g) for g in gerants]
    return blocks if chair in gerants else [*blocks, Signature("chair", chair)]


def _attachments(snapshot: MinutesSnapshot) -> tuple[Attachment, ...]:
    return tuple(
        Attachment(
            filename=recount_name(r.number),
            data=r.recount.encode("utf-8"),
            description=f"Recomptage de la résolution n° {r.number} (format scic-recount/1)",
        )
        for r in sorted(snapshot.resolutions, key=lambda r: r.number)
        if r.recount is not None
    )
