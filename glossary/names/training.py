"""Training the name model from open name pairs: ``make names-model`` (``python -m glossmt.glossary.names.training``).

Reads the zh ↔ Latin pairs in ``../shared/data/names/`` (the CC0 and MIT files only: Wikidata person-name
tokens, Wikipedia title pairs, CLDR subdivisions, and the Xinhua Russian→Chinese syllable table with a
plain BGN/PCGN-style romanisation of its Cyrillic), keeps every tenth name (by a hash of its Chinese) out
as the dev split, aligns the rest (:mod:`.align`), counts, and writes one gzip'd JSON file. Training takes
a few minutes on two cores and is deterministic. Not needed at run time: the package ships its output.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from glossmt.glossary.names import russian
from glossmt.glossary.names import words as words_module
from glossmt.glossary.names.align import align_all
from glossmt.glossary.names.model import ARTEFACT, FORMAT, UNIT, VERSION, SeenWhole
from glossmt.glossary.names.ngram import LetterNgram, NgramModel, pack_keys
from glossmt.glossary.names.spelling import fold, letters
from glossmt.glossary.normalise import CJK, SEPARATORS

FILES = ("netrans.tsv", "wikidict.tsv", "countries.tsv")
XINHUA = Path("tables", "ru_to_zh_xinhua_hanzify.tsv")
CHUNKS_PER_CHAR = 12
SEEN_SPELLINGS = 4  # spellings kept per name part seen whole
PAIR_ORDER = 3
PAIR_SMOOTHING = "kneser-ney"  # the letter models stay Witten–Bell (docs/names.md)
LETTER_ORDER = 5
# The Russian names' letter model, 2,207 parts: Kneser–Ney spreads their few counts better than Witten–Bell,
# which preferred Sadintayev (a name seen) to Sagintayev (docs/names.md).
RUSSIAN_SMOOTHING = "kneser-ney"
LETTER_WEIGHT = 0.7
DEV_SHARE = 10  # one name in this many is dev
ORIGIN_MIN_COUNT = 3  # the origin model keeps features seen this often
POST_SOVIET = frozenset({"ru", "kk", "uz", "ky", "tk", "tg", "az", "uk", "be", "mn"})
# -yev is -ev; -sk is a town's (Tomsk, Uralsk: 乌拉尔斯克 was not read as Russian before).
RUSSIAN_LATIN = re.compile(r"(ov|ev|ova|eva|sky|skiy|skaya|vich|ovna|evna|enko|uly|kyzy|bek|sk)$")
_SPLIT_ZH = re.compile(f"[{re.escape(SEPARATORS)}]+")
_SPLIT_LATIN = re.compile(r"[\s\-‐]+")
_BREAK = re.compile(f"({_SPLIT_LATIN.pattern})")  # the same breaks, kept by re.split
_NOT_WORD = re.compile(r"[^a-z]+")
WORDS_ORDER = 5
WORDS_MIN_COUNT = 3
PARTICLE_MIN = 20
PARTICLE_SHARE = 0.9
# Russian Cyrillic → Latin as BGN/PCGN writes it in the common case (the context rules are left out:
# the table's syllables are short and word-internal).
_RUSSIAN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d ye yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),  # noqa: SIM905
        strict=True,
    )
)


@dataclass(frozen=True, slots=True)
class Pair:
    """One training or evaluation name: its Chinese, its Latin form, its type and origin where known."""

    zh: str
    latin: str
    type: str
    lang: str


def is_dev(zh: str) -> bool:
    """Is this name in the dev split? (a stable hash of its Chinese: the same on every machine)."""
    return int(hashlib.sha1(zh.encode("utf-8")).hexdigest(), 16) % DEV_SHARE == 0


def read_pairs(folder: Path) -> list[Pair]:
    """Every row of the pair files, in file order."""
    pairs = []
    for name in FILES:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                pairs.append(Pair(row["zh"], row["latin"], row.get("type") or "", row.get("lang") or ""))
    return pairs


def parts(pair: Pair) -> list[tuple[str, str]]:
    """(Chinese part, Latin part) pairs of one name: per ``·`` part where both sides split alike."""
    zh_parts = [p for p in _SPLIT_ZH.split(pair.zh) if p]
    latin_parts = [p for p in _SPLIT_LATIN.split(pair.latin) if p]
    if len(zh_parts) == len(latin_parts):
        found = list(zip(zh_parts, latin_parts, strict=True))
    elif len(zh_parts) == 1:
        found = [(zh_parts[0], " ".join(latin_parts))]
    else:
        return []
    found = [(zh, latin) for zh, latin in found if all(CJK.match(c) for c in zh) and letters(latin)]
    # Fewer letters than characters is an initial, a translation or parts paired wrongly, never a
    # transliteration: 瓦利德·本·塔拉勒·阿勒沙特 is "Al-Waleed bin Talal" (瓦利德 was learned as "Al").
    return [] if any(len(letters(latin)) < len(zh) for zh, latin in found) else found


def xinhua_pairs(folder: Path) -> Iterator[tuple[str, str]]:
    """The Xinhua table's (Chinese, romanised Russian) syllables: how Russian sounds are written."""
    path = folder / XINHUA
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            latin = "".join(_RUSSIAN.get(c, "") for c in row["source"].lower()).replace("_", "")
            if latin and row["target"] and all(CJK.match(c) for c in row["target"]):
                yield row["target"], latin


