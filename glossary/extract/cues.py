"""Context cues around a name, as data: a title before it says *person*; a kind word after it says what it is.

部长卢特尼克 (a title, then a person), 卡拉干达州 (a place, then its kind), 科夫卡兹资本集团 (a company).
Titles are never part of the name; kind words are never part of the candidate either (the glossary
writes 上凯拉克京斯科耶, not 上凯拉克京斯科耶矿床), except where the kind is part of a known word.
"""

from __future__ import annotations

import re
from functools import cache

from glossmt.glossary.model import TermType

TITLES: tuple[str, ...] = (
    "总统", "副总统", "总理", "副总理", "首相", "外长", "外交部长", "部长", "副部长", "国务卿", "副国务卿",
    "主席", "副主席", "议长", "大使", "总督", "州长", "市长", "省长", "董事长", "总裁", "首席执行官",
    "总经理", "行长", "局长", "主任", "发言人", "国王", "王储", "将军", "司令", "教授", "博士", "先生",
    "女士", "分析人士", "专家", "记者", "经理", "代表", "参议员", "众议员", "议员", "法官",
    "秘书", "新闻秘书", "助理", "大臣", "创始人",
    # the roles news puts before a person of sport and show business (明星菲尔·米克尔森, 制片人尼尔贝尔)
    "明星", "球星", "影星", "歌星", "歌手", "演员", "导演", "制片人", "主持人", "作家", "教练", "主教练",
    "球员", "选手", "队长",
)  # fmt: skip

# Kind word after a name -> the type it implies (longest words first when matching).
KINDS: dict[str, TermType] = {
    "州": TermType.PLACE, "市": TermType.PLACE, "省": TermType.PLACE, "县": TermType.PLACE,
    "区": TermType.PLACE, "镇": TermType.PLACE, "村": TermType.PLACE, "河": TermType.PLACE,
    "湖": TermType.PLACE, "山": TermType.PLACE, "港": TermType.PLACE, "口岸": TermType.PLACE,
    "地区": TermType.PLACE, "草原": TermType.PLACE, "盆地": TermType.PLACE, "山脉": TermType.PLACE,
    "高原": TermType.PLACE, "沙漠": TermType.PLACE, "半岛": TermType.PLACE, "群岛": TermType.PLACE,
    "海峡": TermType.PLACE, "共和国": TermType.PLACE, "自治区": TermType.PLACE, "自治州": TermType.PLACE,
    "边疆区": TermType.PLACE,
    "矿": TermType.DEPOSIT, "矿床": TermType.DEPOSIT, "矿区": TermType.DEPOSIT, "矿山": TermType.DEPOSIT,
    "矿田": TermType.DEPOSIT, "油田": TermType.DEPOSIT, "钨矿": TermType.DEPOSIT, "金矿": TermType.DEPOSIT,
    "铜矿": TermType.DEPOSIT, "铀矿": TermType.DEPOSIT, "煤矿": TermType.DEPOSIT, "铁矿": TermType.DEPOSIT,
    "钼矿": TermType.DEPOSIT, "锂矿": TermType.DEPOSIT, "煤田": TermType.DEPOSIT, "气田": TermType.DEPOSIT,
    "油气田": TermType.DEPOSIT, "铀矿床": TermType.DEPOSIT, "金矿床": TermType.DEPOSIT, "铜矿床": TermType.DEPOSIT,
    "铜金矿": TermType.DEPOSIT, "金铜矿": TermType.DEPOSIT, "选矿厂": TermType.DEPOSIT,
    "公司": TermType.COMPANY, "黄金公司": TermType.COMPANY, "石油公司": TermType.COMPANY,
    "能源公司": TermType.COMPANY, "天然气公司": TermType.COMPANY, "电力公司": TermType.COMPANY,
    "集团": TermType.COMPANY, "股份": TermType.COMPANY, "控股": TermType.COMPANY,
    "矿业": TermType.COMPANY, "资本": TermType.COMPANY, "株式会社": TermType.COMPANY, "厂": TermType.COMPANY,
    "冶金厂": TermType.COMPANY, "工业": TermType.COMPANY, "资源": TermType.COMPANY, "铁合金厂": TermType.COMPANY,
    "铝业": TermType.COMPANY, "镍业": TermType.COMPANY, "铜业": TermType.COMPANY, "钢铁": TermType.COMPANY,
    "矿冶": TermType.COMPANY, "冶炼厂": TermType.COMPANY, "锌业": TermType.COMPANY, "铀业": TermType.COMPANY,
    "铅业": TermType.COMPANY, "金业": TermType.COMPANY, "钛业": TermType.COMPANY, "铬业": TermType.COMPANY,
    "铝厂": TermType.COMPANY, "钢厂": TermType.COMPANY, "钢铁厂": TermType.COMPANY, "炼油厂": TermType.COMPANY,
    "电厂": TermType.COMPANY, "电站": TermType.COMPANY, "水电站": TermType.COMPANY, "核电站": TermType.COMPANY,
    "风电场": TermType.COMPANY, "热电站": TermType.COMPANY, "热电厂": TermType.COMPANY, "水库": TermType.PLACE,
    "银行": TermType.ORGANISATION, "基金": TermType.ORGANISATION, "组织": TermType.ORGANISATION,
    "社": TermType.ORGANISATION, "通讯社": TermType.ORGANISATION, "大学": TermType.ORGANISATION,
    "协会": TermType.ORGANISATION, "委员会": TermType.ORGANISATION,
    "部": TermType.AGENCY, "局": TermType.AGENCY,
}  # fmt: skip


# Words right before a name that make it a place (哈萨克斯坦首都阿斯塔纳, 位于图尔孙扎德, 抵达布哈拉): where no kind
# word after it says otherwise, they outrank jieba's guess (it tags 布哈拉 a person's name).
PLACE_CUES: tuple[str, ...] = (
    "首都", "首府", "城市", "小镇", "港口", "位于", "抵达", "前往", "飞往", "途经", "驻",
)  # fmt: skip


# … and after a name, what it is said to be (奥斯克门是东哈萨克斯坦州的首府, "… is the capital of …").
PLACE_SAID: tuple[str, ...] = ("首府", "首都", "省会", "城市", "港口", "小镇", "县城")


@cache
def place_said_pattern() -> re.Pattern[str]:
    """是 right after a name, then within one clause a word for a place (matched at the name's end)."""
    return re.compile(f"是[^，。；,;]{{0,12}}?(?:{'|'.join(map(re.escape, PLACE_SAID))})")


LONGEST_PLACE_CUE = max(map(len, PLACE_CUES))


@cache
def place_cue_pattern() -> re.Pattern[str]:
    """A place cue ending right before a name: match it against the text before the name, at its end."""
    return re.compile(f"(?:{'|'.join(sorted(map(re.escape, PLACE_CUES), key=len, reverse=True))})$")


@cache
def title_pattern() -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, TITLES), key=len, reverse=True)))


@cache
def kind_pattern() -> re.Pattern[str]:
    """A kind word at the start of the text after a name."""
    return re.compile("|".join(sorted(map(re.escape, KINDS), key=len, reverse=True)))


def kind_before(text: str, start: int) -> re.Match[str] | None:
    """A kind word just before ``start`` (矿业公司Tungsten West: a Latin name may follow its kind)."""
    for length in (4, 3, 2, 1):
        if start >= length:
            kind = kind_pattern().fullmatch(text, start - length, start)
            if kind:
                return kind
    return None
