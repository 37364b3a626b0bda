"""How fast is term matching at scale, and how fast does ``glossmt glossary lint`` start?

Builds a large PO glossary (CC-CEDICT's proper nouns from ``../shared/data`` when present, topped up
with synthetic names; fully synthetic otherwise) and ~10 MB of Chinese text (NTREX-128's Simplified
Chinese repeated, or synthetic sentences), both in a temporary folder: the shared data is read, never
copied into the repository. Then times loading, building the matcher and finding terms, each run in
a fresh process: first with an empty compiled-glossary cache (the term files are parsed, and the cache
written), then again with it (what every later run of glossmt does; :mod:`glossmt.glossary.io.cache`).
Last, the cold start of ``glossmt glossary lint`` on the shipped glossary.

    .venv/bin/python benchmarks/bench_matching.py [--entries 100000] [--megabytes 10]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from glossmt.glossary.formats.po import write_po
from glossmt.glossary.io.cache import CACHE_ENV
from glossmt.glossary.loading import load_compiled
from glossmt.glossary.model import Term, TermType

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CEDICT_NAMES = SHARED / "cc-cedict" / "cedict_proper_nouns.tsv"
NTREX_CHINESE = SHARED / "ntrex128" / "newstest2019-ref.zho-CN.txt"

# Characters common in Chinese transliterations of foreign names: synthetic names look like real ones.
NAME_CHARS = (
    "阿巴贝比波布达德迪杜多法菲弗戈格哈赫霍吉加杰卡凯科克库拉莱里利洛卢鲁马曼梅米莫穆纳内尼诺帕佩皮普萨塞桑斯索塔泰特提托瓦韦"
    "维沃西谢伊耶扎泽兹"
)
# Common characters for synthetic filler text, when NTREX-128 is absent.
FILLER = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
    "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
    "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集"
    "温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支"
    "般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属"
    "圆包火住调满县局照参红细引听该铁价严"
)
T = TypeVar("T")
TYPES = (TermType.PERSON, TermType.PLACE, TermType.ORGANISATION, TermType.COMPANY)


def note(message: str) -> None:
    print(f"note: {message}", flush=True)


# --- the glossary ----------------------------------------------------------------------------------


def cedict_terms() -> Iterator[Term]:
    """CC-CEDICT proper nouns of two characters or more: Simplified form, first English gloss."""
    seen: set[str] = set()
    with CEDICT_NAMES.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4:
                continue
            simplified, _traditional, _pinyin, glosses = fields[:4]
            english = glosses.split("/")[0].strip()
            if len(simplified) < 2 or simplified in seen or not english:
                continue
            seen.add(simplified)
            yield Term(simplified, english, f"cedict-{number}", type=TYPES[number % len(TYPES)])


def synthetic_terms(count: int, taken: set[str], rng: random.Random) -> Iterator[Term]:
    """``count`` invented names of 3-6 characters, none already in ``taken``."""
    made = 0
    while made < count:
        name = "".join(rng.choices(NAME_CHARS, k=rng.randint(3, 6)))
        if name in taken:
            continue
        taken.add(name)
        made += 1
        english = "".join(rng.choices("aeiouklmnrstvz", k=rng.randint(5, 9))).title()
        yield Term(name, english, f"synthetic-{made}", type=TYPES[made % len(TYPES)])


def make_glossary(path: Path, entries: int, rng: random.Random) -> tuple[list[str], str]:
    """Write an ``entries``-term PO file; return its Chinese forms and where its terms came from."""
    terms: list[Term] = []
    if CEDICT_NAMES.exists():
        for term in cedict_terms():
            if len(terms) == entries:
                break
            terms.append(term)
        origin = f"{len(terms):,} CC-CEDICT proper nouns + {entries - len(terms):,} synthetic names"
    else:
        note(f"{CEDICT_NAMES} is absent: the glossary is fully synthetic")
        origin = f"{entries:,} synthetic names"
    terms.extend(synthetic_terms(entries - len(terms), {t.source for t in terms}, rng))
    write_po(terms, path)
    return [t.source for t in terms], origin


# --- the text --------------------------------------------------------------------------------------


def make_text(megabytes: float, rng: random.Random, names: list[str]) -> tuple[str, str]:
    """About ``megabytes`` MB (10^6 bytes of UTF-8) of Chinese text, and where it came from.

    Synthetic text, used when NTREX-128 is absent, carries names drawn from the glossary.
    """
    target = int(megabytes * 1_000_000)
    if NTREX_CHINESE.exists():
        lines = NTREX_CHINESE.read_text(encoding="utf-8").splitlines()
        origin = f"NTREX-128 zho-CN ({len(lines):,} lines) repeated"
    else:
        note(f"{NTREX_CHINESE} is absent: the text is synthetic")
        lines = [_synthetic_sentence(rng, names) for _ in range(2_000)]
        origin = "synthetic sentences"
    out: list[str] = []
    size = 0
    while size < target:
        for line in lines:
            out.append(line)
            size += len(line.encode("utf-8")) + 1
            if size >= target:
                break
    return "\n".join(out) + "\n", origin


def _synthetic_sentence(rng: random.Random, names: list[str]) -> str:
    """Filler with a name or two from the glossary, the way news text carries names."""
    parts = ["".join(rng.choices(FILLER, k=rng.randint(4, 20))) for _ in range(rng.randint(2, 4))]
    chosen = [rng.choice(names) for _ in parts[1:]] if names else []
    return "".join(p + n for p, n in zip(parts, [*chosen, ""], strict=False)) + "。"


# --- timing ----------------------------------------------------------------------------------------


def timed(work: Callable[..., T], *args: Any) -> tuple[T, float]:
    """``work(*args)`` and the seconds it took."""
    start = time.perf_counter()
    result = work(*args)
    return result, time.perf_counter() - start


def lint_command() -> list[str]:
    """The installed console script if there is one, else the same entry point through ``-c``."""
    script = Path(sys.executable).with_name("glossmt")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from glossmt.translate.cli.app import main; main()"]


def cold_start(runs: int = 3) -> tuple[float, int]:
    """Best wall time of ``glossmt glossary lint`` in a fresh process, and its exit status."""
    best = float("inf")
    status = 0
    for _ in range(runs):
        start = time.perf_counter()
        completed = subprocess.run([*lint_command(), "glossary", "lint"], check=False, capture_output=True)
        best = min(best, time.perf_counter() - start)
        status = completed.returncode
    return best, status


def heavy_imports() -> list[str]:
    """Model libraries that ``glossary lint`` imported (none is the goal), checked at interpreter exit."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('IMPORTED=' + ','.join("
        "m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules)))\n"
        "from glossmt.translate.cli.app import main\n"
        "main()\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, "glossary", "lint"], check=False, capture_output=True, text=True
    )
    marker = [line for line in completed.stdout.splitlines() if line.startswith("IMPORTED=")]
    if not marker:
        return ["(unknown: the check did not run)"]
    return [m for m in marker[-1].removeprefix("IMPORTED=").split(",") if m]


