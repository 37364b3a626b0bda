"""The name oracle: back-transliteration accuracy, extract's suggestions on real news, pinning, speed.

Accuracy: the dev split of ../shared/data/names (every tenth name by a hash of its Chinese, kept out of
training by glossmt.glossary.names.training): top-1, top-5 and MRR of the oracle's English candidates
(romanisations excluded), compared as folded letters (case, accents, spaces and hyphens aside), overall
and by group: Russian/Central Asian (a post-Soviet ``lang``, or a Russian/Turkic ending on the Latin
side: -ov, -yev, -sky, -vich, -enko, -uly, -bek …), world (the rest), persons, places.

Real news: extract on NTREX-128 Chinese (line-aligned with its English). A candidate's suggestion is
judged right when its letters appear in the English of a line the name occurs in; the top 100 are
printed for reading by hand (``--list``). Pinning: the names occurring twice or more get the English
that translate's pinning decides without the translation model (glossary, lexicon, the name model above
its threshold): right / wrong / left to the model, judged the same way.

News names: ``news_names.tsv``, Russian and Central Asian names as news writes them in Chinese and English
(written for this benchmark), asked without a glossary.

Speed: ``glossmt glossary suggest`` on 10,000 dev names, in CPU seconds of this process: first at first
sight (the model loaded, every memo empty: a new list), then again after the accuracy pass has asked
about the same names (the memos warm: a list of names seen before, the figure earlier sessions gave).

    python benchmarks/bench_names.py [--data ../shared/data] [--list] [--no-news]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from glossmt.glossary.extract import Detector, extract
from glossmt.glossary.extract.candidates import SuggestionSource
from glossmt.glossary.loading import load_glossary
from glossmt.glossary.model import Glossary, Term, TermType
from glossmt.glossary.names import NameOracle, NameOrigin, same_name
from glossmt.glossary.names.batch import suggest_all, warm
from glossmt.glossary.names.spelling import fold, letters
from glossmt.glossary.names.training import POST_SOVIET, Pair, is_dev, parts, read_pairs
from glossmt.glossary.normalise import normalise_form

ROOT = Path(__file__).resolve().parents[1]
_BREAKS = re.compile(r"[^a-z]*[\s\-][^a-z]*|[^a-z\s\-]+")
# The strict group's endings, fixed here so that its figures compare across sessions (the origin model's own
# label, training.RUSSIAN_LATIN, has since learned -sk too).
RUSSIAN_LATIN = re.compile(r"(ov|ev|ova|eva|sky|skiy|skaya|vich|ovna|evna|enko|uly|kyzy|bek)$")
RUSSIAN_ENDING = re.compile(
    r"(ov|ev|yev|ova|eva|yeva|sky|skiy|skaya|vich|ovich|evich|ovna|evna|enko|uly|kyzy|bek|bayev|iyev|in|ina)$"
)


def groups(pair: Pair) -> list[str]:
    latin = letters(pair.latin)
    origin = "ru/ca" if pair.lang in POST_SOVIET or RUSSIAN_ENDING.search(latin) else "world"
    kind = "person" if pair.type == "person" else "place" if pair.type in {"place", "other"} else "other"
    # -in/-ina also end French, German and Spanish names (Saint-Quirin, Fortin): the strict group leaves them out.
    strict = pair.lang in POST_SOVIET or RUSSIAN_LATIN.search(latin)  # the origin model's label until -sk joined it
    return ["all", origin, kind, *(["ru/ca strict"] if strict else [])]


def accuracy(oracle: NameOracle, pairs: list[Pair]) -> dict[str, list[float]]:
    """Per group: [names, top-1 hits, top-5 hits, reciprocal-rank sum, top-1 hits with the words too]."""
    table: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0, 0])
    for pair in pairs:
        if not parts(pair):
            continue
        gold = letters(pair.latin)
        english = [c.english for c in oracle.suggest(pair.zh, top=6) if c.is_english][:5]
        found = [letters(e) for e in english]
        rank = found.index(gold) + 1 if gold in found else 0
        for group in groups(pair):
            row = table[group]
            row[0] += 1
            row[1] += rank == 1
            row[2] += rank > 0
            row[3] += 1 / rank if rank else 0.0
            row[4] += rank == 1 and words(english[0]) == words(pair.latin)
    return table


def words(text: str) -> str:
    """The folded letters with the breaks between words (San Esteban de la Sierra, Saint-Vincent-des-Landes):
    case and accents aside, a space is not a hyphen and no break is neither."""
    return " ".join(_BREAKS.sub(_break, fold(text).replace("‐", "-")).split())


def _break(match: re.Match[str]) -> str:
    gap = match.group()
    return "-" if "-" in gap else " " if not gap.strip() or " " in gap else ""


def speed(oracle: NameOracle, names: list[str]) -> tuple[int, float]:
    """``glossary suggest``'s work in one process (``--jobs 1``), on a fresh oracle (nothing answered yet)."""
    oracle = NameOracle(oracle.glossary)
    warm(oracle)  # the models, the lexicon and the tables behind the checks load once, outside the timing
    start = time.process_time()
    for _ in suggest_all(oracle, names, top=5, jobs=1):
        pass
    return len(names), time.process_time() - start


