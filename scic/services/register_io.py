"""CSV import and export of the register.

Import: every row is checked first (with a report of each row's errors), then the
file-wide rules (SARL limit, public bodies' 50 %); only a file with no error is written,
in bulk, inside the caller's transaction: all the file or nothing. The export uses the
same columns, so an export can be edited and imported into another installation.
"""

import csv
import hashlib
import io
from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlmodel import Session, col, select

from ..models import Member, MemberCollegeChange, MemberStatusChange, ShareMovement
from ..models.types import utcnow
from . import ServiceError
from .audit import record_audit
from .capital import capital_summary, holdings
from .capital_rules import check_public_cap
from .ledger import lock_ledger
from .register import STATUS_LABELS, check_sarl_limit
from .register_import_rows import COLUMNS, ImportContext, ImportRow, parse_row
from .register_search import RegisterFilters, register_queries

EXPORT_ONLY = ("date_sortie", "cause_sortie", "organe_sortie", "parts_a_rembourser")
CHUNK = 1000
MAX_ERRORS = 500


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)  # (line, message)
    error_count: int = 0
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.error_count and bool(self.rows)

    def error(self, line: int | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append((line, message))

    @property
    def admitted(self) -> int:
        return sum(1 for row in self.rows if row.member["status"] == "admitted")

    @property
    def parts(self) -> int:
        return sum(row.parts for row in self.rows)

    @property
    def paid_cents(self) -> int:
        return sum(row.paid_cents for row in self.rows)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as saved by a French Excel."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _header(name: str) -> str:
    from ..models.member import name_key

    return name_key("natural", "", name, None).replace(" ", "_").replace("-", "_")


def read_csv(text: str) -> tuple[list[str], list[list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ServiceError("Le fichier est vide.")
    return [_header(name) for name in rows[0]], rows[1:]


def check_import(session: Session, data: bytes, progress=None) -> ImportReport:
    """Read and check the whole file; write nothing."""
    report = ImportReport(sha256=hashlib.sha256(data).hexdigest())
    headers, lines = read_csv(decode(data))
    if not _check_headers(report, headers):
        return report
    context = ImportContext.load(session)
    for number, cells in enumerate(lines, start=2):
        raw = dict(zip(headers, (cell.strip() for cell in cells), strict=False))
        row, errors = parse_row(context, number, raw)
        for message in errors:
            report.error(number, message)
        if row is not None:
            report.rows.append(row)
        if progress and number % CHUNK == 0:
            progress(CHUNK)
    if not lines:
        report.error(None, "Le fichier ne contient aucune ligne d'associé.")
    if not report.error_count:
        context.number_rows(report.rows)
        _check_file(session, context, report)
    return report


def _check_headers(report: ImportReport, headers: list[str]) -> bool:
    known = {name for name, _ in COLUMNS} | set(EXPORT_ONLY)
    unknown = [h for h in headers if h not in known]
    if unknown:
        report.error(None, f"Colonne(s) inconnue(s) : {', '.join(unknown)}.")
    elif "nom" not in headers and "raison_sociale" not in headers or "categorie" not in headers:
        report.error(None, "Le fichier doit contenir au moins les colonnes nom et categorie.")
    return not report.error_count


def _check_file(session, context, report) -> None:
    try:
        check_sarl_limit(session, context.coop, report.admitted)
        public = sum(row.parts for row in report.rows if row.public)
        check_public_cap(capital_summary(session, context.coop), public, report.parts)
    except ServiceError as exc:
        report.error(None, str(exc))


def apply_import(session: Session, report: ImportReport, actor=None, progress=None) -> int:
    """Write a checked file in bulk; the caller commits (or rolls back) once."""
    if not report.ok:
        raise ServiceError("Le fichier contient des erreurs : rien n'a été importé.")
    coop = lock_ledger(session)
    conn, now = session.connection(), utcnow()
    for start in range(0, len(report.rows), CHUNK):
        chunk = report.rows[start : start + CHUNK]
        conn.execute(insert(Member), [row.member | {"created_at": now} for row in chunk])
        numbers = [row.member["number"] for row in chunk]
        ids = dict(
            conn.execute(
                select(Member.number, Member.id).where(col(Member.number).in_(numbers))
            ).all()
        )
        _histories(conn, coop, chunk, ids, getattr(actor, "id", None), now)
        if progress:
            progress(len(chunk))
    payload = {"rows": len(report.rows), "sha256": report.sha256}
    record_audit(session, actor, "register.import", None, payload)
    return len(report.rows)


def _histories(conn, coop, chunk, ids, actor_id, now) -> None:
    statuses, colleges, movements = [], [], []
    base = {"recorded_at": now, "recorded_by_id": actor_id}
    for row in chunk:
        member, member_id = row.member, ids[row.member["number"]]
        for status, on, body in row.statuses():
            statuses.append(
                base
                | {"member_id": member_id, "status": status, "effective_on": on}
                | {"deciding_body": body, "cause": ""}
            )
        if member["college_id"]:
            colleges.append(
                base
                | {"member_id": member_id, "college_id": member["college_id"]}
                | {"effective_from": row.start_on, "decision": "Import du registre"}
            )
        movements += row.movements(member_id, coop.share_nominal_cents, base)
    for table, values in (
        (MemberStatusChange, statuses),
        (MemberCollegeChange, colleges),
        (ShareMovement, movements),
    ):
        if values:
            conn.execute(insert(table), values)


# --- Export ----------------------------------------------------------------------------


def _euros(cents: int) -> str:
    """« 1234,50 »: a number a spreadsheet reads, without float."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


def _export_line(member, holding, categories, colleges) -> list:
    college = colleges.get(member.college_id)
    return [
        member.number,
        "morale" if member.person_kind == "legal" else "physique",
        member.first_name,
        member.last_name,
        member.company_name or "",
        member.siren or "",
        member.representative or "",
        member.email or "",
        member.phone or "",
        member.address,
        categories[member.category_id].code,
        college.code if college else "",
        STATUS_LABELS[member.status].lower(),
        member.applied_on or "",
        member.admitted_on or "",
        member.admission_body or "",
        "oui" if member.convocation_by_email else "non",
        holding.parts,
        _euros(holding.paid_cents - holding.reimbursed_cents),
        member.exit_on or "",
        member.exit_cause or "",
        member.exit_body or "",
        holding.pending_parts,
    ]


def export_csv(session: Session, filters: RegisterFilters) -> str:
    """The register (with the given filters) as CSV for a French spreadsheet: UTF-8
    with BOM, semicolons; the columns of the import, then the exit columns."""
    from ..models import Category, College

    categories = {c.id: c for c in session.exec(select(Category))}
    colleges = {c.id: c for c in session.exec(select(College))}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([name for name, _ in COLUMNS] + list(EXPORT_ONLY))
    query, _ = register_queries(filters)
    result = session.exec(query.execution_options(yield_per=CHUNK))
    for members in result.partitions(CHUNK):
        held = holdings(session, [m.id for m in members])
        for member in members:
            writer.writerow(_export_line(member, held[member.id], categories, colleges))
    return "\ufeff" + out.getvalue()
