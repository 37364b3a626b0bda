"""TBX term files (ISO 30042), TBX-Basic style, for CAT tools and terminology databases.

Written as TBX 2019 (``<tbx>`` root, namespace ``urn:iso:std:iso:30042:ed-2``, DCA style), one
``conceptEntry`` per concept (TBX 2008 called it ``termEntry``)::

    <conceptEntry id="upper-kairaktinskoye">            the concept, escaped to a valid XML id
      <descrip type="subjectField">deposit</descrip>    the term type
      <note>tungsten deposit in Karaganda Region</note> the note
      <admin type="source">https://…</admin>            each source (in the termSec when forms differ)
      <langSec xml:lang="zh">
        <termSec>                                       one per Chinese form, in order
          <term>上凯拉克京斯科耶</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>   (later forms: admittedTerm)
          <termNote type="processStatus">provisionallyProcessed</termNote>         (a draft)
          <ref type="crossReference" target="…_xen2">Kairakty</ref>  (this form's English, when not the canonical)
          <note>translator comment</note>
        </termSec>
      </langSec>
      <langSec xml:lang="en">
        <termSec><term>Upper Kairaktinskoye</term> … preferredTerm-admn-sts …</termSec>   the canonical English
        <termSec id="…_xen2"><term>Kairakty</term> … admittedTerm-admn-sts …</termSec>    another form's English
        <termSec><term>Upper Kairadjinskoye</term> … deprecatedTerm-admn-sts …</termSec>  each avoid rendering
      </langSec>
    </conceptEntry>

The term type goes in ``descrip type="subjectField"`` because TBX's ``termType`` is a closed list
(fullForm, acronym…) with no room for person or place. TBX holds type, note and avoid per concept:
forms of one concept that differ there are merged (avoid united, distinct notes joined by line, the
first type), and reading gives each form the concept's values. Sources stay per form. In concept ids, characters outside
the plain XML name set (ASCII and Latin-1 letters, CJK ideographs, digits, ``-._·``) are escaped as
``_xHHHH_`` (``Howard Lutnick`` → ``Howard_x0020_Lutnick``) and unescaped on reading.

Reading accepts TBX 2019 and the older ``<martif>`` (``termEntry``/``langSet``/``tig``/``ntig``):
administrativeStatus (or TBX 2008's normativeAuthorization) preferred → the canonical English;
admitted → another Chinese form, or an English kept as a note line (the canonical if none is
preferred); deprecated or superseded → avoid. processStatus provisionallyProcessed or unprocessed → a
draft. Entries without Chinese are skipped; entries without English become drafts with no English.
Parsing goes through defusedxml: a DOCTYPE that declares entities (billion laughs, external files) is
refused with a TermFileError. Entries are read as a stream, one at a time, and nesting that TBX does not
allow is refused as it is read (:class:`_EntryReader`): a hostile file fails in seconds, whatever its size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, TreeBuilder, indent, tostring
from xml.parsers import expat

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from glossmt.glossary.errors import TermFileError
from glossmt.glossary.formats import TermFormat
from glossmt.glossary.io.fileio import read_bytes
from glossmt.glossary.model import Concept, Glossary, Origin, Term, TermType

NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED, DEPRECATED = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"
DRAFT_STATUSES = ("provisionallyProcessed", "unprocessed")
_ENTRY_TAGS = ("conceptEntry", "termEntry")
_LANG_TAGS = ("langSec", "langSet")
_TERM_TAGS = ("termSec", "tig", "ntig")
_STATUS_TYPES = ("administrativeStatus", "normativeAuthorization")


# --- concept ids as XML names ----------------------------------------------------------------------

# Characters that are name characters under every edition of XML 1.0 (expat still follows the 4th):
# ASCII and Latin-1 letters, CJK ideographs, and (not first) digits, "-", "." and the middle dot.
_START = "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u4e00-\u9fa5"
_NAME_START = re.compile(f"[{_START}]")
_NAME_CHAR = re.compile(f"[{_START}\\-.0-9\u00b7]")
_ESCAPE = re.compile(r"_x([0-9A-F]{8}|[0-9A-F]{4})_")


def encode_id(concept: str) -> str:
    """``concept`` as an XML id: characters a name cannot hold become ``_xHHHH_``, reversibly."""
    out = []
    for i, char in enumerate(concept):
        valid = _NAME_START.fullmatch(char) if i == 0 else _NAME_CHAR.fullmatch(char)
        if valid and not (char == "_" and concept.startswith("_x", i)):
            out.append(char)
        else:
            out.append(f"_x{ord(char):04X}_" if ord(char) <= 0xFFFF else f"_x{ord(char):08X}_")
    return "".join(out) or "_"


def decode_id(name: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), name)


# --- reading ---------------------------------------------------------------------------------------


def read(path: str | Path) -> list[Term]:
    """Read a TBX file; each Chinese form of each entry becomes one term."""
    # Bytes, not text: XML declares its own encoding, and TBX from CAT tools is often UTF-16.
    return _parse(read_bytes(path), str(path))


# TBX nests about eight levels (tbx/text/body/conceptEntry/langSec/termSec/descripGrp/descrip). Entries
# never nest; one holds a few dozen elements, and so do the header and back matter around the entries.
MAX_DEPTH = 32
MAX_ENTRY_ELEMENTS = 10_000
MAX_OTHER_ELEMENTS = 100_000
_ROOT_TAGS = ("tbx", "martif")


class _EntryReader(TreeBuilder):
    """Builds one entry at a time and turns it into terms as it ends (a stream, like iterparse).

    Elements are dropped once read, and those outside entries as they end, so memory holds the open
    path and one entry whatever the file's size, and the work is linear in it. What TBX does not allow
    is refused while the parser reads, so a hostile file fails at once: a root other than ``<tbx>`` or
    ``<martif>``, nesting past :data:`MAX_DEPTH`, an entry inside an entry, an entry of more than
    :data:`MAX_ENTRY_ELEMENTS` elements, more than :data:`MAX_OTHER_ELEMENTS` outside entries.
    """

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where
        self.expat: Any = None
        self.open: list[Element] = []
        self.entry_line = 0
        self.entry_size = 0  # elements in the open entry; 0 outside entries
        self.others = 0  # elements outside entries
        self.terms: list[Term] = []

    def start(self, tag: str, attrs: dict[str, str], /) -> Element:
        name = _local(tag)
        entry = name in _ENTRY_TAGS
        if not self.open and name not in _ROOT_TAGS:
            raise TermFileError(
                f"the root element is <{name}>, not <tbx> or <martif>",
                path=self.where,
                line=self._line(),
                hint="export TBX (ISO 30042) from your terminology tool",
            )
        if len(self.open) >= MAX_DEPTH:
            self._refuse(f"XML nested too deeply for TBX: more than {MAX_DEPTH} levels")
        if entry and self.entry_size:
            self._refuse(f"XML nested too deeply for TBX: <{name}> inside another entry")
        if self.entry_size or entry:
            self.entry_size += 1
            if self.entry_size > MAX_ENTRY_ELEMENTS:
                self._refuse(f"an entry of more than {MAX_ENTRY_ELEMENTS:,} elements is not a TBX entry")
        else:
            self.others += 1
            if self.others > MAX_OTHER_ELEMENTS:
                self._refuse(f"more than {MAX_OTHER_ELEMENTS:,} elements outside entries: not TBX")
        if entry:
            self.entry_line = self._line() or 0
        element = super().start(tag, attrs)
        self.open.append(element)
        return element

    def end(self, tag: str, /) -> Element:
        element = super().end(tag)
        self.open.pop()
        if _local(tag) in _ENTRY_TAGS:
            self.entry_size = 0
            self.terms.extend(_entry_terms(element, Origin(self.where, self.entry_line)))
        if not self.entry_size and self.open:
            self.open[-1].remove(element)  # read, or outside every entry: never needed again
        return element

    def _line(self) -> int | None:
        return self.expat.CurrentLineNumber if self.expat is not None else None

    def _refuse(self, message: str) -> None:
        raise TermFileError(
            message,
            path=self.where,
            line=self._line(),
            hint="a TBX entry nests a few levels and holds no other entry; export the file again from your tool",
        )


def _parse(data: bytes, where: str) -> list[Term]:
    reader = _EntryReader(where)
    parser = DefusedXMLParser(target=reader, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    reader.expat = parser.parser
    try:
        parser.feed(data)
        parser.close()
    except defusedxml.DefusedXmlException as exc:
        raise TermFileError(
            "the file declares XML entities, which glossmt refuses to expand",
            path=where,
            line=parser.parser.CurrentLineNumber,
            hint="remove the <!DOCTYPE …[ <!ENTITY …> ]> block; TBX needs no entities",
        ) from exc
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise TermFileError(
            f"XML syntax error: {expat.ErrorString(exc.code)}",
            path=where,
            line=line,
            hint="the file must be well-formed XML; `xmllint --noout FILE` shows the problem",
        ) from exc
    return reader.terms


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: Element) -> str:
    return "".join(element.itertext()).strip()


@dataclass(slots=True)
class _TermSec:
    """What one termSec (or tig/ntig) says about its term."""

    term: str = ""
    id: str = ""
    status: str = ""
    draft: bool = False
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)  # ids that crossReferences point to


@dataclass(slots=True)
class _EntryData:
    """Concept-level values of one entry, gathered in document order."""

    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    type: TermType | None = None
    chinese: list[_TermSec] = field(default_factory=list)
    english: list[_TermSec] = field(default_factory=list)


def _entry_terms(entry: Element, origin: Origin) -> list[Term]:
    data = _EntryData()
    for child in entry:
        if _local(child.tag) in _LANG_TAGS:
            _read_lang(child, data)
        else:
            for element in child.iter():  # iter(): descripGrp and adminGrp wrap their descrip or admin
                _read_aux(element, data.notes, data.sources, data)
    if not data.chinese:
        return []
    english = {sec.id: sec.term for sec in data.english if sec.id}
    canonical, extra_notes = _canonical(data.english, {ref for sec in data.chinese for ref in sec.refs})
    note = "\n".join([*data.notes, *extra_notes])
    avoid = tuple(dict.fromkeys(sec.term for sec in data.english if _is_deprecated(sec.status)))
    concept = decode_id(entry.get("id", "")) or canonical or data.chinese[0].term
    return [
        Term(
            source=sec.term,
            target=next((english[ref] for ref in sec.refs if ref in english), canonical),
            concept=concept,
            type=data.type,
            avoid=avoid,
            note=note,
            sources=tuple(dict.fromkeys([*data.sources, *sec.sources])),
            draft=sec.draft or not canonical,
            comment="\n".join(sec.notes),
            origin=origin,
        )
        for sec in data.chinese
    ]


def _read_lang(lang_sec: Element, data: _EntryData) -> None:
    language = re.split(r"[-_]", (lang_sec.get(XML_LANG) or lang_sec.get("lang") or "").lower())[0]
    is_zh, is_en = language == "zh", language == "en"
    for child in lang_sec:
        if _local(child.tag) in _TERM_TAGS:
            sec = _read_term_sec(child)
            if sec.term and is_zh:
                data.chinese.append(sec)  # its notes are the form's translator comment, its sources its own
            elif sec.term and is_en:
                data.english.append(sec)
                data.notes.extend(sec.notes)  # notes and sources on English terms describe the concept
                data.sources.extend(sec.sources)
        elif is_zh or is_en:
            for element in child.iter():
                _read_aux(element, data.notes, data.sources, None)


def _read_term_sec(element: Element) -> _TermSec:
    sec = _TermSec(id=element.get("id", ""))
    for child in element.iter():  # iter(), not children: martif nests ntig/termGrp/term
        tag, kind = _local(child.tag), child.get("type", "")
        if tag == "term" and not sec.term:
            sec.term = _text(child)
        elif tag == "termNote" and kind in _STATUS_TYPES:
            sec.status = _text(child)
        elif tag == "termNote" and kind == "processStatus":
            sec.draft = _text(child) in DRAFT_STATUSES
        elif tag == "ref" and kind == "crossReference":
            sec.refs.append(child.get("target", ""))
        elif tag != "term":
            _read_aux(child, sec.notes, sec.sources, None)
    return sec


def _read_aux(element: Element, notes: list[str], sources: list[str], data: _EntryData | None) -> None:
    """Notes, sources and (at concept level) the subject field that carries the term type."""
    tag, kind, text = _local(element.tag), element.get("type", ""), _text(element)
    if tag == "note" and text:
        notes.append(text)
    elif tag == "admin" and kind == "source" and text:
        sources.append(text)
    elif tag == "xref" and kind == "externalCrossReference" and element.get("target"):
        sources.append(element.get("target", ""))
    elif tag == "descrip" and kind == "subjectField" and text and data is not None:
        if text.lower() in {t.value for t in TermType} and data.type is None:
            data.type = TermType(text.lower())
        else:
            notes.append(f"subject field: {text}")
    elif tag == "descrip" and kind == "definition" and text:
        notes.append(f"definition: {text}")


def _is_deprecated(status: str) -> bool:
    return "deprecated" in status or "superseded" in status


def _canonical(english: list[_TermSec], referenced: set[str]) -> tuple[str, list[str]]:
    """The canonical English, and note lines for English terms no Chinese form points to."""
    usable = [sec for sec in english if not _is_deprecated(sec.status)]
    ranked = sorted(usable, key=lambda sec: 0 if "preferred" in sec.status or "standardized" in sec.status else 1)
    canonical = ranked[0].term if ranked else ""
    extra = [f"admitted English: {sec.term}" for sec in usable if sec.term != canonical and sec.id not in referenced]
    return canonical, extra


# --- writing ---------------------------------------------------------------------------------------


def dumps(terms: Iterable[Term]) -> str:
    """Render terms as a TBX 2019 document, one concept entry per concept, pretty-printed."""
    root = Element("tbx", {"xmlns": NAMESPACE, "type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
    source_desc = SubElement(SubElement(SubElement(root, "tbxHeader"), "fileDesc"), "sourceDesc")
    SubElement(source_desc, "p").text = "glossmt glossary (Chinese→English)"
    body = SubElement(SubElement(root, "text"), "body")
    for concept in Glossary.of(terms).concepts:
        body.append(_entry(concept))
    indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"


def _entry(concept: Concept) -> Element:
    entry_id = encode_id(concept.id)
    entry = Element("conceptEntry", {"id": entry_id})
    if concept.type:
        SubElement(entry, "descrip", {"type": "subjectField"}).text = concept.type.value
    note = "\n".join(dict.fromkeys(t.note for t in concept.terms if t.note))
    if note:
        SubElement(entry, "note").text = note
    shared_sources = len({t.sources for t in concept.terms}) == 1
    for source in concept.terms[0].sources if shared_sources else ():
        SubElement(entry, "admin", {"type": "source"}).text = source
    canonical = concept.target
    # Each other English gets an id its Chinese forms point to; "_xen" never occurs in an encoded id.
    others: dict[str, str] = {}
    for term in concept.terms:
        if term.target and term.target != canonical:
            others.setdefault(term.target, f"{entry_id}_xen{len(others) + 2}")
    chinese = SubElement(entry, "langSec", {XML_LANG: "zh"})
    for position, term in enumerate(concept.terms):
        sec = _term_sec(chinese, term.source, PREFERRED if position == 0 else ADMITTED)
        if term.draft:
            SubElement(sec, "termNote", {"type": "processStatus"}).text = "provisionallyProcessed"
        if term.target in others:
            SubElement(sec, "ref", {"type": "crossReference", "target": others[term.target]}).text = term.target
        if term.comment:
            SubElement(sec, "note").text = term.comment
        for source in () if shared_sources else term.sources:
            SubElement(sec, "admin", {"type": "source"}).text = source
    if canonical or others or concept.avoid:
        english = SubElement(entry, "langSec", {XML_LANG: "en"})
        if canonical:
            _term_sec(english, canonical, PREFERRED)
        for target, ref in others.items():
            _term_sec(english, target, ADMITTED).set("id", ref)
        for avoid in concept.avoid:
            _term_sec(english, avoid, DEPRECATED)
    return entry


def _term_sec(lang_sec: Element, text: str, status: str) -> Element:
    sec = SubElement(lang_sec, "termSec")
    SubElement(sec, "term").text = text
    SubElement(sec, "termNote", {"type": "administrativeStatus"}).text = status
    return sec


FORMAT = TermFormat("tbx", (".tbx",), read=read, dumps=dumps)