def run_in_process(po: Path, text_file: Path, cache: Path) -> dict[str, float]:
    """One timed run (load, build, first and second find) in a fresh process, with ``cache`` as its cache."""
    command = [sys.executable, __file__, "--worker", json.dumps([str(po), str(text_file)])]
    env = {**os.environ, CACHE_ENV: str(cache)}
    done = subprocess.run(command, check=False, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"the timed run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def worker(arguments: str) -> None:
    po, text_file = (Path(p) for p in json.loads(arguments))
    text = text_file.read_text(encoding="utf-8")
    compiled, load_s = timed(load_compiled, [po])
    matcher, build_s = timed(compiled.matcher)
    matches, find_s = timed(matcher.find, text)
    _, warm_s = timed(matcher.find, text)
    report = {"load": load_s, "build": build_s, "find": find_s, "again": warm_s}
    print(json.dumps({**report, "entries": len(compiled.glossary), "matches": len(matches)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000, help="glossary entries (default 100000)")
    parser.add_argument("--megabytes", type=float, default=10.0, help="MB of Chinese text (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for synthetic names")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        worker(options.worker)
        return
    rng = random.Random(options.seed)

    with tempfile.TemporaryDirectory(prefix="glossmt-bench-") as folder:
        po = Path(folder) / "bench.po"
        names, glossary_origin = make_glossary(po, options.entries, rng)
        text, text_origin = make_text(options.megabytes, rng, names)
        text_file = Path(folder) / "text.zh.txt"
        text_file.write_text(text, encoding="utf-8")
        megabytes = len(text.encode("utf-8")) / 1_000_000
        cache = Path(folder) / "cache"
        runs = {"no cache": run_in_process(po, text_file, cache), "cached": run_in_process(po, text_file, cache)}
    lint_s, lint_status = cold_start()
    imported = heavy_imports()

    first = runs["no cache"]
    print(f"glossary: {first['entries']:,} entries ({glossary_origin})")
    print(f"text:     {megabytes:.1f} MB, {len(text):,} characters ({text_origin})")
    print()
    print(f"{'stage (each run a fresh process)':<44}  {'no cache':>9}  {'cached':>9}")

    def row(name: str, value: Callable[[dict[str, float]], float]) -> None:
        print(f"{name:<44}  {value(runs['no cache']):7.2f} s  {value(runs['cached']):7.2f} s")

    row("load (parse PO / read the compiled cache)", lambda r: r["load"])
    row("Matcher build", lambda r: r["build"])
    row(f"find over {megabytes:.1f} MB (first, loads jieba)", lambda r: r["find"])
    row(f"find over {megabytes:.1f} MB (again, warm)", lambda r: r["again"])
    row("total (load + build + first find)", lambda r: r["load"] + r["build"] + r["find"])
    print()
    rows = [
        ("matches found", f"{first['matches']:,}"),
        ("find throughput (first / warm)", f"{megabytes / first['find']:.2f} / {megabytes / first['again']:.2f} MB/s"),
        ("`glossmt glossary lint` cold start (best of 3)", f"{lint_s:.2f} s (exit {lint_status})"),
        ("model libraries imported by lint", ", ".join(imported) if imported else "none (no torch)"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
