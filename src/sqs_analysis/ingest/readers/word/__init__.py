"""A Word (.docx) copy of a letter, read with python-docx, as the text of a clean copy.

The body is read in document order, paragraphs and tables alike, each paragraph as one line with
a blank line between them and each table row as its cells joined by tabs, as the parser
(:mod:`sqs_analysis.ingest.normalise` first) expects. The text is what Word shows with every
tracked change accepted, each text box read once where it is anchored, field results without
their codes: the rules for runs and paragraphs are in :mod:`.wordml`. This module reads the
package and its parts:

* **Headers and footers** are parts of their own, never the body: running titles, letterheads
  and page numbers cannot be mixed into the text. One exception, decided by structure: a
  paragraph of a printed footer (the default footer, the first page's when the section has a
  different first page, the even pages' when the document has them) that is a numbered note
  (a superscript or plain number, then text) whose number stands as a superscript marker in
  the body is that marker's footnote, typed into the footer instead of made a footnote. It is
  kept like one (``¹ The reoffending rate ...``). Field results (page numbers) never count as
  a note's number, and a real footnote with the same number wins.
* **Footnotes** (``word/footnotes.xml``, which python-docx does not model, read from its package
  part) are kept as footnotes: each reference in the body becomes its number as a superscript
  (``rate¹``) and the footnote's text follows the letter on a line of its own (``¹ The
  reoffending rate ...``), as in a careful text copy. Endnotes likewise. A digit raised by a
  character style (Word's "Footnote Reference") is a superscript like one raised directly.
* **List numbering.** A paragraph numbered by Word's own list numbering (``w:numPr`` on the
  paragraph or its style) gets the number Word would print, rebuilt from ``numbering.xml``:
  counters per list and level, start values and overrides, the level's text (``%1.%2.``) and
  number format (decimal, letters, roman numerals, bullets), lower levels restarting after a
  higher one. Bullets become "•". Numbers typed into the text are text like any other. A
  paragraph deleted or moved away (tracked) is not counted.
* Comments (``word/comments.xml``) are never read.

Old binary Word files (``.doc``) are not read; the dispatch (:mod:`sqs_analysis.ingest.readers`)
refuses them with a reason.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from sqs_analysis.ingest.readers.word.wordml import SUPERSCRIPT, Story, W
from sqs_analysis.ingest.readers.word.wordml import val as _val

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""Largest total size of a .docx's parts once unzipped; anything larger is not a letter."""
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"


class WordError(Exception):
    """The file cannot be read as a Word document; the message says why, in one line."""


@dataclass
class WordText:
    text: str
    warnings: list[str] = field(default_factory=list)


def docx_text(data: bytes) -> WordText:
    """The text of a .docx letter (see the module's rules), or :class:`WordError`."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise WordError(
            "Word file is password-protected or in the old binary .doc format; save it as "
            ".docx without a password, or as PDF"
        )
    if not data.startswith(b"PK"):
        raise WordError("not a Word .docx file (not a zip package); it may be corrupt or mis-named")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise WordError(f"Word document is corrupt or truncated ({exc})") from exc
    if "word/document.xml" not in names:
        raise WordError("not a Word document: the package has no word/document.xml")
    if unpacked > MAX_UNPACKED_BYTES:
        raise WordError(
            f"Word document unpacks to {unpacked / 1e6:.0f} MB, more than the "
            f"{MAX_UNPACKED_BYTES / 1e6:.0f} MB a letter could need; not read"
        )
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        reader = _Reader(document)
        return reader.read()
    except WordError:
        raise
    except (PackageNotFoundError, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise WordError(f"Word document is corrupt ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a broken part
        if type(exc).__module__.startswith("lxml"):
            raise WordError(f"Word document is corrupt (broken XML: {exc})") from exc
        raise


# ------------------------------------------------------------------------------ numbering

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word's letter numbering: a..z, then aa..zz, aaa..
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    """Counter ``n`` in Word's number format ``fmt`` (unknown formats print as decimals)."""
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "\t"


