"""Names and documents for ``bench_check``'s real-English benchmark (issue 23).

A glossary is built from the name lists in ``../shared/data/names`` (read at run time, never copied):
pinyin persons (Chinese characters romanised with pypinyin), Russian and Kazakh transliterations
(netrans person tokens), companies (a transliterated word and an English tail), places with
generics ("Kostanay Region", "X District"), families and clans ("Lu family"), and common-noun
terms from CC-CEDICT (single English words, written in the plural too). Names are split into a
*dev* and a *test* half by a hash of their English, so the checker is tuned on one and reported
on both.

Documents are short articles of news-style sentences, each naming a few glossary names several
times; a copy of each with one planted typo (a dropped letter mostly, and transposed and doubled
letters) is the recall set; the documents as written, and NTREX-128's English, are the
false-alarm set. Each line has a Chinese side, so the same documents also run bilingual.
"""

from __future__ import annotations

import gzip
import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pypinyin import lazy_pinyin

from glossmt.glossary.model import Term, TermType


def _shared() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    return here.parents[1] / "shared" / "data"


SHARED = _shared()
NAMES = SHARED / "names"
CEDICT = SHARED / "cc-cedict" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"

_SURNAMES = (
    "张王李刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍红鹏飞浩然宇轩晨欣怡俊凯文斌辉宁成瑶昊仁志国建新海波峰云翔"
)
_COMPANY_TAILS = (
    ("Mining", "矿业"),
    ("Resources", "资源"),
    ("Capital", "资本"),
    ("Holding", "控股"),
    ("Metals", "金属"),
)
_GENERICS = (("Region", "州"), ("District", "区"), ("County", "县"))


@dataclass(frozen=True, slots=True)
class Name:
    kind: str
    zh: str
    en: str
    type: TermType | None

    @property
    def split(self) -> str:
        return "dev" if hashlib.sha256(self.en.encode()).digest()[0] % 2 == 0 else "test"


def _pinyin(zh: str) -> str:
    surname, given = zh[0], zh[1:]
    return lazy_pinyin(surname)[0].capitalize() + " " + "".join(lazy_pinyin(given)).capitalize()


def _tsv(name: str) -> list[tuple[str, str, str, str]]:
    path = NAMES / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) == 4:
            rows.append((fields[0], fields[1], fields[2], fields[3]))
    return rows


_GIVEN_NAMES = frozenset(
    [
        "Nursultan",
        "Kassym",
        "Askar",
        "Yerlan",
        "Dmitry",
        "Sergei",
        "Sergey",
        "Vladimir",
        "Nikolai",
        "Alexei",
        "Aleksandr",
        "Mikhail",
        "Ivan",
        "Yuri",
        "Oleg",
        "Igor",
        "Boris",
        "Pavel",
        "Anatoly",
        "Viktor",
        "Andrei",
        "Timur",
        "Marat",
        "Serik",
        "Daniyar",
        "Bakhyt",
        "Galina",
        "Irina",
        "Olga",
        "Natalia",
        "Tatiana",
        "Svetlana",
        "Yelena",
        "Aigul",
        "Gulnara",
        "Saule",
        "Dinara",
        "Arman",
        "Nurlan",
        "Yerzhan",
        "Kanat",
        "Murat",
        "Ruslan",
        "Vitaly",
        "Gennady",
        "Leonid",
        "Arkady",
    ]
)
_RUSSIAN = re.compile(r"(ov|ova|ev|eva|yev|in|ina|enko|sky|skiy|bayev|uly|ulu|ich|kov|nov)$")


