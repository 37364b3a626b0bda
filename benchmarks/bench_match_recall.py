"""Matching recall on real-style news constructions, and the rightful rejections (issue 9).

(a) Constructions: every word of jieba's dictionary that is a place name followed by what news
    writes after one (哈萨克斯坦共和国, 中国队, 美国政府, 俄罗斯方面, 日本首都 …) is put in a sentence;
    the name must be found (its English stays: "the Republic of Kazakhstan", "the China team"). Every
    dictionary word that is a place name followed by what changes it (美国人 Americans, 哈萨克族
    ethnic Kazakhs, 俄语 Russian, 中亚国家 Central Asian countries) must not match. Place names are
    CC-CEDICT's proper nouns (../shared/data) when present, else the shipped glossary's places.
(b) NTREX-128 (../shared/data, when present): CC-CEDICT's proper nouns matched in the Chinese news;
    recall counts the occurrences whose English gloss appears in the aligned English sentence, and
    the rejection rate the occurrences inside a dictionary compound whose gloss does not.

The shared data is read, never copied into the repository.

    .venv/bin/python benchmarks/bench_match_recall.py
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

from glossmt.glossary.jieba_words import dictionary_words
from glossmt.glossary.loading import load_glossary
from glossmt.glossary.matching import KEEPING_TAILS, Matcher
from glossmt.glossary.model import Glossary, Term, TermType

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CEDICT_NAMES = SHARED / "cc-cedict" / "cedict_proper_nouns.tsv"
NTREX_CHINESE = SHARED / "ntrex128" / "newstest2019-ref.zho-CN.txt"
NTREX_ENGLISH = SHARED / "ntrex128" / "newstest2019-src.eng.txt"

# Tails that change the name's English (the rightful rejections): Americans, ethnic Kazakhs, Russian.
CHANGING_TAILS = ("人", "族", "语", "籍", "裔", "式", "国家", "文", "菜", "人民")
# Sentences news writes such words in; {} is the compound.
FRAMES = (
    "{}总统会见了来访的代表团。",
    "据报道，{}昨天发表声明。",
    "{}表示将继续推进合作。",
    "记者从{}获悉，项目进展顺利。",
    "本届比赛中{}表现出色。",
    "分析人士认为，{}的立场没有改变。",
)
# CC-CEDICT glosses that name a place, not describe one ("city in …", "abbr. for …").
_GLOSS = re.compile(r"^[A-Z][\w.' -]+$")
# Calendar words are capitalised in English but are not names a glossary holds (七月份 is "July").
_CALENDAR = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)


def cedict_names() -> list[tuple[str, tuple[str, ...]]]:
    """``(simplified, English glosses)`` for CC-CEDICT proper nouns of two characters or more."""
    rows = []
    with CEDICT_NAMES.open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4 or len(fields[0]) < 2 or not fields[2][:1].isupper():
                continue
            glosses = tuple(g.strip() for g in fields[3].split("/") if _GLOSS.match(g.strip()))
            if glosses and not any(_CALENDAR.match(g) for g in glosses):
                rows.append((fields[0], glosses))
    return list(dict(rows).items())


def place_glossary() -> tuple[Glossary, str]:
    if CEDICT_NAMES.exists():
        names = cedict_names()
        terms = [Term(zh, en[0], f"cedict-{i}", TermType.PLACE) for i, (zh, en) in enumerate(names)]
        return Glossary.of(terms), f"{len(terms):,} CC-CEDICT proper nouns (as places)"
    shipped = load_glossary()
    terms = [t for t in shipped if t.type is TermType.PLACE and t.approved]
    return Glossary.of(terms), f"{len(terms)} shipped places (../shared/data absent)"


def constructions(
    glossary: Glossary, rng: random.Random
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """``(sentence, name, tail)`` triples that must match, and that must not, from jieba's dictionary words."""
    forms = {t.source for t in glossary}
    keep_tails = KEEPING_TAILS[TermType.PLACE]
    keep, reject = [], []
    for word in sorted(dictionary_words()):
        for cut in range(2, len(word)):
            name, tail = word[:cut], word[cut:]
            if name not in forms:
                continue
            frame = rng.choice(FRAMES)
            if tail in keep_tails:
                keep.append((frame.format(word), name, tail))
            elif tail in CHANGING_TAILS:
                reject.append((frame.format(word), name, tail))
    return keep, reject


