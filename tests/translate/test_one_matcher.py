"""One compiled glossary, one matcher: a default translate run and a bilingual check build one ``Matcher``
over the glossary, shared by the pass, pinning's detector, the checker and its unknown-name tally."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.glossary.matching import Matcher
from glossmt.glossary.model import Glossary
from glossmt.translate.cli.app import app

runner = CliRunner()


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every Matcher built, by what it matches: ``glossary`` (hundreds of terms) or ``pins`` (a few names)."""
    counts: Counter[str] = Counter()
    init = Matcher.__init__

    def counting(self: Matcher, glossary: Glossary, **kwargs: object) -> None:
        counts["pins" if all(t.concept.startswith("pinned:") for t in glossary.terms) else "glossary"] += 1
        init(self, glossary, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Matcher, "__init__", counting)
    return counts


def test_a_default_translate_run_builds_one_matcher(tiny_model_dir: Path, tmp_path: Path, built) -> None:
    # Two files with a repeated unknown name each: pinning (its detector) runs on both, the memory is on.
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("努尔特列乌说，托卡耶夫表示欢迎。\n努尔特列乌来了。\n", encoding="utf-8")
    memory = ["--memory", str(tmp_path / "m.sqlite")]
    args = ["translate", "--model", str(tiny_model_dir), "--beams", "1", "-q", *memory]
    result = runner.invoke(app, [*args, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert built["glossary"] == 1
    assert built["pins"] <= 2  # one per document's own pins (with --consistency batch: one)
    built.clear()
    batch = runner.invoke(app, [*args, "--consistency", "batch", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert batch.exit_code == 0, batch.stderr
    assert (built["glossary"], built["pins"]) == (1, 1)


def test_a_bilingual_check_builds_one_matcher(tmp_path: Path, built) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "托卡耶夫会见了努尔特列乌。\tTokaev met Nurteleu.\n努尔特列乌说。\tNurtleu said.\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["check", str(pairs)])
    assert result.exit_code == 1, result.stderr
    assert "avoid-rendering" in result.stdout
    assert built == Counter(glossary=1)
