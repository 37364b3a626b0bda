"""docs/development.md's layout names every package and module of the tree, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("glossary", "translate")


def _documented() -> dict[str, set[str]]:
    text = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    sections: dict[str, set[str]] = {}
    current = None
    for line in block.splitlines():
        if line and not line.startswith(" "):
            head = line.split()[0]
            current = head.rstrip("/") if head.startswith(PACKAGES) else None
            if current is not None:
                sections[current] = set()
        elif current is not None and line.strip():
            names = re.match(r"\s+([\w, +()]+?)(?:\s{2,}|$)", line)
            assert names, line
            sections[current].update(n for n in re.findall(r"\w+", names.group(1)))
    return sections


def _tree() -> dict[str, set[str]]:
    packages = {}
    for top in PACKAGES:
        for init in sorted((ROOT / top).rglob("__init__.py")):
            folder = init.parent
            packages[folder.relative_to(ROOT).as_posix()] = {
                p.stem for p in folder.glob("*.py") if p.stem != "__init__"
            }
    return packages


def test_the_layout_names_every_package_and_module() -> None:
    documented, tree = _documented(), _tree()
    assert sorted(documented) == sorted(tree), "a package is missing from (or extra in) docs/development.md"
    for package, modules in tree.items():
        assert modules <= documented[package], (package, sorted(modules - documented[package]))
        assert documented[package] <= modules, (package, sorted(documented[package] - modules))


def test_every_package_says_what_it_is() -> None:
    import ast

    for package in _tree():
        init = ROOT / package / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{init}: no docstring"
