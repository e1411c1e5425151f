"""CSV import through the web (preview, per-row errors, all or nothing), the CSV
export, and the command-line import with its progress bar."""

import base64
import io
import re

import pytest
from sqlmodel import SQLModel, func, select

from scic.cli import import_members_command
from scic.models import Member

from ..conftest import csrf_from
from .register_setup import login_as, make_register

HEADER = "nom;prenom;categorie;college;date_admission;parts;libere"
GOOD = ["Haddad;Karim;usagers;A;2024-01-15;2;100", "Diallo;Inès;usagers;B;15/01/2024;1;12,50"]
BAD = ["Haddad;Karim;usagers;A;2024-01-15;2;100", ";Sans nom;usagers;A;2024-01-15;1;"]


@pytest.fixture
def register(factory):
    return make_register(factory)


@pytest.fixture
def board(client, register):
    login_as(client, register, "board")
    return client


def csv_file(*lines) -> bytes:
    return "\n".join([HEADER, *lines]).encode()


def counts(db) -> dict:
    return {
        table.name: db.exec(select(func.count()).select_from(table)).one()
        for table in SQLModel.metadata.sorted_tables
    }


def upload(client, data: bytes):
    token = csrf_from(client, "/registre/import")
    return client.post(
        "/registre/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), "associes.csv")},
        content_type="multipart/form-data",
    )


def test_a_good_file_is_previewed_then_imported(board, db):
    before = counts(db)
    preview = upload(board, csv_file(*GOOD))
    page = preview.get_data(as_text=True)
    assert "Le fichier est valide" in page and "2 associés" in page and "Karim" in page
    assert counts(db) == before  # the preview wrote nothing
    content = re.search(r'name="contenu" value="([^"]+)"', page).group(1)
    token = csrf_from(board, "/registre/import")
    done = board.post("/registre/import/confirmer", data={"csrf_token": token, "contenu": content})
    assert done.status_code == 302
    assert "2 associé(s) importé(s)" in board.get("/registre").get_data(as_text=True)
    assert counts(db)["member"] == before["member"] + 2


def test_a_file_with_a_bad_row_changes_nothing(board, db):
    before = counts(db)
    page = upload(board, csv_file(*BAD)).get_data(as_text=True)
    assert "rien n'a été importé" in page
    assert "colonne « nom » : obligatoire." in page and "<td>3</td>" in page
    assert 'name="contenu"' not in page  # nothing to confirm
    forged = board.post(
        "/registre/import/confirmer",
        data={
            "csrf_token": csrf_from(board, "/registre/import"),
            "contenu": base64.b64encode(csv_file(*BAD)).decode(),
        },
    )
    assert forged.status_code == 422
    assert counts(db) == before


def test_export_csv_follows_the_filters(board, register):
    response = board.get(f"/registre/export.csv?college={register.colleges[0].id}")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeffnumero;type;")
    assert "Lefèvre" in body and "Martin" not in body


def test_the_template_file_imports_as_is(board, db):
    template = board.get("/registre/import/modele.csv").get_data()
    page = upload(board, template).get_data(as_text=True)
    assert "Le fichier est valide" in page


def test_command_line_import(app, db, register, tmp_path):
    path = tmp_path / "associes.csv"
    path.write_bytes(csv_file(*GOOD))
    runner = app.test_cli_runner()
    result = runner.invoke(import_members_command, [str(path)])
    assert result.exit_code == 0, result.output
    assert "2 associé(s) importé(s)." in result.output
    assert db.exec(select(func.count()).select_from(Member)).one() == 4


def test_command_line_import_refuses_a_bad_file(app, db, register, tmp_path):
    before = counts(db)
    path = tmp_path / "associes.csv"
    path.write_bytes(csv_file(*BAD))
    runner = app.test_cli_runner()
    result = runner.invoke(import_members_command, [str(path)])
    assert result.exit_code == 1
    assert "Ligne 3 : colonne « nom » : obligatoire." in result.output
    assert "Erreur : 1 erreur(s) dans le fichier : rien n'a été importé." in result.output
    assert "Traceback" not in result.output
    assert counts(db) == before
    missing = runner.invoke(import_members_command, [str(tmp_path / "absent.csv")])
    assert missing.exit_code == 1 and "Erreur : Fichier illisible" in missing.output


def test_command_line_check_only(app, db, register, tmp_path):
    path = tmp_path / "associes.csv"
    path.write_bytes(csv_file(*GOOD))
    result = app.test_cli_runner().invoke(import_members_command, [str(path), "--verifier"])
    assert result.exit_code == 0 and "rien n'a été importé" in result.output
    assert db.exec(select(func.count()).select_from(Member)).one() == 2