class _Numbering:
    """Word's list numbering: what number each numbered paragraph prints."""

    def __init__(self, numbering, styles) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.style_links: dict[str, str] = {}  # a list defined by a numbering style
        if numbering is not None:
            for abstract in numbering.findall(f"{W}abstractNum"):
                levels = {}
                for lvl in abstract.findall(f"{W}lvl"):
                    level = _Level(
                        start=int(_val(lvl, "start", "1") or 1),
                        fmt=_val(lvl, "numFmt", "decimal") or "decimal",
                        text=_val(lvl, "lvlText", "") or "",
                        suffix={"space": " ", "nothing": ""}.get(_val(lvl, "suff", "tab"), "\t"),
                    )
                    levels[int(lvl.get(f"{W}ilvl", "0"))] = level
                aid = abstract.get(f"{W}abstractNumId")
                self.abstract[aid] = levels
                link = _val(abstract, "numStyleLink")
                if link and not levels:
                    self.style_links[aid] = link
            for num in numbering.findall(f"{W}num"):
                overrides = {}
                for override in num.findall(f"{W}lvlOverride"):
                    start = _val(override, "startOverride")
                    if start is not None:
                        overrides[int(override.get(f"{W}ilvl", "0"))] = int(start)
                self.nums[num.get(f"{W}numId")] = (_val(num, "abstractNumId", "") or "", overrides)
        if styles is not None:
            based: dict[str, str] = {}
            own: dict[str, tuple[str, int]] = {}
            for style in styles.findall(f"{W}style"):
                sid = style.get(f"{W}styleId")
                parent = _val(style, "basedOn")
                if parent:
                    based[sid] = parent
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    own[sid] = (_val(num_pr, "numId", "0") or "0", int(_val(num_pr, "ilvl", "0")))
            for aid, style_id in self.style_links.items():
                num_id = own.get(style_id, ("", 0))[0]
                target = self.nums.get(num_id, ("", {}))[0]
                if target in self.abstract and target != aid:
                    self.abstract[aid] = self.abstract[target]
            for sid in {s.get(f"{W}styleId") for s in styles.findall(f"{W}style")}:
                seen, current = set(), sid
                while current and current not in own and current not in seen:
                    seen.add(current)
                    current = based.get(current)
                if current in own:
                    self.style_num[sid] = own[current]

    def label(self, paragraph) -> str | None:
        """The number (with its separator) Word prints before ``paragraph``, if any."""
        ppr = paragraph.find(f"{W}pPr")
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id, ilvl = None, 0
        if num_pr is not None:
            num_id = _val(num_pr, "numId")
            ilvl = int(_val(num_pr, "ilvl", "0") or 0)
        if num_id is None and ppr is not None:
            style = _val(ppr, "pStyle")
            if style in self.style_num:
                num_id, style_ilvl = self.style_num[style]
                ilvl = style_ilvl if num_pr is None else ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(abstract_id, {})
        start = overrides.get(ilvl, level.start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return "•" + (level.suffix or " ")

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            lvl = levels.get(k, _Level())
            value = counters.get(k, overrides.get(k, lvl.start))
            return format_number(value, lvl.fmt if k != ilvl else level.fmt)

        text = re.sub(r"%(\d)", number, level.text)
        return (text + level.suffix) if text else None


# ------------------------------------------------------------------------------ the letter

_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_BODY_MARKER = re.compile(f"(?<=\\S)([{_SUPERSCRIPT_DIGITS}]+)")
_NOTE_LINE = re.compile(
    rf"^\s*(?:(?P<raised>[{_SUPERSCRIPT_DIGITS}]+)[.)]?\s*|(?P<plain>\d{{1,2}})[.)]?[ \t]+)"
    r"(?P<text>\S.*)$",
    re.S,
)


def _number(marker: str) -> int:
    return int(marker.translate(str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789")))


def _superscript_styles(styles) -> frozenset[str]:
    """Character styles that raise their text (Word's "Footnote Reference" among them)."""
    if styles is None:
        return frozenset()
    own: dict[str, str | None] = {}
    based: dict[str, str] = {}
    for style in styles.findall(f"{W}style"):
        sid = style.get(f"{W}styleId")
        own[sid] = _val(style.find(f"{W}rPr"), "vertAlign")
        parent = _val(style, "basedOn")
        if parent:
            based[sid] = parent
    raised = set()
    for sid in own:
        seen, current = set(), sid
        while current in own and own[current] is None and current not in seen:
            seen.add(current)
            current = based.get(current)
        if own.get(current) == "superscript":
            raised.add(sid)
    return frozenset(raised)


class _Reader:
    def __init__(self, document) -> None:
        self.document = document
        part = document.part
        numbering = part.numbering_part.element if _has_rel(part, "numbering") else None
        styles = document.styles.element
        self.numbering = _Numbering(numbering, styles)
        self.raised_styles = _superscript_styles(styles)
        self.notes: dict[str, dict[str, str]] = {"footnote": {}, "endnote": {}}
        self.note_numbers: dict[tuple[str, str], int] = {}
        for kind, reltype in (("footnote", FOOTNOTES), ("endnote", ENDNOTES)):
            for rel in part.rels.values():
                if rel.reltype == reltype and not rel.is_external:
                    self.notes[kind] = self._read_notes(rel.target_part.blob, kind)

    def _note_number(self, kind: str, note_id: str) -> int:
        return self.note_numbers.setdefault((kind, note_id), len(self.note_numbers) + 1)

    def _story(self, numbered: bool = False, field_results: bool = True) -> Story:
        label = self.numbering.label if numbered else (lambda p: None)
        return Story(label, self._note_number, self.raised_styles, field_results)

    def _read_notes(self, blob: bytes, kind: str) -> dict[str, str]:
        from lxml import etree

        root = etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False))
        notes = {}
        for note in root.findall(f"{W}{kind}"):
            if note.get(f"{W}type") not in (None, "normal"):
                continue  # separators
            lines: list[str] = []
            self._story().blocks(note, lines)
            notes[note.get(f"{W}id")] = " ".join(p.strip() for p in lines if p.strip())
        return notes

    def read(self) -> WordText:
        lines: list[str] = []
        self._story(numbered=True).blocks(self.document.element.body, lines)
        notes: dict[int, str] = {}
        for (kind, note_id), number in self.note_numbers.items():
            text = self.notes[kind].get(note_id)
            if text:
                notes[number] = text
        markers = {_number(m) for line in lines for m in _BODY_MARKER.findall(line)}
        for number, text in self._footer_notes():
            if number in markers:
                notes.setdefault(number, text)
        lines += [f"{str(n).translate(SUPERSCRIPT)} {text}" for n, text in sorted(notes.items())]
        return WordText("\n\n".join(line for line in lines if line.strip()))

    def _footer_notes(self) -> list[tuple[int, str]]:
        """Numbered notes typed into the footers Word prints (a note set in the first page's
        footer instead of as a footnote): (number, text). Page numbers and other field
        results are not read, so a footer's page number is never taken for a note's."""
        found = []
        for footer in self._printed_footers():
            lines: list[str] = []
            self._story(field_results=False).blocks(footer, lines)
            for line in lines:
                m = _NOTE_LINE.match(line)
                if m and re.search(r"[^\W\d_]{2}", m["text"]):
                    found.append((_number(m["raised"] or m["plain"]), " ".join(m["text"].split())))
        return found

    def _printed_footers(self) -> list:
        """The footer parts that appear on some page: each section's own default footer, its
        first-page footer if the section has a different first page, its even-page footer
        if the document has different odd and even pages."""
        even = self.document.settings.odd_and_even_pages_header_footer
        seen: list = []
        for section in self.document.sections:
            shown = [section.footer]
            if section.different_first_page_header_footer:
                shown.append(section.first_page_footer)
            if even:
                shown.append(section.even_page_footer)
            for footer in shown:
                if not footer.is_linked_to_previous and footer._element not in seen:
                    seen.append(footer._element)
        return seen


def _has_rel(part, name: str) -> bool:
    return any(rel.reltype.endswith(f"/{name}") for rel in part.rels.values())
