"""A meeting as plain data: everything the minutes state, frozen at the moment they are built.

The `scic` service fills these dataclasses from the database; nothing here knows about it.
Datetimes are aware (UTC or any zone): the documents show them in `Meeting.timezone`.
Invalid data raises MinutesError, whose message is one line of French.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from votes import BoardResult, Quorum, Recount, TallyResult, dump_recount

LEGAL_FORMS = ("SA", "SAS", "SARL")
MEETING_KINDS = ("AGO", "AGE", "AGM", "BOARD", "MONTHLY")
GENERAL_MEETINGS = ("AGO", "AGE", "AGM")
ATTENDANCE_MODES = ("present", "remote", "represented", "postal")
DIRECTOR_MODES = ("present", "remote", "excused", "absent")
RESOLUTION_KINDS = ("ordinary", "extraordinary")
SENDING_MODES = ("email", "post")


class MinutesError(ValueError):
    """Data that cannot make a legal document; the message is one line of French."""


def check_aware(value: datetime | None, what: str) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise MinutesError(f"{what} : la date doit porter son fuseau horaire.")


def check_choice(value: object, allowed: tuple, what: str) -> None:
    if value not in allowed:
        raise MinutesError(
            f"{what} : valeur inconnue « {value} » (attendu : {', '.join(allowed)})."
        )


def check_text(value: object, what: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise MinutesError(f"{what} : texte obligatoire manquant.")


@dataclass(frozen=True)
class Cooperative:
    name: str
    legal_form: Literal["SA", "SAS", "SARL"]
    head_office: str
    siren: str | None = None
    rcs_city: str | None = None
    variable_capital: bool = True
    capital_floor_cents: int = 0

    def __post_init__(self) -> None:
        check_text(self.name, "Nom de la coopérative")
        check_choice(self.legal_form, LEGAL_FORMS, "Forme juridique")
        check_text(self.head_office, "Siège social")


@dataclass(frozen=True)
class Meeting:
    kind: Literal["AGO", "AGE", "AGM", "BOARD", "MONTHLY"]
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    place: str = ""
    video_url: str = ""
    timezone: str = "Europe/Paris"

    def __post_init__(self) -> None:
        check_choice(self.kind, MEETING_KINDS, "Type de réunion")
        check_text(self.title, "Titre de la réunion")
        check_aware(self.starts_at, "Début de la réunion")
        check_aware(self.ends_at, "Fin de la réunion")
        if not self.place.strip() and not self.video_url.strip():
            raise MinutesError("Lieu : indiquer une adresse ou un lien de visioconférence.")

    @property
    def general(self) -> bool:
        return self.kind in GENERAL_MEETINGS


@dataclass(frozen=True)
class Sending:
    """Convocations sent one way: how many, and between which dates."""

    mode: Literal["email", "post"]
    count: int
    first_sent_at: datetime
    last_sent_at: datetime | None = None

    def __post_init__(self) -> None:
        check_choice(self.mode, SENDING_MODES, "Mode d'envoi de la convocation")
        if not isinstance(self.count, int) or self.count < 1:
            raise MinutesError("Envoi des convocations : le nombre d'envois doit être positif.")
        check_aware(self.first_sent_at, "Date d'envoi des convocations")
        check_aware(self.last_sent_at, "Date d'envoi des convocations")


@dataclass(frozen=True)
class Convocation:
    """How the meeting was convened. `first_meeting_at`: on 2nd convocation, the date of the
    meeting convened first, which lacked quorum. `late_reason`: why the delay was not met."""

    rank: Literal[1, 2] = 1
    sendings: tuple[Sending, ...] = ()
    first_meeting_at: datetime | None = None
    late_reason: str = ""

    def __post_init__(self) -> None:
        check_choice(self.rank, (1, 2), "Rang de la convocation")
        object.__setattr__(self, "sendings", tuple(self.sendings))
        check_aware(self.first_meeting_at, "Date de la première assemblée")
        if self.rank == 2 and self.first_meeting_at is None:
            raise MinutesError("Deuxième convocation : indiquer la date de la première assemblée.")


@dataclass(frozen=True)
class Bureau:
    """The bureau. In a SARL, `gerants` names the gérant(s), who sign with the chair."""

    chair: str
    secretary: str = ""
    scrutateurs: tuple[str, ...] = ()
    gerants: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_text(self.chair, "Président de séance")
        object.__setattr__(self, "scrutateurs", tuple(self.scrutateurs))
        object.__setattr__(self, "gerants", tuple(self.gerants))


@dataclass(frozen=True)
class Attendee:
    """One line of the attendance sheet. `college` is the college's name ("" without
    colleges); `proxy_holder` names who represents a `represented` member (None: blank proxy)."""

    name: str
    number: int
    college: str = ""
    mode: Literal["present", "remote", "represented", "postal"] = "present"
    proxy_holder: str | None = None

    def __post_init__(self) -> None:
        check_text(self.name, "Feuille de présence : nom")
        check_choice(self.mode, ATTENDANCE_MODES, f"Feuille de présence ({self.name})")
        if self.proxy_holder is not None and self.mode != "represented":
            raise MinutesError(
                f"Feuille de présence ({self.name}) : un mandataire n'est possible "
                "que pour un associé représenté."
            )


@dataclass(frozen=True)
class AgendaItem:
    """An agenda item and the secretary's summary of the debates (paragraphs split by a
    blank line)."""

    title: str
    summary: str = ""

    def __post_init__(self) -> None:
        check_text(self.title, "Ordre du jour : intitulé")


@dataclass(frozen=True)
class Resolution:
    """A resolution put to the vote. `result` is a votes.TallyResult (general and monthly
    meetings) or a votes.BoardResult (board); None while the vote is open or when it was not
    put to the vote. `recount` is the scic-recount/1 JSON text (votes.dump_recount)."""

    number: int
    title: str
    text: str
    kind: Literal["ordinary", "extraordinary"] = "ordinary"
    result: TallyResult | BoardResult | None = None
    recount: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.number, int) or self.number < 1:
            raise MinutesError(f"Résolution « {self.title} » : numéro invalide {self.number!r}.")
        check_text(self.title, f"Résolution n° {self.number} : titre")
        check_text(self.text, f"Résolution n° {self.number} : texte")
        check_choice(self.kind, RESOLUTION_KINDS, f"Résolution n° {self.number} : nature")
        if self.recount is not None and not isinstance(self.result, TallyResult):
            raise MinutesError(
                f"Résolution n° {self.number} : un fichier de recomptage sans résultat de vote."
            )

    @classmethod
    def from_recount(
        cls, number: int, title: str, text: str, recount: Recount, kind: str = "ordinary"
    ) -> Resolution:
        """A resolution whose result and recount file both come from one votes.Recount."""
        return cls(number, title, text, kind, recount.tally(), dump_recount(recount))


@dataclass(frozen=True)
class Director:
    """A board member at a board meeting; an excused director may be represented."""

    name: str
    mode: Literal["present", "remote", "excused", "absent"]
    role: str = ""
    proxy_holder: str | None = None

    def __post_init__(self) -> None:
        check_text(self.name, "Administrateur : nom")
        check_choice(self.mode, DIRECTOR_MODES, f"Administrateur ({self.name})")
        if self.proxy_holder is not None and self.mode != "excused":
            raise MinutesError(f"Administrateur ({self.name}) : seul un excusé est représenté.")


@dataclass(frozen=True)
class MinutesSnapshot:
    """Everything the minutes of one meeting state.

    General meetings (AGO, AGE, AGM) need `convocation` and `quorum`; a mixed AG (AGM) also
    `extraordinary_quorum` (the quorum of its extraordinary resolutions). Board meetings need
    `directors`; `board_signatory` is the director who signs with the chair. `first_page` is the
    register page the document starts on; `entry_number` its register number once final;
    `rectifies_entry` the number of the entry a rectifying entry corrects.
    """

    cooperative: Cooperative
    meeting: Meeting
    bureau: Bureau
    convocation: Convocation | None = None
    attendees: tuple[Attendee, ...] = ()
    quorum: Quorum | None = None
    extraordinary_quorum: Quorum | None = None
    agenda: tuple[AgendaItem, ...] = ()
    documents: tuple[str, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    audit_head: str = ""
    roll_fingerprint: str = ""
    directors: tuple[Director, ...] = ()
    board_signatory: str = ""
    first_page: int = 1
    entry_number: int | None = None
    rectifies_entry: int | None = None

    def __post_init__(self) -> None:
        for name in ("attendees", "agenda", "documents", "resolutions", "directors"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        check_aware(self.opened_at, "Ouverture de la séance")
        check_aware(self.closed_at, "Clôture de la séance")
        self._check_register()
        self._check_kind()
        numbers = [resolution.number for resolution in self.resolutions]
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            raise MinutesError(f"Résolutions : le numéro {duplicates[0]} est utilisé deux fois.")
        for quorum in (self.quorum, self.extraordinary_quorum):
            if quorum is not None:
                self._check_quorum(quorum)

    def _check_register(self) -> None:
        if not isinstance(self.first_page, int) or self.first_page < 1:
            raise MinutesError(f"Registre : numéro de première page invalide {self.first_page!r}.")
        for value in (self.entry_number, self.rectifies_entry):
            if value is not None and (not isinstance(value, int) or value < 1):
                raise MinutesError(f"Registre : numéro d'entrée invalide {value!r}.")

    def _check_kind(self) -> None:
        kind = self.meeting.kind
        if self.meeting.general:
            if self.convocation is None or self.quorum is None:
                raise MinutesError("Assemblée générale : la convocation et le quorum sont requis.")
            if self.cooperative.legal_form == "SARL" and not self.bureau.gerants:
                raise MinutesError("SARL : indiquer les gérants, qui signent le procès-verbal.")
        if (self.extraordinary_quorum is not None) != (kind == "AGM"):
            raise MinutesError("Quorum extraordinaire : pour une assemblée mixte seulement.")
        if kind == "BOARD" and not self.directors:
            raise MinutesError("Conseil : la liste des administrateurs est requise.")
        wrong = {"BOARD": TallyResult}.get(kind, BoardResult)
        if any(isinstance(r.result, wrong) for r in self.resolutions):
            raise MinutesError(
                "Résolutions : une délibération du conseil se décide par votes.decide_board, "
                "une résolution d'assemblée par votes.tally."
            )

    def _check_quorum(self, quorum: Quorum) -> None:
        modes = [attendee.mode for attendee in self.attendees]
        counted = {mode: modes.count(mode) for mode in ATTENDANCE_MODES}
        remote_ok = quorum.remote in (0, counted["remote"])
        same = all(getattr(quorum, mode) == counted[mode] for mode in ("present", "represented"))
        if not (same and remote_ok and quorum.postal == counted["postal"]):
            raise MinutesError(
                f"Quorum : {quorum.present} présents, {quorum.remote} à distance, "
                f"{quorum.represented} représentés et {quorum.postal} votes par correspondance "
                f"ne correspondent pas à la feuille de présence ({counted['present']}, "
                f"{counted['remote']}, {counted['represented']}, {counted['postal']})."
            )