def variants(pairs: list[Pair]) -> None:
    """Variants of glossary forms: a glossary of training names (one Chinese form of each Latin name that a
    dev name also has, and every tenth other one), every dev form not in it asked which concept it is a
    variant of; right where the concept's English and the dev name's are one name (:func:`same_name`)."""
    first: dict[str, Pair] = {}
    for pair in pairs:
        if not is_dev(pair.zh):
            first.setdefault(letters(pair.latin), pair)
    wanted = {letters(p.latin) for p in pairs if is_dev(p.zh)}
    chosen = [p for i, (key, p) in enumerate(sorted(first.items())) if key in wanted or i % 10 == 0]
    terms = [Term(p.zh, p.latin, f"c{i}", TermType.PERSON) for i, p in enumerate(chosen)]
    oracle = NameOracle(Glossary.of(terms))
    forms = {normalise_form(p.zh) for p in chosen}
    glossary_names = {letters(p.latin) for p in chosen}
    asked = hits = right = findable = 0
    for pair in pairs:
        form = normalise_form(pair.zh)
        if not is_dev(pair.zh) or form in forms:
            continue
        asked += 1
        findable += letters(pair.latin) in glossary_names
        if (variant := oracle.variant_of(form)) is not None:
            hits += 1
            right += same_name(variant.target, pair.latin)
    print(
        f"variants: a glossary of {len(terms)} training names, {asked} dev forms asked: {hits} called variants, "
        f"{right} of the right concept (precision {right / max(hits, 1):.3f}); recall {right}/{findable} = "
        f"{right / max(findable, 1):.3f} of the dev forms whose name the glossary holds"
    )