def names(rng: random.Random, per_kind: int = 120) -> list[Name]:
    """Names of every kind (``per_kind`` each, both splits), deterministic for a seed."""
    out: list[Name] = []
    seen: set[str] = set()

    def add(name: Name) -> None:
        if name.en.lower() not in seen and len(name.en) >= 5:
            seen.add(name.en.lower())
            out.append(name)

    while sum(n.kind == "pinyin person" for n in out) < per_kind:
        zh = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        add(Name("pinyin person", zh, _pinyin(zh), TermType.PERSON))
    persons = [(zh, en) for zh, en, _, _ in _tsv("netrans.tsv") if _RUSSIAN.search(en.lower()) and len(en) >= 6]
    givens = [(zh, en) for zh, en, _, _ in _tsv("netrans.tsv") if en in _GIVEN_NAMES]
    rng.shuffle(persons)
    for zh, en in persons[:per_kind]:
        first = rng.choice(givens)
        add(Name("ru/kz person", f"{first[0]}·{zh}", f"{first[1]} {en}", TermType.PERSON))
    places = [(zh, en) for zh, en, _, _ in _tsv("wikidict.tsv") if re.fullmatch(r"[A-Z][a-z]{4,11}", en)]
    rng.shuffle(places)
    for zh, en in places[:per_kind]:
        tail, tail_zh = rng.choice(_COMPANY_TAILS)
        add(Name("company", zh + tail_zh, f"{en} {tail}", TermType.COMPANY))
    regions = [(zh, en) for zh, en, _, lang in _tsv("countries.tsv") if re.fullmatch(r"[A-Z][a-z]{4,12}", en)]
    rng.shuffle(regions)
    for zh, en in regions[:per_kind]:
        generic, generic_zh = rng.choice(_GENERICS)
        add(Name("place + generic", zh + generic_zh, f"{en} {generic}", TermType.PLACE))
    for zh in _SURNAMES:
        generic, generic_zh = rng.choice((("family", "家"), ("clan", "氏")))
        add(Name("family/clan", zh + generic_zh, f"{lazy_pinyin(zh)[0].capitalize()} {generic}", TermType.ORGANISATION))
    for zh, en in _common_nouns(rng, per_kind):
        add(Name("common noun", zh, en, None))
    return out


