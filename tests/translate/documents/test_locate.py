"""Where a segment's characters lie in its file (documents.locate): what check's findings and fixes stand on."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from glossmt.translate.documents.markdown import MarkdownDocument
from glossmt.translate.documents.subtitles import cues


def _written(text: str, start: int, end: int, char: str) -> bool:
    """Does ``text[start:end]`` write ``char``: itself, a whitespace for a line break, an escape or a reference?"""
    found = text[start:end]
    return found == char or (char.isspace() and found.isspace()) or found == "\\" + char or html.unescape(found) == char


def located(markdown: str) -> list[tuple[str, str] | None]:
    """Each segment's text and the characters it was located at, joined (None: not located)."""
    document = MarkdownDocument(markdown.encode("utf-8"), "a.md")
    out: list[tuple[str, str] | None] = []
    for english, _, _, found in document.located():
        if found is None:
            out.append(None)
            continue
        text, starts, ends = found
        assert text == english
        assert all(_written(document.text, s, e, c) for c, s, e in zip(text, starts, ends, strict=True))
        assert list(starts) == sorted(starts)
        out.append((text, "".join(document.text[s:e] for s, e in zip(starts, ends, strict=True))))
    return out


def test_markdown_text_is_located_past_its_markup() -> None:
    source = (
        'Some *emph* and __strong__ text \\*escaped\\* &amp; more [link](http://x.org/Tokaev "Tokaev")\n'
        "and [ref][r] and ![alt](a.png) and <https://auto.link> and ``a ` b`` end  \n"
        "after a hard break <span>html</span>.\n\n[r]: http://y\n"
    )
    [(text, written)] = located(source)  # type: ignore[misc]
    assert text == (
        "Some emph and strong text *escaped* & more link and ref and  and  and  end after a hard break html."
    )
    assert "Tokaev" not in written
    assert "\\*escaped\\*" in written
    assert "&amp;" in written


def test_markdown_code_and_front_matter_are_no_segment() -> None:
    source = "---\ntitle: Tokaev\n---\n# Head\n\n```\nTokaev\n```\n\n    Tokaev\n\n<div>Tokaev</div>\n"
    assert located(source) == [("Head", "Head")]


def test_subtitle_cues_are_located_in_crlf_files_past_their_tags() -> None:
    data = b"1\r\n00:00:01,000 --> 00:00:02,000\r\nOne <i>two</i>\r\nthree &amp; four\r\n"
    [(english, start, tags, found)] = list(cues(data, "a.srt", vtt=False))
    assert english == "One two three &amp; four"  # the reader keeps a reference as written
    assert tags == "<i></i>"
    assert found is not None
    text = data.decode()
    assert "".join(text[s:e] for s, e in zip(found[1], found[2], strict=True)) == "One two\rthree &amp; four"
    assert start == text.index("One")


WORDS = st.sampled_from(["Tokaev", "price", "钨", "a", "rose", "Samruk Kazyna", "x_y", "1*2", "&", "[b]"])
MARKUP = st.sampled_from(["*", "**", "`", "[", "]", "\n", "  \n", "\\", " ", "<b>", "</b>", "](u)", "&amp;", "# "])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(WORDS, MARKUP), max_size=30))
def test_every_located_character_is_written_there(pieces: list[str]) -> None:
    """Random Markdown: a located segment's characters are each at a place in the file that writes them."""
    located(" ".join(pieces) + "\n")
