"""Paper documents for members who receive their convocation by post: the convocation letter,
the proxy form (pouvoir) and the postal voting form, one set of pages per member.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from minutes.document import Document
from minutes.fr import long_date_fr
from minutes.snapshot import (
    RESOLUTION_KINDS,
    Cooperative,
    Meeting,
    MinutesError,
    check_aware,
    check_choice,
    check_text,
)

PARTS = ("convocation", "proxy", "postal")
ASSEMBLIES = {
    "AGO": "l'assemblée générale ordinaire",
    "AGE": "l'assemblée générale extraordinaire",
    "AGM": "l'assemblée générale mixte",
}
TITLES = {
    "convocation": "Convocation à",
    "proxy": "Pouvoir pour",
    "postal": "Formulaire de vote par correspondance pour",
}


@dataclass(frozen=True)
class ProposedResolution:
    """A draft resolution as sent to members; `board_supports` decides how a blank proxy
    votes on it (for when True, against otherwise)."""

    number: int
    title: str
    text: str
    kind: Literal["ordinary", "extraordinary"] = "ordinary"
    board_supports: bool | None = None

    def __post_init__(self) -> None:
        check_text(self.title, f"Projet de résolution n° {self.number} : titre")
        check_text(self.text, f"Projet de résolution n° {self.number} : texte")
        check_choice(self.kind, RESOLUTION_KINDS, f"Projet de résolution n° {self.number}")


@dataclass(frozen=True)
class Addressee:
    """A member receiving paper: name, member number, postal address lines, college name."""

    name: str
    number: int
    address: tuple[str, ...] = ()
    college: str = ""

    def __post_init__(self) -> None:
        check_text(self.name, "Destinataire : nom")
        object.__setattr__(self, "address", tuple(self.address))


@dataclass(frozen=True)
class Notice:
    """What every paper document of one general meeting says. `signatory` signs the letter
    for the convener (`signatory_title`, e.g. « Président du conseil d'administration »);
    `first_meeting_at` is required on 2nd convocation; `postal_deadline` when postal votes
    are allowed (at most 3 days before the meeting)."""

    cooperative: Cooperative
    meeting: Meeting
    sent_on: date
    signatory: str
    signatory_title: str
    agenda: tuple[str, ...]
    resolutions: tuple[ProposedResolution, ...] = ()
    rank: Literal[1, 2] = 1
    first_meeting_at: datetime | None = None
    documents: tuple[str, ...] = ()
    documents_where: str = "au siège social et sur l'espace des sociétaires"
    proxy_cap: int | None = None
    proxy_to_partner: bool = False
    postal_votes_allowed: bool = True
    postal_deadline: date | None = None

    def __post_init__(self) -> None:
        for name in ("agenda", "resolutions", "documents"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not self.meeting.general:
            raise MinutesError("Convocation papier : réservée aux assemblées générales.")
        check_text(self.signatory, "Convocation : signataire")
        check_aware(self.first_meeting_at, "Date de la première assemblée")
        if self.rank == 2 and self.first_meeting_at is None:
            raise MinutesError("Deuxième convocation : indiquer la date de la première assemblée.")
        if not self.agenda:
            raise MinutesError("Convocation : l'ordre du jour est vide.")
        if self.postal_votes_allowed and self.postal_deadline is None:
            raise MinutesError("Vote par correspondance : indiquer la date limite de réception.")
        if self.postal_deadline is not None and self.postal_deadline >= self.meeting_day:
            raise MinutesError("Vote par correspondance : la date limite précède l'assemblée.")

    @property
    def meeting_day(self) -> date:
        return self.meeting.starts_at.astimezone(_zone(self.meeting)).date()


def _zone(meeting: Meeting) -> ZoneInfo:
    return ZoneInfo(meeting.timezone)


def paper_documents(
    notice: Notice, addressees: Sequence[Addressee], parts: Sequence[str] | None = None
) -> Document:
    """One document holding, for each member in turn, the requested parts (by default the
    convocation letter, the proxy form and, when allowed, the postal voting form)."""
    if parts is None:
        parts = PARTS if notice.postal_votes_allowed else PARTS[:2]
    for part in parts:
        check_choice(part, PARTS, "Document papier")
    if "postal" in parts and not notice.postal_votes_allowed:
        raise MinutesError("Vote par correspondance : non prévu par les statuts.")
    if not addressees:
        raise MinutesError("Documents papier : aucun destinataire.")
    zone = _zone(notice.meeting)
    assembly = ASSEMBLIES[notice.meeting.kind]
    day = long_date_fr(notice.meeting.starts_at.astimezone(zone))
    title = f"{TITLES[parts[0]]} {assembly} du {day}"
    return Document(
        kind="paper",
        template="paper.html",
        title=title if len(parts) == 1 else f"Convocation, pouvoir et vote : {assembly} du {day}",
        subject="Documents de convocation à l'assemblée générale",
        author=notice.cooperative.name,
        context={
            "notice": notice,
            "coop": notice.cooperative,
            "meeting": notice.meeting,
            "addressees": tuple(addressees),
            "parts": tuple(parts),
            "assembly": assembly,
            "start": notice.meeting.starts_at.astimezone(zone),
            "local": lambda value: None if value is None else value.astimezone(zone),
        },
        first_page=None,
    )


def convocation_letters(notice: Notice, addressees: Sequence[Addressee]) -> Document:
    return paper_documents(notice, addressees, ("convocation",))


def proxy_forms(notice: Notice, addressees: Sequence[Addressee]) -> Document:
    return paper_documents(notice, addressees, ("proxy",))


def postal_vote_forms(notice: Notice, addressees: Sequence[Addressee]) -> Document:
    return paper_documents(notice, addressees, ("postal",))