def origin_odds(pairs: Iterable[tuple[str, str, str]]) -> dict[str, object]:
    """The origin model's JSON form (:class:`.russian.OriginOdds`) from (Chinese part, Latin part, lang)
    training pairs: naive Bayes with add-half smoothing over :func:`.russian.origin_features`, a part
    labelled Russian when its origin is post-Soviet or its Latin side ends like a Russian name."""
    counts: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
    names: Counter[bool] = Counter()
    for zh, latin, lang in pairs:
        label = is_russian(latin, lang)
        names[label] += 1
        counts[label].update(russian.origin_features(zh))
    yes, no = names[True] + 1, names[False] + 1

    def odds(feature: str) -> float:
        return math.log((counts[True][feature] + 0.5) / yes) - math.log((counts[False][feature] + 0.5) / no)

    kept = sorted(f for f in counts[True] | counts[False] if counts[True][f] + counts[False][f] >= ORIGIN_MIN_COUNT)
    return {
        "prior": round(math.log(yes / no), 3),
        "unseen": round(math.log(no / yes), 3),  # odds() of a feature seen in neither
        "features": {f: round(odds(f), 2) for f in kept},
    }


def is_russian(latin: str, lang: str) -> bool:
    """The origin model's label: a name part of post-Soviet origin or whose Latin ends like a Russian name."""
    return lang in POST_SOVIET or bool(RUSSIAN_LATIN.search(letters(latin)))


def russian_readings(
    folder: Path, origin: dict[str, object] | None = None, latin: Iterable[str] = (), characters: Iterable[str] = ()
) -> dict[str, object]:
    """The Xinhua table read backwards (Chinese piece → its Cyrillic sources), in :mod:`.russian`'s JSON form,
    with the origin model and a letter model of the Russian names' ``latin`` parts.

    A woman's character (娃 for 瓦) and a name-initial one (弗 for 夫) read as the character they stand for;
    so does one of ``characters`` the table lacks that reads in pinyin as a character of the table does
    (柯 and 可 as 科: Nabokov is written 纳博科夫 and 纳博可夫)."""
    path = folder / XINHUA
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    pieces: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["table"] in {"common", "special"} and all(CJK.match(c) for c in row["target"]):
            pieces[row["target"]].add(row["source"].lower())
    for row in rows:
        if row["table"] in {"female", "initial", "place_initial"}:
            pieces[row["target"]] |= pieces.get(row["source"], set())
    for char, sources in _homophones(pieces, characters).items():
        pieces[char] |= sources
    return {
        "format": russian.FORMAT,
        "version": russian.VERSION,
        "pieces": {zh: sorted(sources) for zh, sources in sorted(pieces.items()) if sources},
        "origin": origin if origin is not None else {"prior": -1e9, "unseen": 0.0, "features": {}},
        "letters": LetterNgram.of(
            NgramModel.train(
                [list(letters(part)) for part in latin], LETTER_ORDER, min_count=2, smoothing=RUSSIAN_SMOOTHING
            )
        ).to_packed(),
    }


def _homophones(pieces: dict[str, set[str]], characters: Iterable[str]) -> dict[str, set[str]]:
    """Each of ``characters`` the table lacks → the readings of the table's characters with its pinyin."""
    from pypinyin import Style, lazy_pinyin

    by_sound: defaultdict[str, set[str]] = defaultdict(set)
    for piece, sources in pieces.items():
        if len(piece) == 1:
            by_sound[lazy_pinyin(piece, style=Style.NORMAL)[0]] |= sources
    found = {}
    for char in sorted(set(characters) - pieces.keys()):
        sound = lazy_pinyin(char, style=Style.NORMAL, errors="ignore")
        # -ng where the table has only -n (冈 gang as 甘 gan: 卡冈诺维奇 Kaganovich)
        if sound and (readings := by_sound.get(sound[0]) or by_sound.get(sound[0].removesuffix("g"))):
            found[char] = readings
    return found


def word_breaks(names: Iterable[str]) -> dict[str, object]:
    """:mod:`.words`' JSON form from Latin names: a letter model that keeps their spaces and hyphens, and
    the particles (words seen at least :data:`PARTICLE_MIN` times after a name's first word, nearly always
    in lower case there: de, la, des)."""
    texts, lower, after_first = [], Counter[str](), Counter[str]()
    for name in names:
        text = ""
        for i, piece in enumerate(_BREAK.split(name.strip())):
            if i % 2:  # a break between words: a hyphen where it has one, else a space
                gap = "-" if "-" in piece or "‐" in piece else " "
                continue
            word = _NOT_WORD.sub("", fold(piece))
            if word and text:
                text += gap + word
                after_first[word] += 1
                lower[word] += piece[:1].islower()
            elif word:
                text = word
        if text:
            texts.append(text)
    particles = sorted(w for w, n in after_first.items() if n >= PARTICLE_MIN and lower[w] >= PARTICLE_SHARE * n)
    model = NgramModel.train([list(t) for t in texts], WORDS_ORDER, min_count=WORDS_MIN_COUNT)
    return {
        "format": words_module.FORMAT,
        "version": words_module.VERSION,
        "letters": LetterNgram.of(model).to_packed(),
        "particles": particles,
    }


