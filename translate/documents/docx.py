"""Word documents (python-docx): paragraphs of the body, tables, headers and footers, formatting kept.

A paragraph is a segment. Its most used run formatting is the paragraph's own; runs formatted
otherwise (bold, italic, a colour…) become paired tags, so the English words the model puts between
a pair's placeholders get that run's formatting; a hyperlink is a pair too (its target kept). Runs
that hold more than text (pictures, fields, footnote marks) and bookmarks stand alone, kept whole;
spelling marks are dropped. Text boxes (paragraphs inside a drawing) are left as they are.

The file is checked before python-docx opens it: a zip archive holding ``word/document.xml``, whose
members unpack to at most :data:`MAX_UNPACKED` bytes and none :data:`MAX_RATIO` times its packed
size (a zip bomb is refused, exit 3). python-docx parses its XML without resolving entities.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from glossmt.translate.documents.base import DocumentFormat, Segment, Translation, bad
from glossmt.translate.markup import Kind, Tag

__all__ = ["FORMAT", "MAX_RATIO", "MAX_UNPACKED", "check_archive"]

MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200  # real DOCX XML packs 5-20 times; a bomb packs thousands
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TEXT_CHILDREN = frozenset(
    W + n for n in ("rPr", "t", "tab", "br", "cr", "noBreakHyphen", "softHyphen", "lastRenderedPageBreak")
)
DROPPED = frozenset({W + "proofErr"})


def check_archive(data: bytes, name: str) -> None:
    """A zip archive with ``word/document.xml`` that unpacks to a sane size, else exit 3."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise bad("not a DOCX: not a zip archive", name, hint="save the document as .docx (Word 2007 or later)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise bad(f"not a DOCX: a damaged zip archive ({exc})", name) from None
    if "word/document.xml" not in {m.filename for m in members}:
        raise bad("not a DOCX: no word/document.xml in the archive", name, hint="save the document as .docx")
    total = sum(m.file_size for m in members)
    ratio = max((m.file_size / max(m.compress_size, 1) for m in members if m.file_size > 1 << 20), default=0)
    if total > MAX_UNPACKED or ratio > MAX_RATIO:
        raise bad(
            f"refused: unpacks to {total} bytes (a member {ratio:.0f} times its packed size): a zip bomb?",
            name,
            hint=f"a DOCX may unpack to {MAX_UNPACKED} bytes, each member at most {MAX_RATIO} times packed",
        )


