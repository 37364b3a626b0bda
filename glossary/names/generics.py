"""The generic parts of a name in the shipped glossary's house style: 上凯拉克京斯科耶 → Upper …, 卡拉干达州 → … Region.

A direction or "new" before a transliterated name and a kind word after it are translated, not
transliterated; the name between them goes to the lexicon or the model. The words are the ones the
shipped term files use (``Almaty Region``, ``Upper Kairaktinskoye``, ``North Katpar``).
"""

from __future__ import annotations

from dataclasses import dataclass

# Only the prefixes that rarely begin a transliteration: 西 and 大 often do (西蒙诺维奇, 大卫), so they stay.
PREFIXES: dict[str, str] = {"上": "Upper", "下": "Lower", "北": "North", "南": "South", "新": "New"}
SUFFIXES: dict[str, str] = {
    "州": "Region", "地区": "Region", "省": "Province", "区": "District", "市": "City", "县": "County",
    "河": "River", "湖": "Lake", "山": "Mount", "火山": "Mount", "山脉": "Mountains", "矿床": "deposit",
    "矿": "mine", "矿区": "mine", "矿山": "mine", "村": "Village", "镇": "Town",
    "群岛": "Islands", "半岛": "Peninsula", "湾": "Bay", "海峡": "Strait", "环礁": "Atoll", "宫": "Palace",
    # English names most islands by the name alone (兰萨罗特岛 Lanzarote: 137 of 194 in the name data, the
    # others X Island): the kind word is translated away, not spelled (Lansarotadao, Fuerte-Ventura Land).
    # Not 邦 (an Indian state, Manipur): it ends more transliterations (杜邦 Dupont, 萧邦 Chopin) than states.
    "岛": "",
    # What a mine or a field yields, as the reporting names it (埃基巴斯图兹煤矿 Ekibastuz coal mine).
    "煤矿": "coal mine", "金矿": "gold mine", "铜矿": "copper mine", "铁矿": "iron ore mine",
    "铀矿": "uranium mine", "钨矿": "tungsten mine", "钼矿": "molybdenum mine", "锂矿": "lithium mine",
    "煤田": "coalfield", "油田": "oil field", "气田": "gas field", "油气田": "oil and gas field",
    "铀矿床": "uranium deposit", "金矿床": "gold deposit", "铜矿床": "copper deposit", "铜金矿": "copper-gold mine",
    "金铜矿": "gold-copper mine",
}  # fmt: skip
# The generics English puts before the name, as the shipped glossary and the name data write them (Lake
# Balkhash; 18 of 19 lakes there and 65 of 65 mountains and volcanoes: Mount Fuji, Mount Pinatubo).
BEFORE = frozenset({"湖", "山", "火山"})
# The suffixes that make a name a deposit (a mine, a field), not a place.
DEPOSITS = frozenset(s for s, english in SUFFIXES.items() if english.endswith(("deposit", "mine", "field")))
# Words other sources use for a generic (wikidict's "Almaty Province"), rewritten in the house style.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "州": ("Province", "Oblast", "Region", "Prefecture"),
    "地区": ("Province", "Oblast", "Region"),
    "区": ("District", "Raion", "Rayon", "Region"),
    "县": ("County", "District"),
    "市": ("City",),
    "岛": ("Island",),
}
MIN_CORE = 2  # a generic is split off only where at least this many characters of name remain
_LONGEST_FIRST = sorted(SUFFIXES, key=len, reverse=True)  # 煤矿 before 矿


@dataclass(frozen=True, slots=True)
class Parts:
    """A name split into its generic prefix, its transliterated core and its generic suffix."""

    prefix: str
    core: str
    suffix: str

    def english(self, core: str) -> str:
        """The English of the whole name around ``core``'s English: ``Upper`` + core + ``Region``."""
        generic = SUFFIXES.get(self.suffix, "")
        before, after = (generic, "") if self.suffix in BEFORE else ("", generic)
        words = [PREFIXES.get(self.prefix, ""), before, core, after]
        return " ".join(w for w in words if w)

    def bare(self, english: str) -> str | None:
        """The core's English inside ``english``, the whole name's in the house style (or another source's
        word for the suffix): "Kostanay Region" → "Kostanay", "Upper Kairaktinskoye" → "Kairaktinskoye";
        None where ``english`` does not carry the generic words (新西伯利亚 Novosibirsk is not "New …")."""
        head = PREFIXES.get(self.prefix, "")
        if head:
            if not english.startswith(head + " "):
                return None
            english = english[len(head) + 1 :]
        if self.suffix in BEFORE:
            if not english.startswith(SUFFIXES[self.suffix] + " "):
                return None
            english = english[len(SUFFIXES[self.suffix]) + 1 :]
        elif self.suffix:
            tails = {SUFFIXES[self.suffix], *SYNONYMS.get(self.suffix, ())} - {""}
            tail = next((t for t in tails if english.endswith(" " + t)), None)
            if tail is not None:
                english = english[: -len(tail) - 1]
            elif SUFFIXES[self.suffix]:
                return None
        return english.strip() or None


def restyle(english: str, suffix: str) -> str:
    """``english`` with another source's word for the generic ``suffix`` replaced by the house style's
    (阿拉木图州: "Almaty Province" → "Almaty Region"); a name without such a word (Texas) is kept."""
    head, _, last = english.rpartition(" ")
    if head and last in SYNONYMS.get(suffix, ()):
        return f"{head} {SUFFIXES[suffix]}".rstrip()
    return english


def split(form: str) -> Parts:
    """``form`` as prefix, core and suffix (each generic part empty where there is none)."""
    suffix = next((s for s in _LONGEST_FIRST if form.endswith(s)), "")
    if len(form) - len(suffix) < MIN_CORE:
        suffix = ""
    core = form[: len(form) - len(suffix)]
    prefix = core[0] if core[:1] in PREFIXES and len(core) - 1 >= MIN_CORE + 1 else ""
    return Parts(prefix, core[len(prefix) :], suffix)
