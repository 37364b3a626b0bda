"""XLIFF 1.2 and 2.x, as CAT tools (memoQ, Trados, OmegaT, Weblate) export them for pre-translation.

Every ``<source>`` of a unit (2.x: of each ``<segment>``) is a segment; its inline codes become tags:
1.2 ``g`` and ``mrk`` pair up, ``x``, ``bx``, ``ex``, ``ph``, ``bpt``, ``ept``, ``it`` stand alone;
2.x ``pc`` and ``mrk`` pair up, ``ph``, ``sc``, ``ec``, ``sm``, ``em``, ``cp`` stand alone. Each code
comes back in the ``<target>`` as it was in the source (a paired one with its attributes, a lone
one whole, native code included). A unit (or a group or file around it) with ``translate="no"`` is
locked and left alone; a unit that has a target already is kept unless forced (the caller decides).

Written back: the target (1.2 ``state="needs-review-translation"`` and ``xml:lang``; 2.x the
segment's ``state="translated"``), every term occurrence in it marked (1.2 ``<mrk mtype="term">``,
2.x ``<mrk type="term">``), and a note with the signature (1.2 ``<note from="glossmt">``, 2.x a
``<note category="glossmt">`` in the unit's ``<notes>``). Nothing else changes.

Parsed by lxml without entities, DTD or network; a DOCTYPE is refused (no XLIFF needs one).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import Any

from glossmt.translate.documents.base import DocumentFormat, Segment, Translation, bad
from glossmt.translate.markup import Kind, Tag, plain
from glossmt.translate.verify import find_spans, rendering_pattern

__all__ = ["FORMAT", "V12", "V20", "parse_xml"]

V12 = "urn:oasis:names:tc:xliff:document:1.2"
V20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PAIRED = {V12: frozenset({"g", "mrk"}), V20: frozenset({"pc", "mrk"})}


def parse_xml(data: bytes, name: str) -> Any:
    """An lxml tree of ``data``: no entities, no DTD, no network; a DOCTYPE or bad XML is exit 3."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        raise bad(f"malformed XML: {exc.msg}", name, line) from None
    if tree.docinfo.doctype:
        raise bad("a DOCTYPE declaration (entities are refused)", name, 1, "remove the <!DOCTYPE …> line")
    return tree


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class XliffDocument:
    def __init__(self, data: bytes, name: str) -> None:
        self.tree = parse_xml(data, name)
        root = self.tree.getroot()
        if _local(root) != "xliff":
            raise bad(f"not XLIFF: the root element is <{_local(root)}>", name, root.sourceline)
        self.bare = not root.tag.startswith("{")  # no namespace: the version attribute decides
        self.ns = (
            root.tag[1:].split("}")[0] if not self.bare else (V20 if root.get("version", "").startswith("2") else V12)
        )
        if self.ns not in (V12, V20):
            raise bad(f"an XLIFF version this reader does not know ({self.ns})", name, root.sourceline)
        self.name = name
        self.units: list[tuple[Any, Any, dict[int, Any]]] = []  # (unit or segment, source, id → element)
        self.segments: list[Segment] = []
        for holder, source in self._sources():
            elements: dict[int, Any] = {}
            parts = tuple(self._parts(source, elements))
            target = holder.find(self._q("target"))
            done = target is not None and bool("".join(target.itertext()).strip())
            self.units.append((holder, source, elements))
            self.segments.append(Segment(parts, source.sourceline or 0, translated=done))

    def _q(self, local: str) -> str:
        return local if self.bare else f"{{{self.ns}}}{local}"

    def _locked(self, element: Any) -> bool:
        return any(e.get("translate") == "no" for e in (element, *element.iterancestors()))

    def _sources(self) -> Iterator[tuple[Any, Any]]:
        holders = "trans-unit" if self.ns == V12 else "segment"
        for holder in self.tree.getroot().iter(self._q(holders)):
            source = holder.find(self._q("source"))
            if source is None or self._locked(holder):
                continue
            yield holder, source

    def _parts(self, element: Any, elements: dict[int, Any]) -> Iterator[str | Tag]:
        """The text and inline codes of ``element`` in document order."""
        if element.text:
            yield element.text
        for child in element:
            if isinstance(child.tag, str):  # comments and processing instructions are dropped
                tag_id = len(elements) + 1
                elements[tag_id] = child
                if _local(child) in PAIRED[self.ns]:
                    yield Tag(Kind.OPEN, tag_id, _start_tag(child))
                    yield from self._parts(child, elements)
                    yield Tag(Kind.CLOSE, tag_id, f"</{_local(child)}>")
                else:
                    yield Tag(Kind.STANDALONE, tag_id, f"<{_local(child)}/>")
            if child.tail:
                yield child.tail

    def bilingual(self) -> Iterator[tuple[str, str, int]]:
        """``(source, target, the target's line)`` of every unit that holds a target (what ``check`` reads)."""
        for holder, source, _ in self.units:
            target = holder.find(self._q("target"))
            if target is not None:
                english = plain(self._parts(target, {}))
                if english.strip():
                    yield plain(self._parts(source, {})), english, target.sourceline or 0

    def write(self, translations: Sequence[Translation | None], signature: str) -> bytes:
        from lxml import etree

        root = self.tree.getroot()
        self._languages(root)
        noted: set[int] = set()
        for index, ((holder, source, elements), translation) in enumerate(zip(self.units, translations, strict=True)):
            if translation is None:
                continue
            target = holder.find(self._q("target"))
            if target is None:
                target = etree.Element(self._q("target"))
                after = holder.find(self._q("seg-source"))
                before = after if after is not None else source
                before.addnext(target)
                target.tail, before.tail = before.tail, holder.text if (holder.text or "").isspace() else before.tail
            else:
                tail = target.tail
                target.clear()
                target.tail = tail
            if self.ns == V12:
                target.set("state", "needs-review-translation")
                lang = root.find(self._q("file"))
                if lang is not None and lang.get("target-language"):
                    target.set(XML_LANG, lang.get("target-language"))
                self._note12(holder, signature)
            else:
                holder.set("state", "translated")
                unit = holder.getparent()
                if id(unit) not in noted:
                    noted.add(id(unit))
                    self._note20(unit, signature)
            self._fill(target, translation, elements, index)
        return bytes(etree.tostring(self.tree, xml_declaration=True, encoding="UTF-8"))

    def _languages(self, root: Any) -> None:
        if self.ns == V12:
            for file in root.iter(self._q("file")):
                if not file.get("target-language"):
                    file.set("target-language", "en")
        elif not root.get("trgLang"):
            root.set("trgLang", "en")

    def _note12(self, unit: Any, signature: str) -> None:
        from lxml import etree

        note = etree.Element(self._q("note"), {"from": "glossmt"})
        note.text = signature
        indent = unit.text if (unit.text or "").isspace() else None
        alt = unit.find(self._q("alt-trans"))
        if alt is not None:
            alt.addprevious(note)
            note.tail = indent
        else:
            last = unit[-1]
            unit.append(note)
            note.tail, last.tail = last.tail, indent

    def _note20(self, unit: Any, signature: str) -> None:
        from lxml import etree

        notes = unit.find(self._q("notes"))
        if notes is None:
            notes = etree.Element(self._q("notes"))
            unit.insert(0, notes)
            notes.tail = unit.text
        last = notes[-1] if len(notes) else None
        note = etree.SubElement(notes, self._q("note"), {"category": "glossmt"})
        note.text = signature
        if last is not None:
            note.tail, last.tail = last.tail, notes.text

    def _fill(self, target: Any, translation: Translation, elements: dict[int, Any], index: int) -> None:
        """``target``'s content from the translation's parts, each code as in the source, terms marked."""
        from lxml import etree

        stack = [target]
        marks = 0
        for part in translation.parts:
            if isinstance(part, str):
                for text, term in _term_spans(part, translation.terms):
                    if term:
                        marks += 1
                        mark = etree.SubElement(stack[-1], self._q("mrk"))
                        if self.ns == V12:
                            mark.set("mtype", "term")
                        else:
                            mark.set("id", f"glossmt-term-{index}-{marks}")
                            mark.set("type", "term")
                        mark.text = text
                    else:
                        _append_text(stack[-1], text)
            elif part.kind is Kind.OPEN:
                source = elements[part.id]
                element = etree.SubElement(stack[-1], source.tag, dict(source.attrib))
                stack.append(element)
            elif part.kind is Kind.CLOSE:
                stack.pop()
            else:
                element = copy.deepcopy(elements[part.id])
                element.tail = None
                stack[-1].append(element)


def _append_text(element: Any, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _term_spans(text: str, terms: Sequence[str]) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each a term occurrence (True) or not; longest terms first."""
    taken: list[tuple[int, int]] = []
    for term in sorted(set(terms), key=len, reverse=True):
        for start, end in find_spans(text, rendering_pattern(term)):
            if not any(start < e and s < end for s, e in taken):
                taken.append((start, end))
    out: list[tuple[str, bool]] = []
    last = 0
    for start, end in sorted(taken):
        if start > last:
            out.append((text[last:start], False))
        out.append((text[start:end], True))
        last = end
    if last < len(text):
        out.append((text[last:], False))
    return out


def _start_tag(element: Any) -> str:
    attrs = "".join(f' {k.rsplit("}", 1)[-1]}="{v}"' for k, v in element.attrib.items())
    return f"<{_local(element)}{attrs}>"


FORMAT = DocumentFormat("xliff", (".xlf", ".xliff"), XliffDocument, title="XLIFF 1.2 and 2.x")
