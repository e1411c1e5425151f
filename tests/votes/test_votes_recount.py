"""The recount file (scic-recount/1) and `python -m votes recount`, run as a subprocess."""

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from votes import (
    EXTRAORDINARY,
    Ballot,
    College,
    Counts,
    Quorum,
    Recount,
    Rule,
    VoteError,
    dump_recount,
    load_recount,
    loads_recount,
    parse_recount,
)

ROOT = Path(__file__).resolve().parents[2]


def good_file() -> dict:
    """A = 3/5 (50 %), B = 1/2 (30 %), C = 17/40 (20 %): 107/200 = 53.50 %."""
    ballots = [{"receipt": f"c-{i}", "college": "C", "choice": "for"} for i in range(16)]
    ballots += [{"receipt": f"d-{i}", "college": "C", "choice": "against"} for i in range(23)]
    ballots.append({"receipt": "p-1", "college": "C", "choice": "blank_proxy"})
    return {
        "format": "scic-recount/1",
        "resolution": {"title": "Approbation des comptes 2025", "board_supports": True},
        "rule": {"majority": {"threshold": "1/2", "inclusive": False}},
        "colleges": [
            {"code": "A", "name": "Salariés", "weight": "50"},
            {"code": "B", "name": "Usagers", "weight": "30"},
            {"code": "C", "name": "Partenaires", "weight": "20"},
        ],
        "ballots": ballots,
        "counts": [
            {"college": "A", "for": 6, "against": 4, "abstain": 0},
            {"college": "B", "for": 3, "against": 3, "abstain": 2},
        ],
        "quorum": {
            "eligible": 200,
            "present": 40,
            "remote": 2,
            "represented": 8,
            "postal": 8,
            "required": "1/5",
        },
    }


def run(tmp_path: Path, content, *options: str) -> subprocess.CompletedProcess:
    path = tmp_path / "vote.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    command = [sys.executable, "-m", "votes", "recount", *options, str(path)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_recount_prints_a_french_table(tmp_path):
    done = run(tmp_path, good_file())
    assert (done.returncode, done.stderr) == (0, "")
    out = done.stdout
    assert "Recomptage : Approbation des comptes 2025" in out
    assert "A Salariés" in out and "60,00 %" in out
    assert "Résultat pondéré : 53,50 % (107/200)" in out
    assert "Résolution adoptée : 53,50 % des voix exprimées pondérées par collège" in out
    assert "Quorum atteint : 58 participants pour 40 requis." in out
    assert "1 pouvoir en blanc compté pour" in out


