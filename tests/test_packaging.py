"""The built wheel is what users install: it must hold every module and the shipped term files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*build, str(ROOT), "-w", str(out)], check=True, capture_output=True)
    (built,) = out.glob("glossmt-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize("folder", ["glossary", "translate"])
def test_every_module_is_in_the_wheel(wheel_names: set[str], folder: str) -> None:
    modules = {f"glossmt/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / folder).rglob("*.py")}
    assert modules, folder
    assert modules <= wheel_names, sorted(modules - wheel_names)


def test_the_shipped_term_files_are_package_data(wheel_names: set[str]) -> None:
    shipped = {f"glossmt/glossary/terms/{p.name}" for p in (ROOT / "glossary" / "terms").glob("*.po")}
    assert len(shipped) >= 5
    assert shipped <= wheel_names


def test_the_console_script_is_declared(wheel: Path, wheel_names: set[str]) -> None:
    (entry_points,) = [n for n in wheel_names if n.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(entry_points).decode()
    assert "glossmt = glossmt.translate.cli.entry:main" in text


def test_the_review_pages_templates_and_assets_are_package_data(wheel_names: set[str]) -> None:
    assets = {
        f"glossmt/{p.relative_to(ROOT).as_posix()}"
        for pattern in ("*/templates/*.html", "page/*.css", "page/*.js")
        for p in (ROOT / "translate").glob(pattern)
    }
    assert len(assets) >= 5  # base, review and report templates; the stylesheet and the script
    assert assets <= wheel_names, sorted(assets - wheel_names)
