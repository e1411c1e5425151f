"""One row of a register CSV file: its columns and the checks of each cell, with a
French message naming the column. Used by ``register_io``."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, select

from ..models import Category, College, Cooperative, Member
from ..models.member import name_key
from ..models.types import utcnow
from . import ServiceError
from .capital import min_parts, today
from .settings import get_cooperative

COLUMNS = [
    ("numero", "Numéro d'associé ; vide : attribué à la suite"),
    ("type", "« physique » (par défaut) ou « morale »"),
    ("prenom", "Prénom (personne physique)"),
    ("nom", "Nom ; pour une personne morale, vide : la raison sociale"),
    ("raison_sociale", "Raison sociale (personne morale)"),
    ("siren", "SIREN, 9 chiffres (personne morale)"),
    ("representant", "Représentant légal (personne morale)"),
    ("email", "Adresse e-mail"),
    ("telephone", "Téléphone"),
    ("adresse", "Adresse postale"),
    ("categorie", "Code de la catégorie (obligatoire)"),
    ("college", "Code du collège de vote"),
    ("statut", "« admis » (par défaut) ou « candidat »"),
    ("date_candidature", "Date de candidature (AAAA-MM-JJ ou JJ/MM/AAAA)"),
    ("date_admission", "Date d'admission, obligatoire pour un associé admis"),
    ("organe_admission", "Organe qui a décidé l'admission ; vide : « Reprise du registre »"),
    ("convocation_email", "« oui » si l'associé accepte les convocations par e-mail"),
    ("parts", "Nombre de parts détenues (associé admis)"),
    ("libere", "Montant libéré en euros ; vide : entièrement libéré"),
]
STATUSES = {"admis": "admitted", "admise": "admitted", "candidat": "candidate"}
STATUSES |= {"candidate": "candidate"}
KINDS = {"physique": "natural", "morale": "legal"}
YES_NO = {"oui": True, "o": True, "1": True, "non": False, "n": False, "0": False}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DEFAULT_BODY = "Reprise du registre"


@dataclass
class ImportContext:
    coop: Cooperative
    categories: dict
    colleges: dict
    numbers: set
    needs_college: bool
    file_numbers: set = field(default_factory=set)

    @classmethod
    def load(cls, session: Session) -> "ImportContext":
        coop = get_cooperative(session)
        if coop is None:
            raise ServiceError("La coopérative n'est pas encore paramétrée.")
        colleges = {c.code.upper(): c for c in session.exec(select(College))}
        return cls(
            coop=coop,
            categories={c.code.lower(): c for c in session.exec(select(Category))},
            colleges=colleges,
            numbers=set(session.exec(select(Member.number)).all()),
            needs_college=coop.uses_colleges and bool(colleges),
        )

    def number_rows(self, rows) -> None:
        """Give the rows without a number the next free numbers, in file order."""
        following = max(self.numbers | self.file_numbers, default=0)
        for row in rows:
            if row.member["number"] is None:
                following += 1
                row.member["number"] = following


@dataclass
class ImportRow:
    line: int
    member: dict
    parts: int
    paid_cents: int
    public: bool

    @property
    def start_on(self) -> date:
        return self.member["applied_on"] or self.member["admitted_on"]

    def statuses(self) -> list[tuple[str, date, str]]:
        rows = [("candidate", self.start_on, "")]
        if self.member["status"] == "admitted":
            rows.append(("admitted", self.member["admitted_on"], self.member["admission_body"]))
        return rows

    def movements(self, member_id: int, nominal: int, base: dict) -> list[dict]:
        if not self.parts:
            return []
        common = base | {"member_id": member_id, "occurred_on": self.member["admitted_on"]}
        common |= {"deferred": False, "note": "Import du registre"}
        common |= {"corrects_id": None, "request_id": None}
        rows = [common | {"kind": "subscription", "parts": self.parts}]
        rows[0]["amount_cents"] = self.parts * nominal
        if self.paid_cents:
            rows.append(common | {"kind": "payment", "parts": 0, "amount_cents": self.paid_cents})
        return rows


class Cells:
    """The cells of one row, read with a French error per bad cell."""

    def __init__(self, raw: dict):
        self.raw, self.errors = raw, []

    def fail(self, name: str, message: str) -> None:
        self.errors.append(f"colonne « {name} » : {message}")

    def text(self, name: str, limit: int) -> str:
        value = self.raw.get(name) or ""
        if len(value) > limit:
            self.fail(name, f"{limit} caractères au maximum.")
        return value[:limit]

    def choice(self, name: str, mapping: dict, default):
        value = (self.raw.get(name) or "").lower()
        if not value:
            return default
        if value not in mapping:
            self.fail(name, f"valeur « {value} » inconnue (attendu : {', '.join(mapping)}).")
            return default
        return mapping[value]

    def date(self, name: str) -> date | None:
        value = self.raw.get(name) or ""
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(value, pattern).date() if value else None
            except ValueError:
                continue
        self.fail(name, f"date « {value} » illisible (AAAA-MM-JJ ou JJ/MM/AAAA).")
        return None

    def integer(self, name: str) -> int | None:
        value = self.raw.get(name) or ""
        if value and not value.isdigit():
            self.fail(name, f"« {value} » n'est pas un nombre entier positif.")
        return int(value) if value.isdigit() else None

    def cents(self, name: str) -> int | None:
        value = re.sub(r"[\s\u00a0\u202f€]", "", self.raw.get(name) or "").replace(",", ".")
        try:
            cents = Decimal(value) * 100 if value else None
        except InvalidOperation:
            cents = Decimal("NaN")
        if cents is not None and (not cents.is_finite() or cents < 0 or cents % 1):
            self.fail(name, f"montant « {self.raw.get(name)} » illisible (par exemple 1250,50).")
            return None
        return int(cents) if cents is not None else None


def _identity(cells: Cells) -> dict:
    kind = cells.choice("type", KINDS, "legal" if cells.raw.get("raison_sociale") else "natural")
    company = cells.text("raison_sociale", 200) or None
    data = {
        "person_kind": kind,
        "first_name": cells.text("prenom", 100) if kind == "natural" else "",
        "last_name": cells.text("nom", 100) or (company or "")[:100],
        "company_name": company if kind == "legal" else None,
        "siren": (cells.text("siren", 9) or None) if kind == "legal" else None,
        "representative": (cells.text("representant", 200) or None) if kind == "legal" else None,
        "email": cells.text("email", 254).lower() or None,
        "phone": cells.text("telephone", 30) or None,
        "address": cells.text("adresse", 400),
    }
    if kind == "legal" and not company:
        cells.fail("raison_sociale", "obligatoire pour une personne morale.")
    if not data["last_name"]:
        cells.fail("nom", "obligatoire.")
    if data["siren"] and not (len(data["siren"]) == 9 and data["siren"].isdigit()):
        cells.fail("siren", "9 chiffres exactement.")
    if data["email"] and not EMAIL_RE.match(data["email"]):
        cells.fail("email", "adresse e-mail invalide.")
    return data


def _classification(context: ImportContext, cells: Cells):
    category = context.categories.get((cells.raw.get("categorie") or "").lower())
    if category is None:
        cells.fail("categorie", f"code « {cells.raw.get('categorie', '')} » inconnu.")
    code = (cells.raw.get("college") or "").upper()
    college = context.colleges.get(code)
    if code and college is None:
        cells.fail("college", f"code « {code} » inconnu.")
    elif not code and context.needs_college:
        cells.fail("college", "obligatoire : les statuts instituent des collèges de vote.")
    return category, college


def _dates(cells: Cells, status: str):
    applied, admitted = cells.date("date_candidature"), cells.date("date_admission")
    body = cells.text("organe_admission", 200) or DEFAULT_BODY
    if status == "admitted" and admitted is None and not cells.errors:
        cells.fail("date_admission", "obligatoire pour un associé admis.")
    if status == "candidate":
        admitted, body = None, None
        if applied is None:
            applied = today()
    for name, value in (("date_candidature", applied), ("date_admission", admitted)):
        if value and value > today():
            cells.fail(name, "la date ne peut pas être postérieure à aujourd'hui.")
    if applied and admitted and applied > admitted:
        cells.fail("date_admission", "l'admission ne peut précéder la candidature.")
    return applied, admitted, body


def _shares(context: ImportContext, cells: Cells, status: str, category):
    parts, paid = cells.integer("parts"), cells.cents("libere")
    if status == "candidate":
        if parts or paid:
            cells.fail("parts", "un candidat ne détient pas de parts : laissez vide.")
        return 0, 0
    least = min_parts(context.coop, category) if category else 1
    if parts is None or parts < least:
        cells.fail("parts", f"au moins {least} pour un associé admis.")
        return 0, 0
    amount = parts * context.coop.share_nominal_cents
    paid = amount if paid is None else paid
    if paid > amount:
        cells.fail("libere", "le montant libéré dépasse le montant souscrit.")
    elif 4 * paid < amount:
        cells.fail("libere", f"au moins un quart doit être libéré ({-(-amount // 4)} centimes).")
    return parts, paid


def _number(context: ImportContext, cells: Cells) -> int | None:
    number = cells.integer("numero")
    if number is not None and (number in context.numbers or number in context.file_numbers):
        cells.fail("numero", f"le numéro {number} est déjà attribué.")
    if number is not None:
        context.file_numbers.add(number)
    if number == 0:
        cells.fail("numero", "le numéro commence à 1.")
    return number


def parse_row(context: ImportContext, line: int, raw: dict):
    """(ImportRow, []) for a good row, (None, errors) otherwise."""
    cells = Cells(raw)
    identity = _identity(cells)
    category, college = _classification(context, cells)
    status = cells.choice("statut", STATUSES, "admitted")
    applied, admitted, body = _dates(cells, status)
    parts, paid = _shares(context, cells, status, category)
    number = _number(context, cells)
    consent = cells.choice("convocation_email", YES_NO, False)
    if consent and not identity["email"]:
        cells.fail("convocation_email", "la convocation par e-mail exige une adresse e-mail.")
    if cells.errors:
        return None, cells.errors
    member = identity | {
        "number": number,
        "category_id": category.id,
        "college_id": college.id if college else None,
        "status": status,
        "applied_on": applied,
        "admitted_on": admitted,
        "admission_body": body,
    }
    return ImportRow(line, _complete(member, consent), parts, paid, category.is_public_body), []


def _complete(member: dict, consent: bool) -> dict:
    """Every column of the member row, as a bulk insert needs them."""
    key = name_key(
        member["person_kind"], member["first_name"], member["last_name"], member["company_name"]
    )
    return member | {
        "name_key": key,
        "birth_date": None,
        "convocation_by_email": consent,
        "convocation_consent_at": utcnow() if consent else None,
        "exit_on": None,
        "exit_cause": None,
        "exit_body": None,
    }