def train(
    pairs: Iterable[tuple[str, str]], extra: Iterable[tuple[str, str]] = (), places: Iterable[str] = ()
) -> dict[str, object]:
    """The model's JSON form from (Chinese part, Latin part) training pairs (``places``: whole place names)."""
    pairs = list(pairs)
    spelled = [(zh, letters(latin)) for zh, latin in pairs]
    aligned = align_all([*spelled, *extra])
    chunk_counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for alignment in aligned:
        for char, chunk in alignment:
            chunk_counts[char][chunk] += 1
    chunks = {c: [s for s, _ in counts.most_common(CHUNKS_PER_CHAR)] for c, counts in chunk_counts.items()}
    units = [[c + UNIT + s for c, s in alignment] for alignment in aligned]
    pair_model = NgramModel.train(units, PAIR_ORDER, min_count=1, smoothing=PAIR_SMOOTHING)
    letter_model = NgramModel.train([list(latin) for _, latin in spelled], LETTER_ORDER, min_count=1)
    return {
        "format": FORMAT,
        "version": VERSION,
        "chunks": chunks,
        "by_sound": _by_sound(chunk_counts),
        "pairs": pair_model.to_packed(),
        "letters": LetterNgram.of(letter_model).to_packed(),
        "letter_weight": LETTER_WEIGHT,
        "tokens": SeenWhole.pack(_tokens(pairs)),
        "places": pack_keys(sorted(set(places))),
    }


def _by_sound(chunk_counts: dict[str, Counter[str]]) -> dict[str, str]:
    """For each pinyin syllable, the most used training character that reads so (for unseen characters)."""
    from pypinyin import Style, lazy_pinyin

    best: dict[str, tuple[int, str]] = {}
    for char, counts in chunk_counts.items():
        sound = lazy_pinyin(char, style=Style.NORMAL, errors="ignore")
        total = sum(counts.values())
        if sound and total > best.get(sound[0], (0, ""))[0]:
            best[sound[0]] = (total, char)
    return {sound: char for sound, (_, char) in sorted(best.items())}


def _tokens(pairs: list[tuple[str, str]]) -> dict[str, list[tuple[str, int]]]:
    """Each Chinese name part seen in training, with its most frequent Latin spellings and their counts
    (ties in the order first seen)."""
    seen: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for zh, latin in pairs:
        if zh:
            seen[zh][latin[:1].upper() + latin[1:]] += 1
    return {zh: counts.most_common(SEEN_SPELLINGS) for zh, counts in sorted(seen.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/names"), help="the names/ folder")
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).with_name("data") / ARTEFACT)
    args = parser.parse_args(argv)
    if not (args.data / FILES[0]).exists():
        print(f"error: {args.data}: no {FILES[0]} here — pass --data PATH/TO/shared/data/names", file=sys.stderr)
        return 3
    rows = [p for p in read_pairs(args.data) if not is_dev(p.zh)]
    training = [part for row in rows for part in parts(row)]
    persons = {row.zh for row in rows if row.type == "person"}
    places = {row.zh for row in rows if row.type == "place" or (row.type == "other" and row.zh not in persons)}
    model = train(training, extra=list(xinhua_pairs(args.data)), places=places - persons)
    payload = gzip.compress(json.dumps(model, ensure_ascii=False, sort_keys=True).encode("utf-8"), mtime=0)
    args.output.write_bytes(payload)
    origin = origin_odds((zh, latin, row.lang) for row in rows for zh, latin in parts(row))
    # Every part of a name with a Russian part: Nikolai and Sergei beside Kuznetsov.
    russian_latin = [
        latin for row in rows if any(is_russian(part, row.lang) for _, part in parts(row)) for _, latin in parts(row)
    ]
    readings = json.dumps(
        russian_readings(args.data, origin, russian_latin, "".join(zh for zh, _ in training)),
        ensure_ascii=False,
        sort_keys=True,
        indent=0,
    )
    args.output.with_name(russian.ARTEFACT).write_text(readings + "\n", encoding="utf-8")
    # Word breaks from whole names of one Chinese part (a ·-split name's parts lose their hyphens).
    whole = [row.latin for row in rows if len([p for p in _SPLIT_ZH.split(row.zh) if p]) == 1 and parts(row)]
    breaks = json.dumps(word_breaks(whole), ensure_ascii=False, sort_keys=True).encode("utf-8")
    args.output.with_name(words_module.ARTEFACT).write_bytes(gzip.compress(breaks, mtime=0))
    print(f"{args.output}: {len(payload) / 1e6:.1f} MB from {len(training)} name parts", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
