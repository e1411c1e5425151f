"""Command line: `python -m votes recount [--json] FILE` (see votes/README.md).

Exit status: 0 when the recount ran (whatever the outcome), 2 on an invalid file or usage,
with a single French line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import NoReturn

from votes.model import VoteError
from votes.parse import load_recount
from votes.report import format_report, result_to_dict

USAGE = "python -m votes recount [--json] FICHIER"


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors fit on one line of stderr."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"Erreur : arguments invalides ({message}). Usage : {USAGE}\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m votes", description="Recomptage public d'un vote de SCIC.")
    commands = parser.add_subparsers(dest="command", required=True)
    recount = commands.add_parser("recount", help="recompter un fichier scic-recount/1")
    recount.add_argument("--json", action="store_true", help="résultat en JSON")
    recount.add_argument("file", metavar="FICHIER", help="le fichier de recomptage")
    args = parser.parse_args(argv)
    try:
        loaded = load_recount(args.file)
        result = loaded.tally()
    except VoteError as error:
        message = " ".join(str(error).split())
        print(f"Erreur : {message}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result_to_dict(result, loaded.title), ensure_ascii=False, indent=2))
    else:
        print(format_report(result, loaded.title), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
