"""Reading and checking a recount file, format "scic-recount/1" (see votes/README.md).

`load_recount`, `loads_recount` and `parse_recount` raise only VoteError, with a one-line
French message that starts with where the problem is (e.g. "ballots[3].choice : ...").
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from votes.colleges import validate_colleges
from votes.model import (
    CHOICES,
    Ballot,
    College,
    Counts,
    Majority,
    Quorum,
    Rule,
    VoteError,
    is_count,
    parse_fraction,
)
from votes.recount import FORMAT, Recount


def load_recount(path: str | Path) -> Recount:
    """Read and check a recount file."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise VoteError(f"Fichier introuvable : {path}") from error
    except UnicodeDecodeError as error:
        raise VoteError(f"{path} : le fichier n'est pas un texte UTF-8.") from error
    except OSError as error:
        raise VoteError(f"Lecture impossible de {path} : {error.strerror}.") from error
    return loads_recount(text)


def loads_recount(text: str) -> Recount:
    """Parse and check a recount file's text."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise VoteError(
            f"JSON invalide à la ligne {error.lineno}, colonne {error.colno} ({error.msg})."
        ) from error
    except RecursionError as error:
        raise VoteError("JSON illisible : structure trop imbriquée.") from error
    except ValueError as error:
        raise VoteError(f"JSON illisible : {str(error).splitlines()[0]}") from error
    return parse_recount(data)


def _no_constant(name: str) -> None:
    raise ValueError(f"la valeur {name} n'est pas admise.")


def parse_recount(data: object) -> Recount:
    """Check decoded JSON data and build a Recount."""
    top = _object(data, "fichier")
    if "format" not in top:
        raise VoteError("format : champ obligatoire manquant (attendu « scic-recount/1 »).")
    if top["format"] != FORMAT:
        raise VoteError(
            f"format : « {_show(top['format'])} » non pris en charge (attendu « {FORMAT} »)."
        )
    resolution = _object(top.get("resolution"), "resolution")
    title = resolution.get("title", "")
    if not isinstance(title, str):
        raise VoteError("resolution.title : le titre doit être un texte.")
    supports = resolution.get("board_supports")
    if not any(supports is value for value in (True, False, None)):
        raise VoteError("resolution.board_supports : attendu true, false ou null.")
    colleges = _colleges(top.get("colleges", []))
    codes = {college.code for college in colleges} or {None}
    ballots = _list(top, "ballots")
    counts = _list(top, "counts")
    return Recount(
        title=title,
        colleges=colleges,
        ballots=tuple(_ballot(item, f"ballots[{i}]", codes) for i, item in enumerate(ballots)),
        counts=tuple(_counts(item, f"counts[{i}]", codes) for i, item in enumerate(counts)),
        rule=_rule(top.get("rule", {})),
        board_supports=supports,
        quorum=None if top.get("quorum") is None else _quorum(top["quorum"]),
        min_published_voters=_privacy(top.get("privacy", {})),
    )


def _show(value: object, limit: int = 40) -> str:
    """A user-supplied value, on one short line, for an error message."""
    if isinstance(value, str | Decimal):
        shown = str(value)
    else:
        try:
            shown = json.dumps(value, ensure_ascii=False, default=str)
        except (RecursionError, ValueError):
            shown = "…"
    text = " ".join(shown.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _object(value: object, where: str, allowed: tuple[str, ...] | None = None) -> dict:
    if not isinstance(value, dict):
        raise VoteError(f"{where} : un objet JSON est attendu.")
    unknown = [key for key in value if allowed is not None and key not in allowed]
    if unknown:
        raise VoteError(
            f"{where} : champ inconnu « {_show(unknown[0])} » (connus : {', '.join(allowed)})."
        )
    return value


def _list(top: dict, key: str) -> list:
    value = top.get(key, [])
    if not isinstance(value, list):
        raise VoteError(f"{key} : une liste JSON est attendue.")
    return value


def _fraction(value: object, where: str) -> Fraction:
    fraction = None if isinstance(value, bool) else parse_fraction(value)
    if fraction is None:
        raise VoteError(
            f'{where} : fraction invalide « {_show(value)} » (écrire par exemple "1/2").'
        )
    return fraction


def _count(obj: dict, key: str, where: str) -> int:
    value = obj.get(key, 0)
    if not is_count(value):
        raise VoteError(
            f"{where}.{key} : un entier positif ou nul est attendu (reçu {_show(value)})."
        )
    return value


def _college_code(obj: dict, where: str, codes: set[str | None]) -> str | None:
    if "college" not in obj:
        raise VoteError(f"{where}.college : champ obligatoire manquant (null sans collèges).")
    code = obj["college"]
    if code is not None and not isinstance(code, str):
        raise VoteError(f"{where}.college : un code de collège (texte) ou null est attendu.")
    if code not in codes:
        known = "aucun, le vote n'a pas de collèges" if None in codes else ", ".join(sorted(codes))
        raise VoteError(
            f"{where}.college : collège inconnu « {_show(code)} » (collèges : {known})."
        )
    return code


def _colleges(value: object) -> tuple[College, ...]:
    if not isinstance(value, list):
        raise VoteError("colleges : une liste JSON est attendue.")
    colleges = [_college(item, f"colleges[{i}]") for i, item in enumerate(value)]
    try:
        return validate_colleges(colleges) if colleges else ()
    except VoteError as error:
        raise VoteError(f"colleges : {error}") from None


def _college(item: object, where: str) -> College:
    obj = _object(item, where)
    weight = obj.get("weight")
    if not isinstance(weight, str | int | Decimal) or isinstance(weight, bool):
        raise VoteError(f'{where}.weight : un pourcentage est attendu, par exemple "33.34".')
    try:
        return College(obj.get("code"), obj.get("name"), weight)
    except VoteError as error:
        raise VoteError(f"{where} : {error}") from None


def _ballot(item: object, where: str, codes: set[str | None]) -> Ballot:
    obj = _object(item, where, ("receipt", "college", "choice"))
    receipt = obj.get("receipt")
    if receipt is not None and not isinstance(receipt, str):
        raise VoteError(f"{where}.receipt : le reçu doit être un texte.")
    choice = obj.get("choice")
    if choice not in CHOICES:
        raise VoteError(
            f"{where}.choice : choix inconnu « {_show(choice)} » (attendu : {', '.join(CHOICES)})."
        )
    return Ballot(_college_code(obj, where, codes), choice, receipt)


def _counts(item: object, where: str, codes: set[str | None]) -> Counts:
    obj = _object(item, where, ("college", *CHOICES))
    numbers = {choice: _count(obj, choice, where) for choice in CHOICES}
    return Counts.of(_college_code(obj, where, codes), numbers)


def _rule(value: object) -> Rule:
    obj = _object(value, "rule", ("majority", "abstentions", "empty_college", "college_vote"))
    majority = _object(obj.get("majority", {}), "rule.majority", ("threshold", "inclusive"))
    inclusive = majority.get("inclusive", False)
    if not isinstance(inclusive, bool):
        raise VoteError("rule.majority.inclusive : attendu true ou false.")
    threshold = _fraction(majority.get("threshold", "1/2"), "rule.majority.threshold")
    options = {
        key: obj[key] for key in ("abstentions", "empty_college", "college_vote") if key in obj
    }
    try:
        return Rule(Majority(threshold, inclusive), **options)
    except VoteError as error:
        raise VoteError(f"rule : {error}") from None


def _quorum(value: object) -> Quorum:
    keys = ("eligible", "present", "remote", "represented", "postal", "required")
    obj = _object(value, "quorum", keys)
    if "eligible" not in obj:
        raise VoteError("quorum.eligible : champ obligatoire manquant.")
    numbers = {key: _count(obj, key, "quorum") for key in keys[:-1]}
    required = _fraction(obj.get("required", "0"), "quorum.required")
    try:
        return Quorum(required=required, **numbers)
    except VoteError as error:
        raise VoteError(f"quorum : {error}") from None


def _privacy(value: object) -> int:
    obj = _object(value, "privacy", ("min_published_voters",))
    return _count({"min_published_voters": 3} | obj, "min_published_voters", "privacy")
