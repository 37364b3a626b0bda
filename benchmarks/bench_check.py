"""Benchmarks for ``glossmt check``.

(a) Recall and false alarms: every proper name of the shipped glossary perturbed the ways English
    gets names wrong (transposed, dropped or doubled letters, hyphens and spaces, case, Russian
    endings), each variant planted in a sentence; and clean English (NTREX-128 news when
    ../shared/data is present, generated sentences otherwise) for false alarms. Printed for a
    sweep of near-miss thresholds.
(c) Precision (issue 9): a false-alarm set of correct real-style English written for this project
    (benchmarks/precision_data.py: pinyin and transliterated names, sentence-initial function
    words, articles, plurals, legal suffixes, accepted short forms) must raise nothing, while the
    same names misspelt are found at the right span.
(b) Speed: 10 MB of English against a generated 100,000-entry glossary, end to end through the
    ``glossmt check`` command, with the library's stages timed separately.

    .venv/bin/python benchmarks/bench_check.py [--size-mb 10] [--entries 100000] [--no-speed]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import real_names
from check_data import (
    PERTURBATIONS,
    big_glossary,
    news_sentences,
    sentence_with,
    synthetic_name,
    template_sentence,
)
from precision_data import correct_sentences, planted_misspellings
from precision_data import glossary as precision_glossary

from glossmt.glossary.findings import Severity
from glossmt.glossary.formats.po import write_po
from glossmt.glossary.loading import load_glossary
from glossmt.glossary.model import Glossary, Term, TermType
from glossmt.translate.check import readers as checkdocs
from glossmt.translate.check.checker import Checker, Finding
from glossmt.translate.check.checks import Batch, check_documents

THRESHOLDS = (70, 75, 80, 85, 90)


# --- (a) recall and false alarms ----------------------------------------------------------------


def planted_variants(glossary: Glossary, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """``(kind, variant, concept, target)`` for each proper name and each way of getting it wrong."""
    known = {t.target.lower() for t in glossary} | {a.lower() for c in glossary.concepts for a in c.avoid}
    rows = []
    for concept in glossary.concepts:
        if concept.type is TermType.COMMODITY or concept.draft or not concept.target[:1].isupper():
            continue
        for target in dict.fromkeys(t.target for t in concept.terms if t.approved):
            for kind, perturb in PERTURBATIONS.items():
                variant = perturb(target, rng)
                if variant and variant != target and variant.lower() not in known - {target.lower()}:
                    rows.append((kind, variant, concept.id, target))
    return rows


def recall(checker: Checker, rows: list[tuple[str, str, str, str]], rng: random.Random) -> dict[str, tuple[int, int]]:
    """Per kind of variant: (found with the right suggestion, planted)."""
    lines = [sentence_with(variant, rng) for _, variant, _, _ in rows]
    doc = checkdocs.from_bytes("\n".join(lines).encode(), "planted.txt")
    findings = Batch(checker).check(doc)
    by_line = defaultdict(set)
    for f in findings:
        by_line[f.diagnostic.line].add((f.found, f.diagnostic.suggestion))
    targets = checker.targets
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for number, (kind, variant, concept, _) in enumerate(rows, start=1):
        tally[kind][1] += 1
        if any(found == variant and suggestion in targets[concept] for found, suggestion in by_line[number]):
            tally[kind][0] += 1
    return {kind: (hit, total) for kind, (hit, total) in tally.items()}


def false_alarms(checker: Checker, sentences: list[str]) -> tuple[int, Counter[str]]:
    doc = checkdocs.from_bytes("\n".join(sentences).encode(), "clean.txt")
    findings = check_documents(checker, [doc])
    return len(findings), Counter(f"{f.found} → {f.diagnostic.suggestion}" for f in findings)


def quality(seed: int, synthetic: int = 300) -> None:
    rng = random.Random(seed)
    shipped = load_glossary()
    names = dict.fromkeys(synthetic_name(rng) for _ in range(synthetic))
    extra = [Term(f"合成{i}", name, f"synthetic-{i}", TermType.DEPOSIT) for i, name in enumerate(names)]
    glossary = Glossary.of([*shipped.terms, *extra])
    rows = planted_variants(glossary, rng)
    news = news_sentences()
    clean_name, clean = ("NTREX-128 news English", news) if news else ("generated English", None)
    if clean is None:
        print("(../shared/data/ntrex128 not found: false alarms are measured on generated sentences only)")
        clean = [template_sentence(rng) for _ in range(2000)]
    generated = [template_sentence(random.Random(seed + 1)) for _ in range(2000)]
    words = sum(len(s.split()) for s in clean)
    print(f"(a) recall of {len(rows)} planted variants of the names of {len(shipped.concepts)} shipped concepts and")
    print(f'    {len(extra)} generated transliterated ones ("Upper Zhanatasskoye"); false alarms on')
    print(f"    {clean_name} ({len(clean)} sentences, {words:,} words) and on 2,000 generated sentences\n")
    kinds = sorted({r[0] for r in rows})
    header = f"{'threshold':>9} | " + " | ".join(f"{k[:14]:>14}" for k in kinds) + " |  recall | false alarms"
    print(header)
    print("-" * len(header))
    for threshold in THRESHOLDS:
        checker = Checker(glossary, threshold=threshold)
        scores = recall(checker, rows, random.Random(seed))
        cells = " | ".join(f"{scores[k][0]:>6}/{scores[k][1]:<7}" for k in kinds)
        hit = sum(s[0] for s in scores.values())
        alarms, examples = false_alarms(checker, clean)
        generated_alarms, _ = false_alarms(checker, generated)
        print(f"{threshold:>9} | {cells} | {hit / len(rows):6.1%} | {alarms} news, {generated_alarms} generated")
        if alarms:
            print(f"{'':>9}   news false alarms: {dict(examples.most_common(5))}")
    print()


# --- (c) precision --------------------------------------------------------------------------------


def precision(seed: int) -> None:
    checker = Checker(precision_glossary())
    sentences = correct_sentences(random.Random(seed))
    alarms, examples = false_alarms(checker, sentences)
    rows = planted_misspellings(random.Random(seed), PERTURBATIONS)
    doc = checkdocs.from_bytes("\n".join(s for s, _, _ in rows).encode(), "planted.txt")
    by_line: dict[int, set[tuple[str, str | None]]] = defaultdict(set)
    for f in Batch(checker).check(doc):
        by_line[f.diagnostic.line].add((f.found, f.diagnostic.suggestion))
    hits = sum((variant, name) in by_line[n] for n, (_, variant, name) in enumerate(rows, start=1))
    wrong_span = sum(bool(by_line[n]) and (v, name) not in by_line[n] for n, (_, v, name) in enumerate(rows, start=1))
    words = sum(len(s.split()) for s in sentences)
    print(f"(c) precision: {len(sentences):,} correct real-style sentences ({words:,} words) around")
    print(f"    {len(precision_glossary().concepts)} names (pinyin, transliterated, suffixed, short forms)")
    print(f"    false alarms: {alarms}" + (f"  {dict(examples.most_common(8))}" if alarms else ""))
    print(f"    planted misspellings found at the right span: {hits / len(rows):.1%} ({hits}/{len(rows)}),")
    print(f"    found at another span: {wrong_span}")
    print()


# --- (b) speed -------------------------------------------------------------------------------


def english(size: int, glossary_targets: list[str], rng: random.Random) -> str:
    """``size`` characters of news English (or generated sentences), a tenth of the sentences naming
    a glossary entry (some misspelt) and a fifth naming an unknown transliterated name."""
    news = news_sentences() or [template_sentence(rng) for _ in range(2000)]
    perturb = list(PERTURBATIONS.values())
    parts, total = [], 0
    while total < size:
        roll = rng.random()
        if roll < 0.1:
            name = rng.choice(glossary_targets)
            if roll < 0.03:
                name = rng.choice(perturb)(name, rng) or name
            sentence = sentence_with(name, rng)
        elif roll < 0.3:
            sentence = sentence_with(synthetic_name(rng), rng)
        else:
            sentence = rng.choice(news)
        parts.append(sentence)
        total += len(sentence) + 1
    return "\n".join(parts) + "\n"


def speed(size_mb: float, entries: int, seed: int) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        terms = big_glossary(entries, rng)
        po, article = Path(tmp) / "big.po", Path(tmp) / "big.en.txt"
        write_po(terms, po)
        article.write_text(english(int(size_mb * 1_000_000), [t.target for t in terms], rng), encoding="utf-8")
        print(f"(b) {article.stat().st_size / 1e6:.1f} MB of English against a {len(terms):,}-entry glossary")
        print(f"    (generated in {time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs)")

        cli = "from glossmt.translate.cli.app import main; main()"
        command = [sys.executable, "-c", cli, "check", "-g", str(po), "--format", "json", str(article)]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "(no summary)"
        print(f"    glossmt check, end to end: {wall:.1f} s (exit {done.returncode}; aim: 30 s)")
        print(f"    {summary}")

        stages = []
        t = time.perf_counter()
        glossary = load_glossary([po])
        stages.append(("load the PO glossary", time.perf_counter() - t))
        t = time.perf_counter()
        checker = Checker(glossary)
        stages.append(("build scanner and near-miss index", time.perf_counter() - t))
        t = time.perf_counter()
        doc = checkdocs.load(str(article))
        stages.append(("read the article", time.perf_counter() - t))
        t = time.perf_counter()
        batch = Batch(checker)
        analysis = checker.analyse(doc)
        stages.append(("scan + near-miss search", time.perf_counter() - t))
        t = time.perf_counter()
        findings = batch.check(doc) + batch.finish()
        stages.append(("checks, again from scratch, + consistency", time.perf_counter() - t))
        for name, seconds in stages:
            print(f"      {name:<42} {seconds:6.1f} s")
        hits, near = len(analysis.scan.avoided), len(analysis.near)
        print(f"      {hits:,} avoid hits, {near:,} near-misses, {len(findings):,} findings")


# --- (d) real English: names of every kind, typos planted, dev and test splits (issue 23) ----------


def _alarms(findings: list[Finding]) -> list[Finding]:
    """What counts as a false alarm: any finding but one that only respaces a hyphen."""
    return [f for f in findings if not _respaces_hyphen(f.found, f.diagnostic.suggestion or "")]


def _respaces_hyphen(found: str, suggestion: str) -> bool:
    squeeze = lambda s: "".join(s.split()).replace("-", "").replace("\u2011", "").lower()  # noqa: E731
    return bool(suggestion) and found != suggestion and squeeze(found) == squeeze(suggestion)


def _as_docs(docs: list[real_names.Doc], *, typoed: bool, bilingual: bool) -> list[checkdocs.Document]:
    out = []
    for doc in docs:
        english = doc.typoed if typoed and doc.typoed else doc.english
        if bilingual:
            body = "\n".join(f"{zh}\t{en}" for zh, en in zip(doc.chinese, english, strict=True))
            out.append(checkdocs.from_bytes(body.encode(), doc.path.replace(".txt", ".tsv"), kind="tsv"))
        else:
            out.append(checkdocs.from_bytes("\n".join(english).encode(), doc.path))
    return out


def _signature(findings: list[Finding]) -> set[tuple[object, ...]]:
    return {
        (d.path, d.line, d.col, d.code, d.severity.value, f.found, d.message, d.suggestion)
        for f in findings
        for d in [f.diagnostic]
    }


def _order_dependence(checker: Checker, docs: list[checkdocs.Document], rng: random.Random) -> tuple[int, int]:
    """(findings that differ between shuffled orders, findings): run the batch in three orders."""
    runs = []
    for _ in range(3):
        order = list(docs)
        rng.shuffle(order)
        findings = check_documents(checker, order)
        failing = any(f.diagnostic.severity.at_least(Severity.WARNING) for f in findings)
        runs.append((_signature(findings), failing))
    union = set().union(*(r[0] for r in runs))
    common = set.intersection(*(r[0] for r in runs))
    exit_differs = len({r[1] for r in runs}) > 1
    return len(union - common) + int(exit_differs), len(union)


def _cell(hit: int, total: int) -> str:
    return f"{hit:>5}/{total:<4}{hit / total:>5.0%}" if total else f"{'-':>14}"


def real_english(seed: int, docs_per_split: int = 400) -> None:
    if not real_names.NAMES.is_dir():
        print(f"(d) skipped: {real_names.NAMES} not found")
        return
    pool = real_names.names(random.Random(seed))
    news = news_sentences() or []
    print(f"(d) real English: {len(pool)} names from ../shared/data/names (dev/test split by a hash of the name);")
    print(f"    {docs_per_split} articles of 8 lines per split, one typo planted in each typo'd copy;")
    print(f"    false alarms on the articles as written and on NTREX-128 ({len(news)} sentences)\n")
    for split in ("dev", "test"):
        names = [n for n in pool if n.split == split]
        glossary = Glossary.of(real_names.glossary_terms(names))
        checker = Checker(glossary)
        docs = real_names.documents(names, random.Random(seed + 1), docs_per_split)
        print(f"  [{split}] {len(names)} names, {len(docs)} articles")
        clean = check_documents(checker, _as_docs(docs, typoed=False, bilingual=False))
        alarms = _alarms(clean)
        ntrex = _alarms(check_documents(checker, [checkdocs.from_bytes("\n".join(news).encode(), "ntrex.txt")]))
        bilingual_clean = _alarms(check_documents(checker, _as_docs(docs, typoed=False, bilingual=True)))
        print(
            f"    false alarms: {len(alarms)} in {len(docs) * 8} article lines (English only), "
            f"{len(bilingual_clean)} bilingual, {len(ntrex)} in NTREX-128"
        )
        for f in alarms[:6] + bilingual_clean[:6] + ntrex[:6]:
            print(
                f"      {f.diagnostic.path}:{f.diagnostic.line} {f.diagnostic.severity.value} {f.found!r} → "
                f"{f.diagnostic.suggestion!r}: {f.diagnostic.message[:90]}"
            )
        for mode in ("English only", "bilingual"):
            findings = check_documents(checker, _as_docs(docs, typoed=True, bilingual=mode == "bilingual"))
            by_doc: dict[str, list[Finding]] = defaultdict(list)
            for f in findings:
                by_doc[f.diagnostic.path.replace(".tsv", ".txt")].append(f)
            tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
            missed: list[str] = []
            wrong_span = 0
            for doc in docs:
                if doc.typo is None:
                    continue
                line, typo, name = doc.typo
                right = {name.en.lower(), real_names.plural(name.en).lower()}
                here = [f for f in by_doc[doc.path] if f.diagnostic.line == line]
                hit = any(f.found == typo and (f.diagnostic.suggestion or "").lower() in right for f in here)
                wrong_span += bool(here) and not hit
                for key in ((name.kind, doc.typo_kind), (name.kind, "all"), ("all", doc.typo_kind), ("all", "all")):
                    tally[key][0] += hit
                    tally[key][1] += 1
                if not hit and len(missed) < 8:
                    missed.append(
                        f"{typo!r} for {name.en!r} ({name.kind}) {[(f.found, f.diagnostic.code) for f in here]}"
                    )
            kinds = [*sorted({k for k, _ in tally if k != "all"}), "all"]
            typo_kinds = [*real_names.TYPOS, "all"]
            print(f"    recall, {mode} (found at the right span with the right name; wrong span: {wrong_span}):")
            print("      " + f"{'':<16}" + "".join(f"{t:>14}" for t in typo_kinds))
            for kind in kinds:
                cells = "".join(_cell(*tally[(kind, t)]) for t in typo_kinds)
                print(f"      {kind:<16}{cells}")
            for m in missed:
                print(f"      missed: {m}")
        differing, total = _order_dependence(checker, _as_docs(docs, typoed=True, bilingual=False), random.Random(seed))
        print(f"    order dependence: {differing} of {total} findings differ across three shuffled orders\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=10.0)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-speed", action="store_true", help="only (a)")
    parser.add_argument("--no-quality", action="store_true", help="only (b)")
    parser.add_argument("--only-real", action="store_true", help="only (d), the real-English benchmark")
    args = parser.parse_args()
    if args.only_real:
        real_english(args.seed)
        return
    if not args.no_quality:
        precision(args.seed)
        quality(args.seed)
    if not args.no_speed:
        speed(args.size_mb, args.entries, args.seed)
    if not args.no_quality:
        real_english(args.seed)


if __name__ == "__main__":
    main()
