"""CSV import (all or nothing, with a per-row report) and export of the register."""

from datetime import date

import pytest
from sqlmodel import SQLModel, func, select

from scic.models import AuditEntry, Member, MemberCollegeChange, MemberStatusChange
from scic.services import ServiceError
from scic.services.capital import capital_summary, member_holding
from scic.services.register_io import apply_import, check_import, export_csv
from scic.services.register_search import RegisterFilters

HEADER = (
    "numero;type;prenom;nom;raison_sociale;siren;email;categorie;college;statut;"
    "date_admission;parts;libere;convocation_email"
)
GOOD = [
    "7;physique;Sophie;Lefèvre;;;sophie@exemple.fr;usagers;A;admis;2023-01-15;2;100,00;oui",
    ";morale;;;La Ruche;123456789;;usagers;B;admis;15/02/2023;4;50;non",
    ";physique;Karim;Haddad;;;;usagers;C;candidat;;;;",
]


def csv_bytes(*lines, header=HEADER, encoding="utf-8") -> bytes:
    return "\n".join([header, *lines]).encode(encoding)


def table_counts(db) -> dict:
    return {
        table.name: db.exec(select(func.count()).select_from(table)).one()
        for table in SQLModel.metadata.sorted_tables
    }


@pytest.fixture
def coop(factory):
    coop = factory.cooperative(share_nominal_cents=5000)
    factory.colleges()
    factory.category(code="usagers", kind="beneficiaires")
    return coop


def test_a_good_file_is_previewed_then_imported_in_one_go(db, coop):
    report = check_import(db, csv_bytes(*GOOD))
    assert report.ok and report.errors == []
    assert (len(report.rows), report.admitted, report.parts) == (3, 2, 6)
    assert report.paid_cents == 10_000 + 5_000
    assert table_counts(db)["member"] == 0  # a preview writes nothing
    assert apply_import(db, report) == 3
    members = db.exec(select(Member).order_by(Member.number)).all()
    assert [(m.number, m.display_name, m.status) for m in members] == [
        (7, "Sophie Lefèvre", "admitted"),
        (8, "La Ruche", "admitted"),
        (9, "Karim Haddad", "candidate"),
    ]
    sophie, ruche, karim = members
    assert sophie.convocation_by_email and sophie.convocation_consent_at is not None
    assert sophie.admitted_on == date(2023, 1, 15) and ruche.admitted_on == date(2023, 2, 15)
    assert sophie.name_key == "lefevre sophie" and ruche.siren == "123456789"
    holding = member_holding(db, ruche.id)
    assert (holding.parts, holding.paid_cents, holding.outstanding_cents) == (4, 5000, 15000)
    assert member_holding(db, karim.id).parts == 0
    assert db.exec(select(func.count()).select_from(MemberStatusChange)).one() == 5
    assert db.exec(select(func.count()).select_from(MemberCollegeChange)).one() == 3
    assert db.exec(select(AuditEntry.action)).all() == ["register.import"]


def test_bad_rows_are_reported_and_nothing_is_written(db, factory, coop):
    factory.subscribe(factory.member(number=7), 3)
    before = table_counts(db)
    bad = [
        GOOD[0],  # number 7 already taken
        ";physique;Léa;;;;;usagers;A;admis;2023-01-15;1;;",  # no name
        ";physique;Léa;Garnier;;;pas-un-email;inconnue;Z;admis;31/02/2023;1;;",
        ";physique;Hugo;Roux;;;;usagers;A;admis;2023-01-15;4;49,99;",  # under a quarter
        ";physique;Inès;Diallo;;;;usagers;A;admis;2999-01-01;0;;oui",
        GOOD[1],
    ]
    report = check_import(db, csv_bytes(*bad))
    assert not report.ok and len(report.rows) == 1  # only La Ruche is good
    by_line = {}
    for line, message in report.errors:
        by_line.setdefault(line, []).append(message)
    assert sorted(by_line) == [2, 3, 4, 5, 6]
    assert "le numéro 7 est déjà attribué" in by_line[2][0]
    assert by_line[3] == ["colonne « nom » : obligatoire."]
    assert len(by_line[4]) == 4  # e-mail, category, college, date
    assert "quart" in by_line[5][0]
    assert len(by_line[6]) == 3  # future date, parts, consent without e-mail
    with pytest.raises(ServiceError, match="rien n'a été importé"):
        apply_import(db, report)
    assert table_counts(db) == before


def test_file_wide_rules_refuse_the_whole_file(db, factory, coop):
    factory.category(code="publics", kind="collectivites", is_public_body=True)
    lines = [
        ";physique;A;Un;;;;usagers;A;admis;2023-01-15;10;;",
        ";morale;;;Ville;;;publics;B;admis;2023-01-15;11;;",
    ]
    report = check_import(db, csv_bytes(*lines))
    assert report.errors and report.errors[0][0] is None
    assert "11 parts sur 21" in report.errors[0][1]
    assert check_import(db, csv_bytes(lines[0], lines[1].replace(";11;", ";10;"))).ok


def test_a_sarl_file_may_not_take_it_past_100_associes(db, coop):
    coop.legal_form = "SARL"
    db.add(coop)
    lines = [f";physique;P;N{n};;;;usagers;A;admis;2023-01-15;1;;" for n in range(101)]
    report = check_import(db, csv_bytes(*lines))
    assert "plus de 100 associés" in report.errors[0][1]
    assert check_import(db, csv_bytes(*lines[:100])).ok


def test_headers_encodings_and_separators(db, coop):
    header = "Numéro,Type,Prénom,Nom,Catégorie,Collège,Date admission,Parts"
    line = "1,physique,Élodie,Guérin,usagers,A,01/03/2022,3"
    report = check_import(db, csv_bytes(line, header=header, encoding="cp1252"))
    assert report.ok and report.rows[0].member["first_name"] == "Élodie"
    unknown = check_import(db, csv_bytes(line, header=header + ",pointure"))
    assert unknown.errors == [(None, "Colonne(s) inconnue(s) : pointure.")]
    missing = check_import(db, csv_bytes("x", header="prenom"))
    assert "nom et categorie" in missing.errors[0][1]
    with pytest.raises(ServiceError, match="vide"):
        check_import(db, b"\n\n")


def test_export_round_trips_through_import(db, factory, coop):
    report = check_import(db, csv_bytes(*GOOD))
    apply_import(db, report)
    text = export_csv(db, RegisterFilters())
    assert text.startswith("\ufeffnumero;type;prenom;nom;")
    lines = text.strip().split("\r\n")[1:]
    assert [line.split(";")[0] for line in lines] == ["9", "8", "7"]  # by name
    assert lines[1].startswith("8;morale;;La Ruche;La Ruche;123456789;")
    assert ";usagers;B;admis;;2023-02-15;" in lines[1] and lines[1].endswith(";4;50,00;;;;0")
    assert lines[0].startswith("9;physique;Karim;Haddad;")
    only_admitted = export_csv(db, RegisterFilters(status="admitted"))
    assert "Karim" not in only_admitted
    settings = {"cooperative", "college", "college_weight_set", "college_weight", "category"}
    for table in reversed(SQLModel.metadata.sorted_tables):  # another installation
        if table.name not in settings:
            db.connection().execute(table.delete())
    db.commit()
    again = check_import(db, text.encode("utf-8"))
    candidates = [row for row in again.rows if row.member["status"] == "candidate"]
    assert again.ok, again.errors
    assert len(again.rows) == 3 and len(candidates) == 1
    apply_import(db, again)
    assert capital_summary(db).parts == 6
