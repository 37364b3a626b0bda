"""``--encoding auto``: each file's encoding detected, undecodable bytes located by line and offset."""

from __future__ import annotations

import pytest

from glossmt.glossary.errors import BadInputError
from glossmt.translate.batch.encoding import AUTO, decode_document

SIMPLIFIED = "哈萨克斯坦总统托卡耶夫访问白宫。\n美国商务部长卢特尼克表示，钨很重要。\n"
TRADITIONAL = "哈薩克斯坦總統托卡耶夫訪問白宮。\n美國商務部長盧特尼克表示，鎢很重要。\n"


@pytest.mark.parametrize(
    ("text", "codec", "detected"),
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "utf-16", "utf-16"),
        (SIMPLIFIED, "utf-16-be", None),
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "gbk", "gb18030", "big5"],
)
def test_auto_reads_each_encoding(text: str, codec: str, detected: str | None) -> None:
    data = ("\ufeff" + text).encode(codec) if codec == "utf-16-be" else text.encode(codec)
    document = decode_document(data, "a.txt", AUTO)
    assert document.text == text
    assert document.encoding == (detected or "utf-16")


def test_an_undecodable_file_names_line_and_byte_offset() -> None:
    data = "钨很重要。\n".encode() + b"\xff\xfe\xfd\x80\x80\n"
    with pytest.raises(BadInputError) as caught:
        decode_document(data, "bad.txt", AUTO)
    offset = len("钨很重要。\n".encode())
    assert str(caught.value).startswith(f"bad.txt:2: cannot decode byte 0xff at byte offset {offset}")
    assert "--encoding" in str(caught.value)


def test_a_named_encoding_is_used_as_given() -> None:
    with pytest.raises(BadInputError, match=r"a\.txt:1: cannot decode byte 0xb9 at byte offset 0 as utf-8"):
        decode_document(SIMPLIFIED.encode("gbk"), "a.txt", "utf-8")