class DocxDocument:
    def __init__(self, data: bytes, name: str) -> None:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        check_archive(data, name)
        self.name = name
        try:
            self.doc = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise bad(f"not a DOCX python-docx can read ({exc})", name) from None
        except Exception as exc:  # lxml's XMLSyntaxError and kin, from a damaged part
            raise bad(f"a damaged DOCX ({type(exc).__name__}: {exc})", name) from None
        self.paragraphs: list[tuple[Any, dict[int, tuple[str, Any]], Any]] = []
        self.segments: list[Segment] = []
        for paragraph in self._paragraphs():
            found = _read(paragraph)
            if found is not None:
                parts, table, base = found
                self.paragraphs.append((paragraph, table, base))
                self.segments.append(Segment(parts, len(self.segments) + 1))

    def _paragraphs(self) -> Iterator[Any]:
        roots = [self.doc.element.body]
        for section in self.doc.sections:
            for part in (section.header, section.first_page_header, section.even_page_header, section.footer,
                         section.first_page_footer, section.even_page_footer):  # fmt: skip
                if not part.is_linked_to_previous:
                    roots.append(part._element)
        seen: set[int] = set()
        for root in roots:
            for paragraph in root.iter(W + "p"):
                if id(paragraph) in seen or any(a.tag == W + "p" for a in paragraph.iterancestors()):
                    continue
                seen.add(id(paragraph))
                yield paragraph

    def texts(self) -> list[str]:
        """Each paragraph's text on one line (a line break within it read as a space): what ``check`` reads."""
        return ["".join(" " if char == "\n" else char for char, _, _ in _characters(p)) for p, _, _ in self.paragraphs]

    def replace_text(self, edits: Sequence[tuple[int, int, int, str]]) -> bytes:
        """The file with ``(paragraph, start, end, replacement)`` edits made in the text of the runs, nothing
        else touched (the replacement takes the formatting of the run where the edit starts).

        Raises:
            BadInputError: an edit crosses a tab, a line break or a paragraph's end (nothing is written).
        """
        by_paragraph: dict[int, list[tuple[int, int, str]]] = {}
        for index, start, end, replacement in edits:
            by_paragraph.setdefault(index, []).append((start, end, replacement))
        for index, changes in by_paragraph.items():
            characters = _characters(self.paragraphs[index][0])
            for start, end, replacement in sorted(changes, reverse=True):  # later edits first: offsets hold
                places = characters[start:end] if end > start else characters[start : start + 1]
                if end > len(characters) or not places or any(element is None for _, element, _ in places):
                    raise bad(
                        f"paragraph {index + 1}: cannot rewrite across a tab or a break",
                        self.name,
                        index + 1,
                        hint="edit it in Word",
                    )
                _edit(places, replacement, end > start)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def write(self, translations: Sequence[Translation | None], signature: str) -> bytes:
        for (paragraph, table, base), translation in zip(self.paragraphs, translations, strict=True):
            if translation is not None:
                _rewrite(paragraph, translation, table, base)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _run_text(run: Any) -> str | None:
    """The text of a run that holds only text, tabs and breaks (else None)."""
    pieces = []
    for child in run:
        if child.tag not in TEXT_CHILDREN or (child.tag == W + "br" and child.get(W + "type") in ("page", "column")):
            return None
        if child.tag == W + "t":
            pieces.append(child.text or "")
        elif child.tag == W + "tab":
            pieces.append("\t")
        elif child.tag in (W + "br", W + "cr"):
            pieces.append("\n")
    return "".join(pieces)


def _characters(paragraph: Any) -> list[tuple[str, Any, int]]:
    """Each character of the paragraph's text (as :func:`_read` reads it) with its ``w:t`` and index there
    (None for a tab or a break)."""
    out: list[tuple[str, Any, int]] = []
    for child in paragraph:
        if child.tag == W + "hyperlink":
            out.extend(_characters(child))
        elif child.tag == W + "r" and _run_text(child) is not None:
            for piece in child:
                if piece.tag == W + "t":
                    out.extend((char, piece, n) for n, char in enumerate(piece.text or ""))
                elif piece.tag == W + "tab":
                    out.append(("\t", None, 0))
                elif piece.tag in (W + "br", W + "cr"):
                    out.append(("\n", None, 0))
    return out


def _edit(places: Sequence[tuple[str, Any, int]], replacement: str, remove: bool) -> None:
    """``replacement`` written where ``places`` start; with ``remove``, the characters at ``places`` taken out."""
    gone: dict[Any, set[int]] = {}
    if remove:
        for _, element, n in places:
            gone.setdefault(element, set()).add(n)
    first, at = places[0][1], places[0][2]
    for element in {first: None, **dict.fromkeys(gone)}:
        kept = "".join(c for n, c in enumerate(element.text or "") if n not in gone.get(element, ()))
        if element is first:
            kept = kept[:at] + replacement + kept[at:]
        element.text = kept
        element.set(XML_SPACE, "preserve")


def _key(rpr: Any) -> bytes:
    from lxml import etree

    return b"" if rpr is None else etree.tostring(rpr)


