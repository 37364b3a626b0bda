"""PO term files: the glossary's own format, edited in Poedit or a text editor.

Convention (README, "Term files")::

    # free translator comment, kept as is
    #. type: deposit
    #. avoid: Upper Kairadjinskoye; Ust-Khakaljinzhenskoye
    #. accept: Kairaktinskoye          (other right English: check accepts it, translate writes msgstr)
    #. note: tungsten deposit in Karaganda Region
    #. source: https://…            (repeatable)
    #, fuzzy                         (a draft: reported, never enforced)
    msgctxt "upper-kairaktinskoye"  (the concept; all variants of one name share it)
    msgid "上凯拉克京斯科耶"            (one Chinese form)
    msgstr "Upper Kairaktinskoye"    (its canonical English)
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import polib

from glossmt.glossary.errors import TermFileError
from glossmt.glossary.formats import TermFormat
from glossmt.glossary.formats.fields import split_list, term_type
from glossmt.glossary.io.fileio import atomic_write_text, decode, read_bytes, shown_name
from glossmt.glossary.model import Origin, Term

FIELDS = ("type", "avoid", "safe-fix", "accept", "note", "source")
HEADER = {
    "Project-Id-Version": "glossmt glossary",
    "Language": "en",
    "X-Source-Language": "zh-Hans",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


def read_po(path: str | Path) -> list[Term]:
    """Read one PO term file; errors name ``file:line`` and the fix."""
    text, catalog = read_catalog(path)
    entries = [entry for entry in catalog if not entry.obsolete]
    if entries and catalog.header and not _has_header_entry(text) and not entries[0].tcomment:
        # Without a header entry, polib takes the first entry's translator comment for the
        # file's header comment; give it back to the entry it belongs to.
        entries[0].tcomment = catalog.header
    return [_term(entry, str(path)) for entry in entries]


def read_catalog(path: str | Path) -> tuple[str, polib.POFile]:
    """A PO file's text and polib catalog, after the checks polib lacks (charset, line ends, syntax, escapes)."""
    data = read_bytes(path)
    _check_charset(data, str(path))
    text = decode(data, shown_name(path))
    _check_line_breaks(text, str(path))
    _check_syntax(text, str(path))
    try:
        return text, polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        message = str(exc).replace("Syntax error in po file", "PO syntax error").replace(" (mode str)", "")
        line = _line_from_polib(message)
        raise TermFileError(
            "PO syntax error" if line else message,
            path=path,
            line=line,
            hint='each entry needs msgid "…" then msgstr "…", strings in double quotes',
        ) from exc


def _has_header_entry(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("msgid"):
            return stripped.replace(" ", "") == 'msgid""'
    return False


# Term files are UTF-8 (glossmt writes them so, and `glossary merge` adds UTF-8 text to them). A PO
# header declaring another charset is refused rather than honoured: honouring it on read would leave
# every writer to honour it too, and one that did not would mix two encodings in one file.
# CHARSET is xgettext's unfilled placeholder; ASCII is UTF-8's subset.
_CHARSET = re.compile(rb'^\s*(?:msgstr\s+)?"Content-Type:[^"]*?charset=([^"\\\s;]+)', re.IGNORECASE)
_READ_AS_UTF8 = frozenset({"utf-8", "ascii", "charset"})


def _check_charset(data: bytes, path: str) -> None:
    """Refuse a header entry (the first, ``msgid ""``) whose Content-Type declares a charset other than UTF-8."""
    lines = data.split(b"\n")
    first = next((i for i, line in enumerate(lines) if line.lstrip().startswith(b"msgid")), None)
    if first is None or lines[first].replace(b" ", b"").strip() != b'msgid""':
        return
    for number in range(first, len(lines)):
        if not lines[number].strip():
            return  # the header entry ends at its first blank line
        found = _CHARSET.match(lines[number])
        if found is None:
            continue
        declared = found.group(1).decode("ascii", errors="replace")
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = declared.lower()
        if name not in _READ_AS_UTF8:
            shown = shown_name(path)
            raise TermFileError(
                f"declares charset={declared}",
                path=path,
                line=number + 1,
                hint=f"term files are UTF-8: convert it with msgconv --to-code=UTF-8 {shown} -o {shown}",
            )


# What str.splitlines() (and so polib) takes for a line end besides \n and \r: inside a PO string it
# would cut the string in two. A PO string can write \v and \f as escapes; the others not at all.
_LINE_BREAKS = {
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\x1c": "",
    "\x1d": "",
    "\x1e": "",
    "\x85": "",
    "\u2028": "",
    "\u2029": "",
}
_LINE_BREAK = re.compile("[" + "".join(_LINE_BREAKS) + "]")


def _check_line_breaks(text: str, path: str) -> None:
    found = _LINE_BREAK.search(text)
    if found is None:
        return
    char = found.group()
    escape = _LINE_BREAKS[char]
    raise TermFileError(
        f"holds U+{ord(char):04X} ({unicodedata.name(char, 'a control character')}), which PO tools read as a line end",
        path=path,
        line=text.count("\n", 0, found.start()) + 1,
        hint=f"write it as {escape} or remove it" if escape else "remove it",
    )


_KEYWORD_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*)$')
_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"\s*$')
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = frozenset('\\"ntrvbf')  # what PO tools (and polib) read back; any other stays a backslash and a letter


