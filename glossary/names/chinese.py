"""Chinese names in English: Hanyu Pinyin, surname first, the given name as one word (王文涛 → Wang Wentao).

A Chinese person's name is not transliterated back from anything: its English *is* its pinyin, written
the way English news writes it (ISO 7098 and the PRC's own rules for names): the surname capitalised,
then the given name's syllables run together and capitalised, an apostrophe where a syllable starting
with a, o or e would otherwise merge (Wang Xi'an), ü kept (Lü). The learned name model knows foreign
names and would spell 王文涛 as a foreign word (Wongwenta); the oracle asks here first when a name
begins with a Chinese surname and its characters do not look transliterated.

Surnames are data: the common single-character surnames (about nine in ten Chinese people carry one of
them) and the compound ones, with the reading a surname takes where the character has several (曾 is
Zeng, 单 Shan, 解 Xie). pypinyin has no surname mode (mozillazg/python-pinyin#297).
"""

from __future__ import annotations

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向"
    "汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单"
    "季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
    "窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查"
    "麻苑迟邝"
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 端木 独孤 南宫 西门 万俟 单于".split()  # noqa: SIM905
)
# The reading a character takes as a surname, where pypinyin's first reading is another.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "查": "zha", "区": "ou", "朴": "piao", "乐": "yue",
    "盖": "ge", "覃": "qin", "缪": "miao", "翟": "zhai", "华": "hua", "瞿": "qu", "柏": "bai", "牟": "mou",
    "万俟": "moqi", "尉迟": "yuchi", "长孙": "zhangsun", "单于": "chanyu",
}  # fmt: skip


def chinese_name(form: str) -> str | None:
    """``form`` as a Chinese person's name in English (王文涛 → Wang Wentao, 欧阳修 → Ouyang Xiu); None
    unless it is two to four Chinese characters beginning with a known surname."""
    if not 2 <= len(form) <= 4:
        return None
    surname = form[:2] if form[:2] in COMPOUND_SURNAMES else form[:1]
    given = form[len(surname) :]
    if surname not in SURNAMES | COMPOUND_SURNAMES or not given or len(given) > 2:
        return None
    family = SURNAME_READINGS.get(surname) or "".join(_syllables(surname))
    sounds = _syllables(given)
    if not family or len(sounds) != len(given):
        return None
    joined = sounds[0] + "".join(("'" + s) if s[0] in "aoe" else s for s in sounds[1:])
    return f"{family.capitalize()} {joined.capitalize()}"


def _syllables(chars: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s for s in lazy_pinyin(chars, style=Style.NORMAL, v_to_u=True, errors="ignore") if s.isalpha()]