def test_recount_json_matches_the_engine(tmp_path):
    done = run(tmp_path, good_file(), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["adopted"] is True
    assert (data["result"], data["percent"]) == ("107/200", "53.50")
    assert data["quorum"] == {
        "reached": True,
        "participants": 58,
        "required": 40,
        "eligible": 200,
        "fraction": "1/5",
    }
    c = data["colleges"][2]
    assert (c["for"], c["against"], c["blank_proxy"], c["ratio"]) == (17, 23, 1, "17/40")
    assert data["result"] == str(loads_recount(json.dumps(good_file())).tally().result)


def test_recount_without_colleges_and_without_votes(tmp_path):
    plain = {
        "format": "scic-recount/1",
        "resolution": {"title": "Soirée jeux", "board_supports": None},
        "colleges": [],
        "ballots": [{"college": None, "choice": "for"}] * 3,
        "counts": [{"college": None, "for": 1, "against": 2, "blank": 1}],
    }
    data = json.loads(run(tmp_path, plain, "--json").stdout)
    assert (data["result"], data["percent"], data["adopted"]) == ("2/3", "66.67", True)
    assert data["quorum"] is None
    assert [c["code"] for c in data["colleges"]] == [None]
    plain["ballots"], plain["counts"] = [], [{"college": None, "abstain": 4}]
    data = json.loads(run(tmp_path, plain, "--json").stdout)
    assert (data["result"], data["percent"], data["adopted"]) == (None, None, False)
    assert "aucune voix exprimée" in run(tmp_path, plain).stdout


def broken(**changes) -> dict:
    data = good_file()
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return data


BAD_FILES = {
    "missing": (None, "Fichier introuvable"),
    "not json": ("{'format': 1", "JSON invalide à la ligne 1, colonne 2"),
    "not utf-8": (b'{"format": "\xff"}', "UTF-8"),
    "array": ("[]", "fichier : un objet JSON est attendu"),
    "no format": ({"resolution": {}}, "format : champ obligatoire manquant"),
    "wrong format": (broken(format="scic-recount/2"), "« scic-recount/2 » non pris en charge"),
    "unknown college": (broken(ballots__0__college="Z"), "ballots[0].college : collège inconnu"),
    "unknown choice": (broken(ballots__3__choice="pour"), "ballots[3].choice : choix inconnu"),
    "negative count": (broken(counts__0__for=-1), "counts[0].for : un entier positif"),
    "fractional count": (
        json.dumps(good_file()).replace('"against": 4', '"against": 1.5'),
        "counts[0].against : un entier positif ou nul est attendu (reçu 1.5)",
    ),
    "boolean count": (broken(counts__1__abstain=True), "counts[1].abstain : un entier"),
    "unknown count": (broken(counts__1__pour=2), "counts[1] : champ inconnu « pour »"),
    "weight too high": (broken(colleges__0__weight="55"), "(A) pèse 55 % : le poids"),
    "weights not 100": (broken(colleges__2__weight="19.99"), "somme des poids"),
    "bad fraction": (broken(rule__majority__threshold="1/0"), "threshold : fraction invalide"),
    "threshold > 1": (broken(rule__majority__threshold="3/2"), "Seuil de majorité invalide"),
    "bad quorum": (broken(quorum__required="un cinquième"), "quorum.required : fraction"),
    "bad rule": (
        broken(rule__abstentions="ignore"),
        "rule : Valeur inconnue « ignore » pour la règle « abstentions »",
    ),
    "board": (broken(resolution__board_supports=1), "board_supports : attendu true"),
    "too many votes": (broken(quorum__present=1), "votes pour 19 participants"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_give_one_french_line_and_exit_2(tmp_path, case):
    content, message = BAD_FILES[case]
    for options in ((), ("--json",)):
        done = run(tmp_path, content, *options)
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr.startswith("Erreur : ")
        assert done.stderr.count("\n") == 1 and done.stderr.endswith("\n")
        assert "Traceback" not in done.stderr
        assert message in done.stderr, done.stderr


def test_usage_errors_are_one_line_too():
    done = subprocess.run(
        [sys.executable, "-m", "votes", "recount"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "Usage : python -m votes recount [--json] FICHIER" in done.stderr


def test_a_directory_is_not_a_file(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "votes", "recount", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Erreur : Lecture impossible")


def test_dump_and_load_round_trip(tmp_path):
    recount = Recount(
        title="Modification des statuts",
        colleges=(
            College("A", "Salariés", "33.34"),
            College("B", "U", "33.33"),
            College("C", "P", "33.33"),
        ),
        ballots=(Ballot("A", "for", "r-1"), Ballot("B", "blank_proxy"), Ballot("C", "null", "r-3")),
        counts=(Counts("A", for_=2, against=1, blank=1),),
        rule=Rule(EXTRAORDINARY, abstentions="against", empty_college="equal", college_vote="bloc"),
        board_supports=False,
        quorum=Quorum(eligible=10, present=4, remote=1, represented=1, postal=1, required="1/4"),
        min_published_voters=0,
    )
    path = tmp_path / "recount.json"
    path.write_text(dump_recount(recount), encoding="utf-8")
    assert load_recount(path) == recount
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "scic-recount/1"
    assert data["rule"]["majority"] == {"threshold": "2/3", "inclusive": True}
    assert data["colleges"][0] == {"code": "A", "name": "Salariés", "weight": "33.34"}
    assert data["ballots"][1] == {"college": "B", "choice": "blank_proxy"}
    assert data["quorum"]["required"] == "1/4"


def test_rule_fields_default_and_numbers_are_read_exactly():
    data = good_file()
    del data["rule"]
    data["colleges"][0]["weight"] = 50
    recount = loads_recount(json.dumps(data).replace('"30"', "30.00"))
    assert recount.rule == Rule()
    assert recount.tally().result == Fraction(107, 200)
    assert recount.min_published_voters == 3


def test_parse_errors_are_vote_errors():
    with pytest.raises(VoteError, match="resolution : un objet JSON"):
        parse_recount({"format": "scic-recount/1"})
    with pytest.raises(VoteError, match="NaN"):
        loads_recount('{"format": NaN}')