def news_names(listing: bool) -> None:
    """The names of Russian and Central Asian news in ``news_names.tsv`` (written for this benchmark, not
    from ../shared), asked of an oracle with no glossary (the shipped one holds some of them): top-1 and
    top-5 by folded letters, and top-1 the same name by :func:`same_name` (Tokaev for Tokayev); then again told
    that the names come from Russian (``--origin russian``)."""
    rows = [
        line.split("\t")
        for line in (ROOT / "benchmarks" / "news_names.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    for origin in NameOrigin:
        _news_names(NameOracle(origin=origin), rows, listing)


def _news_names(oracle: NameOracle, rows: list[list[str]], listing: bool) -> None:
    whole = [row for row in rows if "·" in row[0]]
    for label, chosen in (("one part", [row for row in rows if row not in whole]), ("whole", whole)):
        first = five = alike = 0
        for zh, gold in chosen:
            english = [c.english for c in oracle.suggest(zh, top=6) if c.is_english][:5]
            found = [letters(e) for e in english]
            first += found[:1] == [letters(gold)]
            five += letters(gold) in found
            alike += bool(english) and same_name(english[0], gold)
            if listing and found[:1] != [letters(gold)]:
                print(f"  {zh}\t{gold}\t{' / '.join(english)}")
        n = len(chosen)
        print(
            f"news names ({label}, {n}, no glossary, origin {oracle.origin}): top-1 {first / n:.3f}"
            f"  top-5 {five / n:.3f}  top-1 the same name (Tokaev/Tokayev) {alike / n:.3f}"
        )


def news(oracle: NameOracle, ntrex: Path, listing: bool) -> None:
    chinese = (ntrex / "newstest2019-ref.zho-CN.txt").read_text(encoding="utf-8").splitlines()
    english = (ntrex / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    detector = Detector(oracle.glossary)
    # Each line a document, so that examples (path:line) point at the aligned English line.
    documents = [(str(i), line) for i, line in enumerate(chinese)]
    found = extract(documents, detector, oracle=oracle)
    where: dict[str, set[int]] = defaultdict(set)
    for i, line in enumerate(chinese):
        for candidate in found:
            if candidate.zh in line:
                where[candidate.zh].add(i)

    def right(zh: str, english_name: str) -> bool:
        key = letters(english_name)
        return bool(key) and any(key in letters(english[i]) for i in where[zh])

    judged = [c for c in found if c.suggestion_source is not SuggestionSource.LATIN][:100]
    good = [c for c in judged if c.approved_english and right(c.zh, c.approved_english)]
    offered = [c for c in judged if c.approved_english]
    print(f"\nextract on NTREX-128 zh: {len(found)} candidates; top {len(judged)} Chinese-script ones:")
    print(
        f"  suggestion offered {len(offered)}, found in the aligned English {len(good)} "
        f"(precision of offered suggestions {len(good) / max(len(offered), 1):.2f})"
    )
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c in offered:
        by_source[c.suggestion_source.value][0] += 1
        by_source[c.suggestion_source.value][1] += right(c.zh, c.approved_english)
    for source, (n, ok) in sorted(by_source.items()):
        print(f"    {source:10} {ok}/{n}")
    if listing:
        for c in judged:
            mark = "right" if c.approved_english and right(c.zh, c.approved_english) else "-"
            print(
                f"  {c.zh}\t{c.type.value if c.type else '-'}\t{c.approved_english or '(none)'}\t"
                f"{c.suggestion_source.value}\t{mark}"
            )
    repeated = [c for c in found if len(where[c.zh]) >= 2 and c.suggestion_source is not SuggestionSource.LATIN]
    pinned = [c for c in repeated if c.approved_english]
    ok = sum(right(c.zh, c.approved_english) for c in pinned)
    print(
        f"pinning (names on 2+ lines, Chinese script): {len(repeated)}; pinned without the MT model "
        f"{len(pinned)}, right {ok} ({ok / max(len(pinned), 1):.0%} of pinned, {ok / max(len(repeated), 1):.0%} "
        f"of all); {len(repeated) - len(pinned)} left to the model in context"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--list", action="store_true", help="print the top 100 news candidates")
    parser.add_argument("--no-news", action="store_true")
    parser.add_argument("--limit", type=int, default=0, help="evaluate on the first N dev names only")
    args = parser.parse_args()
    names = args.data / "names"
    if not (names / "netrans.tsv").exists():
        print(f"skipped: {names} is absent (the benchmark reads ../shared/data)", file=sys.stderr)
        return 0
    glossary = load_glossary(None)
    pairs = read_pairs(names)
    dev = [p for p in pairs if is_dev(p.zh)]
    if args.limit:
        dev = dev[:: max(len(dev) // args.limit, 1)][: args.limit]
    timed = [p.zh for p in dev][:10_000]
    first = speed(NameOracle(glossary), timed)  # before anything has asked about these names
    oracle = NameOracle(glossary)
    table = accuracy(oracle, dev)
    print(f"dev split of {names}: top-1 / top-5 / MRR of the oracle's English candidates")
    for group in ("all", "ru/ca", "ru/ca strict", "world", "person", "place"):
        n, top1, top5, rr, exact = table[group]
        if n:
            print(
                f"  {group:12} {int(n):6} names  top-1 {top1 / n:.3f}  top-5 {top5 / n:.3f}  MRR {rr / n:.3f}"
                f"  top-1 with its word breaks {exact / n:.3f}"
            )
    for label, (count, seconds) in (("first sight", first), ("after the accuracy pass", speed(oracle, timed))):
        print(f"speed, {label}: {count} names in {seconds:.1f} CPU s ({count / max(seconds, 1e-9):.0f} names/s)")
    news_names(args.list)
    variants(pairs)
    if not args.no_news:
        news(oracle, args.data / "ntrex128", args.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