def _common_nouns(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(Chinese, English) of CC-CEDICT words whose first gloss is one plain lower-case word."""
    found: list[tuple[str, str]] = []
    with gzip.open(CEDICT, "rt", encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\S+ (\S+) \[[^]]*\] /([^/]+)/", line)
            plain = m and len(m.group(1)) == 2 and re.fullmatch(r"[a-z]{7,12}", m.group(2))
            if m and plain and not m.group(2).endswith(("ing", "ly", "ed", "s")):
                found.append((m.group(1), m.group(2)))
    found = sorted(dict(found).items())
    unique = list({en: zh for zh, en in found}.items())
    rng.shuffle(unique)
    return [(zh, en) for en, zh in unique[:count]]


def plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


# --- typos ----------------------------------------------------------------------------------


def _drop(name: str, rng: random.Random) -> str | None:
    """One letter dropped, not the first of a word ("Ha Ren" for "Hao Ren")."""
    spots = [i for i in range(1, len(name)) if name[i].isalpha() and name[i - 1].isalpha()]
    if not spots:
        return None
    i = rng.choice(spots)
    return name[:i] + name[i + 1 :]


def _transpose(name: str, rng: random.Random) -> str | None:
    spots = [
        i for i in range(1, len(name) - 1) if name[i].isalpha() and name[i + 1].isalpha() and name[i] != name[i + 1]
    ]
    if not spots:
        return None
    i = rng.choice(spots)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def _double(name: str, rng: random.Random) -> str | None:
    spots = [i for i in range(1, len(name)) if name[i].isalpha() and name[i].islower()]
    if not spots:
        return None
    i = rng.choice(spots)
    return name[: i + 1] + name[i] + name[i + 1 :]


TYPOS: dict[str, Callable[[str, random.Random], str | None]] = {
    "dropped": _drop,
    "transposed": _transpose,
    "doubled": _double,
}

# --- documents ------------------------------------------------------------------------------

_FRAMES = [
    ("{} said on Tuesday that talks would resume next month.", "{}周二表示，谈判将于下月恢复。"),
    ("According to {}, the figures were revised in March.", "据{}称，这些数字已于三月修订。"),
    ("Officials met {} in the capital last week.", "官员们上周在首都会见了{}。"),
    ("The report cited {} as a key factor.", "报告将{}列为关键因素。"),
    ("A spokesman for {} declined to comment.", "{}的一位发言人拒绝置评。"),
    ("Critics say {} has been overlooked for years.", "批评者说，{}多年来一直被忽视。"),
    ("It was {} that first raised the issue.", "最先提出这个问题的是{}。"),
    ("Later, {} was mentioned again in the statement.", "后来，声明中再次提到了{}。"),
]
_FILLER = [
    ("Prices rose slightly in the second quarter.", "第二季度价格略有上涨。"),
    ("The meeting ended without an agreement.", "会议未达成协议便结束了。"),
    ("Analysts expect demand to stay strong.", "分析人士预计需求将保持强劲。"),
    ("No date has been set for the next round.", "下一轮的日期尚未确定。"),
]


@dataclass
class Doc:
    """One article: English and Chinese lines; the planted typo's line, text and name (if any)."""

    path: str
    english: list[str]
    chinese: list[str]
    typoed: list[str] = field(default_factory=list)  # the English with the typo planted
    typo: tuple[int, str, Name] | None = None  # (line number from 1, the typo as written, the name)
    kind: str = ""
    typo_kind: str = ""
    names: list[Name] = field(default_factory=list)


def _mention(name: Name, rng: random.Random) -> str:
    """How an article writes a name: a common noun in the plural at times, a generic in either case."""
    if name.kind == "common noun":
        return plural(name.en) if rng.random() < 0.5 else name.en
    head, _, generic = name.en.rpartition(" ")
    if name.kind in ("place + generic", "family/clan") and rng.random() < 0.4:
        return f"{head} {generic.capitalize() if generic.islower() else generic.lower()}"
    return name.en


def documents(pool: list[Name], rng: random.Random, count: int, *, context: float = 0.75) -> list[Doc]:
    """``count`` articles of 8 lines, each about three names; the typo'd copy gets one typo in one
    mention (the name also written right elsewhere in the article in a ``context`` share of them)."""
    docs = []
    for n in range(count):
        chosen = rng.sample(pool, 3)
        lines: list[tuple[str, str, Name | None]] = []
        target = chosen[0]
        with_context = rng.random() < context
        mentions = [target] * (3 if with_context else 1) + chosen[1:] * 2
        rng.shuffle(mentions)
        for name in mentions:
            en, zh = rng.choice(_FRAMES)
            lines.append((en, zh, name))
        while len(lines) < 8:
            en, zh = rng.choice(_FILLER)
            lines.append((en, zh, None))
        english, chinese = [], []
        spots = []
        for i, (en, zh, name) in enumerate(lines):
            if name is None:
                english.append(en)
                chinese.append(zh)
                continue
            written = _mention(name, rng)
            english.append(en.format(written).replace("{}", written))
            chinese.append(zh.format(name.zh))
            if name is target:
                spots.append((i, written))
        doc = Doc(f"doc{n:04d}.txt", english, chinese, kind=target.kind, names=chosen)
        i, written = rng.choice(spots)
        typo_kind = rng.choices(list(TYPOS), weights=(6, 2, 2))[0]
        typo = TYPOS[typo_kind](written, rng)
        if typo and typo.lower() not in (target.en.lower(), plural(target.en).lower(), written.lower()):
            doc.typo = (i + 1, typo, target)
            doc.typo_kind = typo_kind
            doc.typoed = list(english)
            doc.typoed[i] = english[i].replace(written, typo, 1)
        docs.append(doc)
    return docs


def glossary_terms(pool: list[Name]) -> list[Term]:
    return [Term(n.zh, n.en, f"n{i}", n.type) for i, n in enumerate(pool)]


__all__ = ["TYPOS", "Doc", "Name", "documents", "glossary_terms", "names", "plural"]
