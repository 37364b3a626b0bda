"""Every third-party import declared; no module reaches into another's private names; none over 400 lines.

The fresh-install defect this guards against: ``import click`` worked only because huggingface_hub
happened to pull click in. A transitive dependency is not a declared one.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(p for d in ("glossary", "translate") for p in (ROOT / d).rglob("*.py"))


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, imported names, line) for every import in the file, inside functions too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, [], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names], node.lineno))
    return found


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    return {_canonical(re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0]) for r in requirements}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_third_party_import_is_a_declared_dependency() -> None:
    declared = _declared()
    distributions = packages_distributions()
    undeclared = []
    for path in SOURCES:
        for module, _names, line in _imports(path):
            top = module.split(".")[0]
            if top in sys.stdlib_module_names or top in {"glossmt", "__future__"}:
                continue
            owners = {_canonical(d) for d in distributions.get(top, [top])}
            if not owners & declared:
                undeclared.append(f"{path.relative_to(ROOT)}:{line}: {module} (from {', '.join(sorted(owners))})")
    assert undeclared == [], "declare these in pyproject.toml:\n" + "\n".join(undeclared)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_another_modules_private_names(path: Path) -> None:
    private = [
        f"{module}.{name}:{line}"
        for module, names, line in _imports(path)
        if module.startswith("glossmt.")
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert private == []


MAX_LINES = 400


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_400_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by concept"