def _check_syntax(text: str, path: str) -> None:
    """Catch what polib silently accepts: unquoted or unterminated strings, stray lines, a second header."""
    hint = 'strings are written in double quotes: msgid "…", then msgstr "…"; a quote inside is \\"'
    empty_msgids = 0
    msgid_at = None  # the line of a msgid still waiting for its msgstr
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword = _KEYWORD_LINE.match(line)
        string = keyword.group(2) if keyword else line
        if not (keyword or line.startswith('"')):
            raise TermFileError(f"PO syntax error: unexpected {line[:40]!r}", path=path, line=number, hint=hint)
        if not _STRING.match(string):
            raise TermFileError("PO syntax error: unterminated or unquoted string", path=path, line=number, hint=hint)
        bad = next((m.group() for m in _ESCAPE.finditer(string) if m.group(1) not in _ESCAPES), None)
        if bad is not None:
            raise TermFileError(
                f"PO syntax error: invalid escape {bad}",
                path=path,
                line=number,
                hint='PO strings know \\n \\t \\r \\" and \\\\; write a backslash as \\\\',
            )
        if keyword and keyword.group(1) in ("msgctxt", "msgid") and msgid_at is not None:
            raise TermFileError("entry has no msgstr", path=path, line=msgid_at, hint='add msgstr "…" after its msgid')
        if keyword:
            msgid_at = number if keyword.group(1) == "msgid" else None
        if keyword and line.startswith("msgid ") and string.strip() == '""':
            empty_msgids += 1
            if empty_msgids > 1:
                raise TermFileError(
                    'an empty msgid "" is only allowed once, for the header',
                    path=path,
                    line=number,
                    hint="write the Chinese form in msgid, or remove the entry",
                )
    if msgid_at is not None:
        raise TermFileError("entry has no msgstr", path=path, line=msgid_at, hint='add msgstr "…" after its msgid')


def _line_from_polib(message: str) -> int | None:
    marker = "(line "
    if marker in message:
        digits = message.split(marker, 1)[1].split(")", 1)[0]
        if digits.isdigit():
            return int(digits)
    return None


def _term(entry: polib.POEntry, path: str) -> Term:
    # polib numbers entries from their first line; a first entry whose comments it took for a
    # header comment (no header entry) gets 0, and it starts on line 1.
    origin = Origin(path, entry.linenum or 1)
    if entry.msgid_plural:
        raise TermFileError("plural entries are not terms", path=path, line=origin.line, hint="remove msgid_plural")
    fields = _parse_extracted(entry.comment, origin)
    kind = term_type(fields.get("type", [""])[-1], origin)
    avoid, accept, safe_fix = (
        tuple(a for line in fields.get(key, []) for a in split_list(line)) for key in ("avoid", "accept", "safe-fix")
    )
    return Term(
        source=entry.msgid,
        target=entry.msgstr,
        concept=entry.msgctxt or entry.msgstr or entry.msgid,
        type=kind,
        avoid=avoid,
        accept=accept,
        safe_fix=safe_fix,
        note="\n".join(fields.get("note", [])),
        sources=tuple(fields.get("source", [])),
        draft="fuzzy" in entry.flags,
        comment=entry.tcomment or "",
        origin=origin,
    )


def _parse_extracted(comment: str, origin: Origin) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for line in comment.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or key not in FIELDS:
            raise TermFileError(
                f"unknown extracted comment '#. {line}'",
                path=origin.path,
                line=origin.line,
                hint=(
                    "write '#. type: …', '#. avoid: a; b', '#. accept: a; b', '#. note: …' or '#. source: …';"
                    " free text goes in a '# ' comment"
                ),
            )
        fields.setdefault(key, []).append(value.strip())
    return fields


def to_entry(term: Term) -> polib.POEntry:
    """One term as a PO entry: ``#.`` fields, translator comment, fuzzy flag for drafts."""
    lines = []
    if term.type:
        lines.append(f"type: {term.type.value}")
    if term.avoid:
        lines.append("avoid: " + "; ".join(term.avoid))
    if term.safe_fix:
        lines.append("safe-fix: " + "; ".join(term.safe_fix))
    if term.accept:
        lines.append("accept: " + "; ".join(term.accept))
    lines.extend(f"note: {n}" for n in term.note.splitlines() if n.strip())
    lines.extend(f"source: {s}" for s in term.sources)
    return polib.POEntry(
        msgctxt=term.concept,
        msgid=term.source,
        msgstr=term.target,
        comment="\n".join(lines),
        tcomment=term.comment,
        flags=["fuzzy"] if term.draft else [],
    )


def entry_text(term: Term) -> str:
    """One term as PO text (no header), lines unwrapped, ending in a newline."""
    return str(to_entry(term).__unicode__(wrapwidth=0))


def to_catalog(terms: Iterable[Term]) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = dict(HEADER)
    for term in terms:
        catalog.append(to_entry(term))
    return catalog


def dumps_po(terms: Iterable[Term]) -> str:
    return str(to_catalog(terms))


def write_po(terms: Iterable[Term], path: str | Path) -> None:
    """Write terms as one PO file, atomically, keeping their order and comments."""
    atomic_write_text(path, dumps_po(terms))


FORMAT = TermFormat("po", (".po", ".pot"), read=read_po, dumps=dumps_po)
