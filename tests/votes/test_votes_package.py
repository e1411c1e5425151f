"""The votes package stays small, self-contained and standard-library only."""

import ast
import sys
from pathlib import Path

import votes

PACKAGE = Path(votes.__file__).parent


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_only_the_standard_library_is_imported():
    for path in PACKAGE.glob("*.py"):
        foreign = imported_roots(path) - set(sys.stdlib_module_names) - {"votes"}
        assert not foreign, f"{path.name} imports {sorted(foreign)}"


def test_modules_stay_small():
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 300, path.name


def test_public_api_is_exported():
    for name in votes.__all__:
        assert hasattr(votes, name), name
