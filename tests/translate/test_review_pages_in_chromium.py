"""The review pages in a real browser: Debian's chromium, headless, driven by Playwright.

Playwright's own browser download cannot work here, so the system ``chromium`` runs (``.ci/run``
installs it and a CJK font with apt-get). The pages come from the real pass (tiny model) and the
real checker. Screenshots go to ``.ci/artifacts/`` (git-ignored; CI keeps it). The 5,000-line page's
load and scroll times are printed, never asserted.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from glossmt.glossary.loading import load_glossary
from glossmt.translate.check import readers as checkdocs
from glossmt.translate.check.checker import Checker
from glossmt.translate.check.checks import check_documents
from glossmt.translate.check.html_report import report_page
from glossmt.translate.mt.review_page import review_page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / ".ci" / "artifacts"
DATA = ROOT / "tests" / "data"
CHROMIUM = os.environ.get("GLOSSMT_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One chromium for the module, with a fresh profile and no network."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no chromium at {CHROMIUM}: apt-get install -y chromium fonts-wqy-microhei (.ci/run does)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 860},
            offline=True,
        )
        yield context
        context.close()


class Opened:
    """A page opened from disk, with what it logged and requested."""

    def __init__(self, browser, path: Path) -> None:
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.resolve().as_uri()
        started = time.perf_counter()
        self.page.goto(self.url, wait_until="load")
        self.seconds = time.perf_counter() - started

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def assert_nothing_ran_but_the_page(self) -> None:
        assert self.js("window.__pwned") is None
        assert self.js("document.querySelectorAll('img, svg, textarea, iframe, object').length") == 0
        assert self.js("document.scripts.length") == 1
        assert self.errors == []  # a CSP refusal of the page's own code would be logged here
        assert self.requests == [self.url]


def _visible(opened: Opened, selector: str) -> int:
    return opened.js(
        f"Array.from(document.querySelectorAll({selector!r})).filter(e => e.checkVisibility() && "
        "e.getBoundingClientRect().width > 0).length"
    )


@pytest.fixture(scope="module")
def review_file(review_results, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "review.html"
    path.write_text(review_page(review_results, signature="glossmt:test|model:tiny", source_name="article.zh.txt"))
    return path


def test_translate_review_page(browser, review_file: Path, review_results) -> None:
    opened = Opened(browser, review_file)
    page = opened.page
    assert _visible(opened, ".zh mark[data-concept]") > 0
    assert _visible(opened, ".en mark[data-concept]") > 0

    english = page.locator(".en mark[data-concept][data-occ]").first
    concept = english.get_attribute("data-concept")
    english.hover()
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert f"concept: {concept}" in tip.inner_text()
    partner = page.locator(f'.zh mark[data-occ="{english.get_attribute("data-occ")}"]')
    assert "pair" in (partner.get_attribute("class") or "").split()

    button = page.locator("button[data-filter-attr=concept]").first
    chosen = button.get_attribute("data-filter-value")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    lines_with = {r.number for r in review_results if any(t.concept == chosen for t in r.terms)}
    shown = opened.js("Array.from(document.querySelectorAll('.row')).filter(r => !r.hidden).map(r => r.id)")
    assert shown == [f"L{n}" for n in sorted(lines_with)]
    selected = opened.js("Array.from(document.querySelectorAll('mark.sel')).map(m => m.dataset.concept)")
    assert selected
    assert set(selected) == {chosen}
    assert page.locator("#filter-status").is_visible()

    page.mouse.move(5, 5)
    page.keyboard.press("n")
    first = opened.js("document.activeElement.dataset.concept + '|' + document.activeElement.dataset.occ")
    assert first.startswith(f"{chosen}|")
    assert tip.is_visible()
    assert f"concept: {chosen}" in tip.inner_text()
    page.keyboard.press("Escape")
    assert opened.js("document.querySelectorAll('.row[hidden]').length") == 0
    stops = opened.js("Array.from(document.querySelectorAll('[data-nav]')).map(m => m.dataset.occ)")
    at = stops.index(first.split("|")[1])
    page.keyboard.press("n")
    page.keyboard.press("n")
    assert opened.js("document.activeElement.dataset.occ") == stops[min(at + 2, len(stops) - 1)]
    page.keyboard.press("p")
    assert opened.js("document.activeElement.dataset.occ") == stops[min(at + 1, len(stops) - 1)]

    page.locator("button[data-filter-attr=how][data-filter-value=constrained]").click()
    hows = opened.js("Array.from(document.querySelectorAll('mark.sel')).map(m => m.dataset.how)")
    assert set(hows) == {"constrained"}
    chinese = opened.js("document.querySelectorAll('.zh mark.sel').length")
    assert chinese == sum(t.how == "constrained" for r in review_results for t in r.terms)
    page.keyboard.press("Escape")

    page.evaluate("window.scrollTo(0, 0)")
    page.locator(".en mark[data-concept]").first.hover()
    assert tip.is_visible()
    page.screenshot(path=str(ARTIFACTS / "translate-review.png"))
    opened.assert_nothing_ran_but_the_page()


def test_a_5000_line_review_opens_and_scrolls(browser, review_results, tmp_path: Path, capsys) -> None:
    cycle = itertools.islice(itertools.cycle(review_results), 5000)
    lines = [replace(result, number=n) for n, result in enumerate(cycle, 1)]  # real pass output, repeated
    path = tmp_path / "long.html"
    path.write_text(review_page(lines, signature="glossmt:test", source_name="long.zh.txt"))
    opened = Opened(browser, path)
    load = opened.js("performance.getEntriesByType('navigation')[0].loadEventEnd")
    frames = opened.js(
        """async () => {
            const times = [];
            for (let i = 0; i < 40; i++) {
                const t = performance.now();
                window.scrollBy(0, window.innerHeight * 3);
                await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                times.push(performance.now() - t);
            }
            document.getElementById("L5000").scrollIntoView();
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            return times;
        }"""
    )
    rows = opened.js("document.querySelectorAll('.row').length")
    marks = opened.js("document.querySelectorAll('mark[data-concept]').length")
    assert rows == 5000
    assert opened.js("document.getElementById('L5000').getBoundingClientRect().top < window.innerHeight")
    started = time.perf_counter()
    opened.page.locator("button[data-filter-attr=concept]").first.click()
    filtered = time.perf_counter() - started
    report = (
        f"5,000-line review page: {path.stat().st_size / 1e6:.1f} MB, {marks} marks; "
        f"load event {load:.0f} ms (goto {opened.seconds:.2f} s); "
        f"scroll frames median {sorted(frames)[len(frames) // 2]:.0f} ms, worst {max(frames):.0f} ms; "
        f"concept filter {filtered * 1000:.0f} ms"
    )
    (ARTIFACTS / "review-page-timings.txt").write_text(report + "\n", encoding="utf-8")
    with capsys.disabled():
        print(f"\n{report}")
    opened.assert_nothing_ran_but_the_page()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    injected = folder / "injected.en.txt"
    injected.write_text(
        'A "><svg onload=window.__pwned=4> town. <script>window.__pwned=8</script> Howard Rovnick spoke.\n'
        "North Katpal </textarea> and Samruk-Kazina.\n",
        encoding="utf-8",
    )
    checker = Checker(load_glossary([DATA / "check" / "glossary.po", DATA / "review" / "injections.po"]))
    names = [*sorted(str(p) for p in (DATA / "check" / "articles").iterdir()), str(injected)]
    docs = [checkdocs.load(name) for name in names]
    findings = check_documents(checker, docs)
    path = folder / "report.html"
    path.write_text(report_page(docs, findings, signature="glossary:test"))
    return path


def test_check_report_page(browser, report_file: Path) -> None:
    opened = Opened(browser, report_file)
    page = opened.page
    assert _visible(opened, "mark[data-check]") > 0
    mark = page.locator("mark[data-check=near-miss]").first
    mark.hover()
    tip = page.locator("#tip").inner_text()
    assert "[near-miss]" in tip
    assert "suggestion: " in tip

    link = page.locator("ol.findings a[href^='#f']").last
    anchor = link.get_attribute("href")[1:]
    link.click()
    assert opened.js("document.activeElement.id") == anchor
    assert page.evaluate(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        anchor,
    )

    page.locator("button[data-filter-attr=check][data-filter-value=avoid-rendering]").click()
    codes = opened.js("Array.from(document.querySelectorAll('mark.sel')).map(m => m.dataset.check)")
    assert codes
    assert set(codes) == {"avoid-rendering"}
    assert opened.js(
        "Array.from(document.querySelectorAll('.row')).filter(r => !r.hidden)"
        ".every(r => r.querySelector('[data-check=\"avoid-rendering\"]'))"
    )
    page.keyboard.press("Escape")
    page.locator("mark.fixable").first.hover()
    assert page.locator("#tip").is_visible()
    page.screenshot(path=str(ARTIFACTS / "check-report.png"), full_page=False)
    opened.assert_nothing_ran_but_the_page()
