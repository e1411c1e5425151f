"""votes/ and minutes/ are pure: no scic, flask, sqlmodel or sqlalchemy."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"scic", "flask", "flask_login", "sqlmodel", "sqlalchemy", "wtforms"}


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("package", ["votes", "minutes"])
def test_package_sources_import_nothing_forbidden(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in files
        for name in imported_modules(path)
        if name in FORBIDDEN
    }
    assert not offenders


def test_importing_the_packages_loads_no_framework():
    code = (
        "import sys, pkgutil, importlib, votes, minutes\n"
        "for pkg in (votes, minutes):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if not info.name.endswith('__main__'):\n"
        "            importlib.import_module(info.name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(FORBIDDEN)!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
