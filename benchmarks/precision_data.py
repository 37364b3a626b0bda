"""A false-alarm set for ``glossmt check`` (issue 9): correct English in the style of real news and web
fiction, written for this project, around a glossary of pinyin names, Russian and Kazakh
transliterations, companies with legal suffixes and accepted short forms.

Every sentence is *correct*: a checker that flags any of them raises a false alarm. The same names,
misspelt the ways typists do (letters transposed, dropped or doubled, but never into another valid
pinyin name), are planted to measure recall at the right span.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from glossmt.glossary.model import Glossary, Term, TermType
from glossmt.translate.check.pinyin import is_pinyin_word

# (Chinese, canonical English, type, accepted variants)
NAMES: list[tuple[str, str, TermType, tuple[str, ...]]] = [
    ("张伟", "Zhang Wei", TermType.PERSON, ()),
    ("刘峰", "Liu Feng", TermType.PERSON, ()),
    ("凌寒", "Ling Han", TermType.PERSON, ()),
    ("张媛", "Zhang Yuan", TermType.PERSON, ()),
    ("王建国", "Wang Jianguo", TermType.PERSON, ()),
    ("陈晓明", "Chen Xiaoming", TermType.PERSON, ()),
    ("欧阳娜娜", "Ouyang Nana", TermType.PERSON, ()),
    ("卢家", "Lu family", TermType.ORGANISATION, ()),
    ("青云宗", "Qingyun Sect", TermType.ORGANISATION, ()),
    ("少爷", "Young Master", TermType.PERSON, ()),
    ("猛虎帮", "Tiger Gang", TermType.ORGANISATION, ()),
    ("托卡耶夫", "Kassym-Jomart Tokayev", TermType.PERSON, ()),
    ("纳扎尔巴耶夫", "Nursultan Nazarbayev", TermType.PERSON, ()),
    ("上凯拉克京斯科耶", "Upper Kairaktinskoye", TermType.DEPOSIT, ()),
    ("乌斯季卡缅诺戈尔斯克", "Ust-Kamenogorsk", TermType.PLACE, ()),
    ("卡拉干达州", "Karaganda Region", TermType.PLACE, ()),
    ("萨姆鲁克-卡泽纳", "Samruk-Kazyna", TermType.ORGANISATION, ()),
    ("阿蒙蒂工业", "Almonty Industries", TermType.COMPANY, ()),
    ("科夫卡兹资本集团", "Cove Kaz Capital Group", TermType.COMPANY, ("Cove Kaz Capital", "Cove Kaz")),
    ("哈萨克斯坦铁路", "Kazakhstan Temir Zholy", TermType.COMPANY, ("KTZ",)),
    ("美国地质调查局", "U.S. Geological Survey", TermType.AGENCY, ("USGS",)),
    ("欧亚资源集团", "Eurasian Resources Group", TermType.COMPANY, ("ERG",)),
]

# Real-style frames; {} is a right rendering. Sentence-initial function words, articles, possessives.
FRAMES = [
    "{} said on Tuesday that output would rise.",
    "As {} said in an interview, the talks went well.",
    "In {}'s view, the deal was fair.",
    "If {} agrees, the project starts next year.",
    "To {}, the answer was obvious.",
    "At {}, officials declined to comment.",
    "For {}, the year was a turning point.",
    "When {} arrived, the hall fell silent.",
    "But {} did not answer.",
    "The {} said it would appeal.",
    "According to {}, prices fell by 3 percent.",
    "Shares of {} rose after the announcement.",
    "A spokesman for {} confirmed the report.",
    "Analysts expect {} to report higher profits.",
    "It was {} who signed the agreement.",
]
# Whole sentences that are right for these names in ways frames cannot show.
SENTENCES = [
    "Lin Feng met Liu Feng at the gate.",
    "Zhang Yun and Zhang Yuan are sisters.",
    "The Li family and the Lu family signed a truce.",
    "Ling Hai and Ling Han trained together.",
    "Wang Jianhua is the brother of Wang Jianguo.",
    "Chen Xiaoming and Chen Xiaomin share an office.",
    "The young master smiled and said nothing.",
    "Every young master in the city came.",
    "The Tigers won the final; the tiger gang watched.",
    "Almonty Industries Inc. owns the Sangdong mine.",
    "Almonty Industries Corp. and Almonty Industries Ltd. are the same company.",
    "Cove Kaz Capital Group bought the stake; Cove Kaz Capital said the price was fair.",
    "Cove Kaz declined to comment.",
    "The U.S. Geological Survey (USGS) published the data.",
    "Samruk-Kazyna's board met on Monday.",
    "The Samruk-Kazyna-led fund grew.",
    "Kassym-Jomart Tokayev met Nursultan Nazarbayev in Astana.",
    "President Tokayev spoke first.",
    "Karaganda Region is larger than most countries.",
    "The Upper Kairaktinskoye deposit holds tungsten.",
    "Ust-Kamenogorsk lies on the Irtysh river.",
    "KTZ, or Kazakhstan Temir Zholy, runs the railway.",
    "Eurasian Resources Group (ERG) owns smelters.",
    "Elders of the Qingyun Sect gathered.",
]


def glossary() -> Glossary:
    return Glossary.of(Term(zh, en, f"p-{i}", kind, accept=accept) for i, (zh, en, kind, accept) in enumerate(NAMES))


def correct_sentences(rng: random.Random, count: int = 2000) -> list[str]:
    """``count`` correct sentences: every frame with every canonical name, then the whole sentences."""
    right = [en for _, en, _, accept in NAMES for en in (en, *accept)]
    framed = [frame.format(name) for frame in FRAMES for name in right]
    rng.shuffle(framed)
    sentences = list(SENTENCES)
    while len(sentences) < count:
        sentences.extend(framed[: count - len(sentences)])
    return sentences


def _is_other_pinyin_name(variant: str, name: str) -> bool:
    """Does the misspelling read as another pinyin name (one not to plant)?"""
    pairs = zip(variant.lower().split(), name.lower().split(), strict=False)
    return any(a != b and is_pinyin_word(a) and is_pinyin_word(b) for a, b in pairs)


def planted_misspellings(
    rng: random.Random, perturbations: dict[str, Callable[[str, random.Random], str | None]], rounds: int = 10
) -> list[tuple[str, str, str]]:
    """``(sentence, misspelt span, canonical)``, the misspellings planted in the same frames."""
    rows = []
    for _, name, _, _ in NAMES * rounds:
        if not name[:1].isupper() or len(name) < 5:
            continue
        for kind, perturb in perturbations.items():
            if kind == "case":
                continue
            variant = perturb(name, rng)
            if not variant or variant == name or _is_other_pinyin_name(variant, name):
                continue
            frame = rng.choice(FRAMES[:9])
            rows.append((frame.format(variant), variant, name))
    return rows