def part_a(glossary: Glossary, origin: str) -> None:
    rng = random.Random(9)
    keep, reject = constructions(glossary, rng)
    matcher = Matcher(glossary)
    # A longer glossary form that holds the name (三明市 itself is a term) renders it too.
    kept = [row for row in keep if any(row[1] in m.text for m in matcher.find(row[0]))]
    leaked = [row for row in reject if any(m.text == row[1] for m in matcher.find(row[0]))]
    print(f"(a) dictionary compounds of {origin}")
    tails = Counter(tail for _, _, tail in keep)
    print(f"    name + keeping tail ({len(keep)} words, e.g. {', '.join(t for t, _ in tails.most_common(6))}):")
    print(f"      recall {len(kept) / max(1, len(keep)):.2%} ({len(kept)}/{len(keep)})")
    if len(kept) < len(keep):
        print(f"      missed: {[row[0] for row in keep if row not in kept][:8]}")
    print(f"    name + changing tail ({len(reject)} words: 人 族 语 籍 裔 式 国家 …):")
    print(
        f"      rejection rate {1 - len(leaked) / max(1, len(reject)):.2%} ({len(reject) - len(leaked)}/{len(reject)})"
    )
    if leaked:
        print(f"      leaked: {[row[0] for row in leaked][:8]}")


def part_b() -> None:
    if not (CEDICT_NAMES.exists() and NTREX_CHINESE.exists()):
        print("(b) skipped: ../shared/data (CC-CEDICT, NTREX-128) is absent")
        return
    names = cedict_names()
    glosses = dict(names)
    # CC-CEDICT does not say what kind of name each is: untyped, so every keeping tail applies.
    glossary = Glossary.of(Term(zh, en[0], f"cedict-{i}") for i, (zh, en) in enumerate(names))
    plain, guarded = Matcher(glossary, use_jieba=False), Matcher(glossary)
    words = dictionary_words()
    chinese = NTREX_CHINESE.read_text(encoding="utf-8").splitlines()
    english = NTREX_ENGLISH.read_text(encoding="utf-8").splitlines()
    appear = found = inside = rejected = 0
    missed: Counter[str] = Counter()
    for zh, en in zip(chinese, english, strict=True):
        kept = {(m.start, m.end) for m in guarded.find(zh)}
        for m in plain.find(zh):
            if m.latin:
                continue
            if any(re.search(rf"(?<!\w){re.escape(g)}(?!\w)", en, re.IGNORECASE) for g in glosses[m.term.source]):
                appear += 1
                if (m.start, m.end) in kept:
                    found += 1
                else:
                    missed[zh[max(0, m.start - 2) : m.end + 3]] += 1
            elif any(zh[a:b] in words for a in range(max(0, m.start - 3), m.start + 1)
                     for b in range(m.end, min(len(zh), m.end + 4) + 1) if b - a > m.end - m.start):  # fmt: skip
                inside += 1
                rejected += (m.start, m.end) not in kept
    print(f"(b) NTREX-128 zh ({len(chinese):,} sentences) against {len(names):,} CC-CEDICT proper nouns")
    print(
        f"    recall where the English gloss appears in the reference: {found / max(1, appear):.2%} ({found}/{appear})"
    )
    if missed:
        print(f"      missed (context): {[k for k, _ in missed.most_common(20)]}")
    print(
        f"    rejection rate inside dictionary compounds whose gloss is absent: "
        f"{rejected / max(1, inside):.2%} ({rejected}/{inside})"
    )


def main() -> None:
    glossary, origin = place_glossary()
    part_a(glossary, origin)
    part_b()


if __name__ == "__main__":
    main()