def _read(paragraph: Any) -> tuple[tuple[str | Tag, ...], dict[int, tuple[str, Any]], Any] | None:
    """The paragraph as parts, its tag table (id → kind and element) and its base run formatting."""
    items: list[tuple[str, Any, Any]] = []  # (kind, element, text): text / open / close / lone

    def walk(parent: Any) -> None:
        for child in parent:
            if child.tag == W + "pPr" or child.tag in DROPPED:
                continue
            if child.tag == W + "r" and (text := _run_text(child)) is not None:
                items.append(("text", child, text))
            elif child.tag == W + "hyperlink":
                items.append(("open", child, None))
                walk(child)
                items.append(("close", child, None))
            else:
                items.append(("lone", child, None))

    walk(paragraph)
    if not any(kind == "text" and text.strip() for kind, _, text in items):
        return None
    weight: dict[bytes, int] = {}
    formats: dict[bytes, Any] = {}
    for kind, run, text in items:
        if kind == "text":
            weight[_key(run.find(W + "rPr"))] = weight.get(_key(run.find(W + "rPr")), 0) + len(text)
            formats[_key(run.find(W + "rPr"))] = run.find(W + "rPr")
    base = max(weight, key=lambda k: weight[k])
    parts: list[str | Tag] = []
    table: dict[int, tuple[str, Any]] = {}
    current: tuple[bytes, int] | None = None  # the open formatting pair
    for kind, element, text in items:
        key: bytes | None = _key(element.find(W + "rPr")) if kind == "text" else None
        if current is not None and key != current[0]:
            parts.append(Tag(Kind.CLOSE, current[1], "</run>"))
            current = None
        if kind == "text":
            if key is not None and key != base and current is None:
                tag_id = len(table) + 1
                table[tag_id] = ("format", formats[key])
                parts.append(Tag(Kind.OPEN, tag_id, "<run>"))
                current = (key, tag_id)
            parts.append(text)
        elif kind == "open":
            tag_id = len(table) + 1
            table[tag_id] = ("link", element)
            parts.append(Tag(Kind.OPEN, tag_id, "<link>"))
        elif kind == "close":
            tag_id = next(i for i, (k, e) in table.items() if k == "link" and e is element)
            parts.append(Tag(Kind.CLOSE, tag_id, "</link>"))
        else:
            tag_id = len(table) + 1
            table[tag_id] = ("lone", element)
            parts.append(Tag(Kind.STANDALONE, tag_id, "<lone/>"))
    if current is not None:
        parts.append(Tag(Kind.CLOSE, current[1], "</run>"))
    return tuple(parts), table, formats[base]


def _rewrite(paragraph: Any, translation: Translation, table: dict[int, tuple[str, Any]], base: Any) -> None:
    """The paragraph's content rebuilt from the translation: runs in their formatting, codes kept."""
    from lxml import etree

    lone = {tag_id: copy.deepcopy(e) for tag_id, (k, e) in table.items() if k == "lone"}
    for child in list(paragraph):
        if child.tag != W + "pPr":
            paragraph.remove(child)
    containers = [paragraph]
    formats = [base]
    for part in translation.parts:
        if isinstance(part, str):
            containers[-1].append(_new_run(part, formats[-1]))
            continue
        kind, element = table[part.id]
        if part.kind is Kind.OPEN and kind == "format":
            formats.append(element)
        elif part.kind is Kind.OPEN:
            link = etree.SubElement(containers[-1], element.tag, dict(element.attrib))
            containers.append(link)
        elif part.kind is Kind.CLOSE and kind == "format":
            formats.pop()
        elif part.kind is Kind.CLOSE:
            containers.pop()
        else:
            containers[-1].append(lone[part.id])


def _new_run(text: str, rpr: Any) -> Any:
    from lxml import etree

    run = etree.Element(W + "r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for n, line in enumerate(text.split("\n")):
        if n:
            etree.SubElement(run, W + "br")
        for m, piece in enumerate(line.split("\t")):
            if m:
                etree.SubElement(run, W + "tab")
            if piece:
                t = etree.SubElement(run, W + "t")
                t.text = piece
                t.set(XML_SPACE, "preserve")
    return run


FORMAT = DocumentFormat("docx", (".docx",), DocxDocument, binary=True, title="Word documents")
