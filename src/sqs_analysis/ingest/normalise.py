"""Normalised text: one clean line per printed line, furniture and footnotes set aside.

Whatever the source (markdown with inline HTML, HTML, text copied out of a PDF), the parser
sees the same thing: no markup, no page numbers or running headers, footnote markers removed
from the body and footnote text collected separately. Line breaks inside sentences are kept
here and joined by the parser, which knows where paragraphs and bullets begin.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from sqs_analysis.reference.headings import BULLET_CHARS, PAGE_NUMBER

_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_FOOTNOTE_TOKEN = "\u2063"  # invisible separator wraps a footnote number: \u2063N\u2063

# Formatting tags found in copies of reports; anything else that looks like a tag is report
# text and stays as text (it is escaped wherever it is shown).
_FORMATTING_TAG = re.compile(
    r"</?(?:i|b|em|strong|u|span|font|small|big|sub|a|p|div|br|hr)\b[^<>]{0,200}>", re.I
)
_SUP = re.compile(r"<sup>\s*(\d{1,2})\s*</sup>", re.I)
_OTHER_SUP = re.compile(r"</?sup>", re.I)
_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\((?:[^)\s]{1,500})\)")
_MD_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^<>\s]{1,500})>")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])"
)
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-*:?\s*)*\|?\s*$")
# A footnote number glued to the word it annotates: "rate1 for", "cohort2." (not "Q3", "2016"),
_GLUED_DIGIT = re.compile(r"(?<=[a-z]{3})\d{1,2}(?=[\s,.;:)]|$)")
# or in brackets, as some tools write a note's number: "Wales(1).", "36.0%[2]" (looked for only
# in lines with a bracket: a pattern that opens with a look behind is tried at every position)
_BRACKETED_MARKER = re.compile(r"(?:(?<=[a-z]{3})|(?<=%))(?:\(\d{1,2}\)|\[\d{1,2}\])(?=[\s,.;:]|$)")
_FOOTNOTE_START = re.compile(
    r"^\s*" + _FOOTNOTE_TOKEN + r"(\d{1,2})" + _FOOTNOTE_TOKEN + r"\s*(.*)$"
)
_BARE_FOOTNOTE_START = re.compile(
    r"^\s*(?:\(|\[)?(\d{1,2})(?:\)|\])?\s+(?=[A-Z])"
    # a date on a line of its own ("04 November 2015", a header value under its label) is no note
    r"(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}\b)(.*)$"
)
_FOOTNOTE_WORDS = re.compile(r"cohort|Source:|Ministry of Justice|reoffending rate|published", re.I)
_STRUCTURAL = re.compile(
    rf"^\s*(?:[{BULLET_CHARS}]\s*)?(?:\d\.\d{{1,2}}\.?\s|\d\.?\s+[A-Z]|[{BULLET_CHARS}]\s)"
)


@dataclass
class NormalisedText:
    """Body lines (blank strings mark paragraph breaks) and the footnotes set aside."""

    lines: list[str]
    footnotes: list[str] = field(default_factory=list)
    markers: list[int] = field(default_factory=list)
    """Footnote numbers marked in the body, in reading order (markers are gone from ``lines``)."""
    note_numbers: list[int] = field(default_factory=list)
    """The number each of ``footnotes`` starts with, in the same order."""

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def clean_characters(text: str) -> str:
    """Unify characters: superscript footnotes to tokens, odd spaces, ligatures, soft hyphens."""
    if any(ch in text for ch in "¹²³⁴⁵⁶⁷⁸⁹⁰"):
        text = _SUPERSCRIPT_RUN.sub(
            lambda m: _FOOTNOTE_TOKEN + m.group(1).translate(_SUPERSCRIPTS) + _FOOTNOTE_TOKEN, text
        )
    if "<" in text:
        text = _SUP.sub(lambda m: _FOOTNOTE_TOKEN + m.group(1) + _FOOTNOTE_TOKEN, text)
        text = _OTHER_SUP.sub("", text)
    text = text.replace("\u00ad", "").replace("\ufeff", "")
    text = unicodedata.normalize("NFKC", text)
    text = _ODD_SPACES.sub(" ", text)
    return text.replace("\f", "\n\n")


_SUPERSCRIPT_RUN = re.compile(r"([¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000]")
_MARKUP_CHARS = re.compile(r"[<>*_#\[\]|\\]|^\s*-{3,}|^\s*_{3,}")
_ANY_MARKUP = re.compile(_MARKUP_CHARS.pattern, re.M)
"""The same, anywhere in a text: a text with none is taken line by line without looking again."""


def strip_markup(line: str) -> str:
    """Remove markdown and formatting tags from one line, keeping the words."""
    if not _MARKUP_CHARS.search(line):
        return line.rstrip()
    if (_TABLE_SEPARATOR.match(line) and "|" in line) or _MD_RULE.match(line):
        return ""
    line = _FORMATTING_TAG.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_AUTOLINK.sub(r"\1", line)
    line = _MD_HEADING.sub("", line)
    if line.strip().startswith("|"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        line = "\t".join(c for c in cells if c)
    line = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", line)
    line = line.replace("**", "")
    line = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", line)
    return line.rstrip()


_DIGITS = re.compile(r"\d+")
_ANY_DIGIT = re.compile(r"\d")
_TOKEN_MARKER = re.compile(_FOOTNOTE_TOKEN + r"\d{1,2}" + _FOOTNOTE_TOKEN)
_WIDE_SPACE = re.compile(r"[ ]{2,}(?=\S)")
_SPACES = re.compile(r"\s+")


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", _SPACES.sub(" ", line.strip().lower()))


def _could_be_furniture(line: str) -> bool:
    """Running headers and footers are short title-like lines, not sentence fragments."""
    stripped = line.strip()
    return (
        3 <= len(stripped) <= 100
        and len(stripped.split()) >= 2
        and stripped[0].isupper()
        and not stripped.endswith((".", ",", ";", ":"))
        and not _STRUCTURAL.match(stripped)
        and not stripped.lower().startswith("copy to")
    )


def drop_page_furniture(lines: list[str]) -> list[str]:
    """Remove page numbers and running headers/footers (title-like lines repeated on pages).

    A repeated line that first appears among the opening lines is the title, which running
    headers often repeat: its first appearance is kept.
    """
    keys = [_furniture_key(ln) if _could_be_furniture(ln) else None for ln in lines]
    counts = Counter(k for k in keys if k is not None)
    repeated = {key for key, n in counts.items() if n >= 2}
    kept: list[str] = []
    seen: set[str] = set()
    non_blank = 0
    for i, (ln, key) in enumerate(zip(lines, keys, strict=True)):
        stripped = ln.strip()
        if stripped:
            non_blank += 1
        if stripped and PAGE_NUMBER.match(stripped):
            if _numbers_a_footnote(lines, i):
                kept.append(stripped)
            continue
        if key is not None and key in repeated:
            first = key not in seen
            seen.add(key)
            if not (first and non_blank <= 15):
                continue
        kept.append(ln)
    return kept


_LONE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*$")


def _numbers_a_footnote(lines: list[str], i: int) -> bool:
    """Whether the lone number on line ``i`` is a footnote's number set on a line of its own
    (as text copied out of a PDF often has it: "1" above "The reoffending rate ... was
    published ..."), not a page number: a marker of that number stands in the text before it,
    and the line after it opens a note that cites the rate's source."""
    lone = _LONE_NUMBER.match(lines[i])
    if not lone or i + 1 >= len(lines) or not lines[i + 1].strip()[:1].isupper():
        return False
    number = int(lone.group(1))
    if not _FOOTNOTE_WORDS.search(" ".join(lines[i + 1 : i + 3])):
        return False
    return any(number in _markers(ln) for ln in lines[:i])


def set_aside_footnotes(lines: list[str]) -> tuple[list[str], list[str]]:
    """Move footnote paragraphs out of the body; strip footnote markers left in sentences."""
    body, notes, _, _ = _set_aside(lines)
    return body, notes


def _set_aside(lines: list[str]) -> tuple[list[str], list[str], list[int], list[int]]:
    """:func:`set_aside_footnotes`, also giving the footnote numbers marked in the body and
    each footnote's own number, so a marker without its footnote can be told."""
    body: list[str] = []
    notes: list[str] = []
    markers: list[int] = []
    numbers: list[int] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FOOTNOTE_TOKEN not in line and not _ANY_DIGIT.search(line):
            body.append(line)  # no number: neither a note nor a marker (most lines)
            i += 1
            continue
        lone = _LONE_NUMBER.match(line)
        if lone and i + 1 < len(lines) and _numbers_a_footnote(lines, i):
            line = f"{lone.group(1)} {lines[i + 1].strip()}"
            i += 1
        marked = _FOOTNOTE_START.match(line)
        bare = None if marked else _BARE_FOOTNOTE_START.match(line)
        if marked or (bare and _footnote_block_has_words(lines, i)):
            m = marked or bare
            numbers.append(int(m.group(1)))
            parts = [m.group(2).strip()]
            i += 1
            # a footnote runs on over wrapped lines until a blank line or its source line
            while (
                i < len(lines)
                and lines[i].strip()
                and not parts[-1].rstrip().endswith(("Justice", "Justice."))
                and not _STRUCTURAL.match(lines[i])
                and len(parts) < 15
            ):
                parts.append(lines[i].strip())
                i += 1
            notes.append(_strip_markers(" ".join(p for p in parts if p)))
            continue
        markers.extend(_markers(line))
        body.append(_strip_markers(line))
        i += 1
    return body, notes, markers, numbers


def _markers(line: str) -> list[int]:
    """The footnote numbers marked in one body line (the marks :func:`_strip_markers` strips)."""
    found = []
    if _FOOTNOTE_TOKEN in line:
        found = [int(m.group()[1:-1]) for m in _TOKEN_MARKER.finditer(line)]
        line = _TOKEN_MARKER.sub("", line)
    if _ANY_DIGIT.search(line):
        found += [int(m.group()) for m in _GLUED_DIGIT.finditer(line)]
        if "(" in line or "[" in line:
            found += [int(m.group()[1:-1]) for m in _BRACKETED_MARKER.finditer(line)]
    return found


def _footnote_block_has_words(lines: list[str], start: int) -> bool:
    block = " ".join(ln for ln in lines[start : start + 4] if ln.strip())
    return bool(_FOOTNOTE_WORDS.search(block)) and not re.match(r"^\s*\d+\s+cases", block)


def _strip_markers(line: str) -> str:
    if _FOOTNOTE_TOKEN in line:
        line = _TOKEN_MARKER.sub("", line).replace(_FOOTNOTE_TOKEN, "")
    if not _ANY_DIGIT.search(line):
        return line
    if "(" in line or "[" in line:
        line = _BRACKETED_MARKER.sub("", line)
    return _GLUED_DIGIT.sub("", line)


_LONE_NUMBER_MARK = re.compile(r"^\d{1,2}\.(?:\d{1,2}\.?)?$")
"""A paragraph or theme number with its full stop ("2.", "2.1", "2.1.") on a line of its own."""


def join_lone_markers(lines: list[str]) -> list[str]:
    """A bullet or a number printed on a line of its own, its text on the next line that has
    any (as pdftotext writes a Word bullet or list number: the mark, a blank line, the text),
    put back before its text, so each item, paragraph and heading keeps its mark. A column of
    bullets written before their items' text (two or more marks, then the text) goes back
    item by item where the text ends a sentence at a line's end once for each mark."""
    out: list[str] = []
    pending = ""
    i = 0
    while i < len(lines):
        line, stripped = lines[i], lines[i].strip()
        if _lone_bullet(stripped) and (column := _bullet_column(lines, i)):
            out += column[0]
            i, pending = column[1], ""
            continue
        i += 1
        if _lone_bullet(stripped) or _LONE_NUMBER_MARK.match(stripped):
            if pending:  # marks in a column of their own, before the text: left as they are
                out.append(pending)
            pending = stripped
            continue
        if pending and stripped:
            line, pending = f"{pending} {stripped}", ""
        elif pending:
            continue  # the blank line between a mark and its text
        out.append(line)
    return [*out, pending] if pending else out


def _lone_bullet(stripped: str) -> bool:
    return len(stripped) == 1 and stripped in BULLET_CHARS and stripped != "*"


def _bullet_column(lines: list[str], start: int) -> tuple[list[str], int] | None:
    """Items with their bullets, and where the text after them ends, if the bullets from
    ``start`` stand in a column before their items' text; else None."""
    marks, i = [], start
    while i < len(lines) and (_lone_bullet(lines[i].strip()) or not lines[i].strip()):
        marks += [lines[i].strip()] if lines[i].strip() else []
        i += 1
    if len(marks) < 2:
        return None
    items: list[list[str]] = [[]]
    while i < len(lines) and (text := lines[i].strip()) and not _STRUCTURAL.match(text):
        items[-1].append(text)
        if ENDS_SENTENCE.search(text):
            if len(items) == len(marks):
                i += 1
                break
            items.append([])
        i += 1
    if len(items) != len(marks) or not items[-1] or not ENDS_SENTENCE.search(items[-1][-1]):
        return None
    return [f"{mark} {' '.join(item)}" for mark, item in zip(marks, items, strict=True)], i


_GLUED = re.compile(r"(?<=[a-z][.!?])(?=[A-Z][a-z])")
"""A sentence's end with the next word glued to it ("standard.It was"): two paragraphs or list
items whose break was lost (AbiWord writes list items as spans with nothing between them);
within a paragraph a space always follows a full stop."""


def unglue_paragraphs(lines: list[str]) -> list[str]:
    """Each line cut where a sentence's end is glued to the next, the parts apart as paragraphs."""
    out: list[str] = []
    for line in lines:
        if "." in line and _GLUED.search(line):
            for k, part in enumerate(_GLUED.split(line)):
                out += ["", part] if k else [part]
        else:
            out.append(line)
    return out


ENDS_SENTENCE = re.compile(r"[.!?:;)\]\"'’”]\s*$")
"""A line that ends a sentence (or a clause before a list): the text after it starts anew."""


def normalise(raw: str, clean_copy: bool = False) -> NormalisedText:
    """Turn any report text into :class:`NormalisedText`.

    ``clean_copy``: the text is the clean copy a reader made from the document's own layout
    (PDF, Word), with its page furniture already gone and no markup, only report text: markup
    is then not stripped and no line is taken for furniture.
    """
    text = clean_characters(raw)
    marked_up = not clean_copy and _ANY_MARKUP.search(text) is not None
    lines = [strip_markup(ln) for ln in text.split("\n")] if marked_up else text.split("\n")
    if not clean_copy and not marked_up:
        lines = [ln.rstrip() for ln in lines]
    lines = [
        _WIDE_SPACE.sub(lambda m: "\t" if len(m.group()) >= 3 else " ", ln) if "  " in ln else ln
        for ln in lines
    ]
    if not clean_copy:
        lines = join_lone_markers(drop_page_furniture(lines))
    lines = unglue_paragraphs(lines)
    body, notes, markers, numbers = _set_aside(lines)
    # collapse runs of blank lines to one
    out: list[str] = []
    for ln in body:
        if not ln.strip():
            if out and out[-1] == "":
                continue
            out.append("")
            continue
        ln = ln.strip()
        if ln[0].islower() and len(out) > 1 and out[-1] == "" and not ENDS_SENTENCE.search(out[-2]):
            # a sentence broken across two paragraphs (AbiWord closes a paragraph at a
            # footnote's marker; a page break copied as a blank line): one paragraph again
            out.pop()
        out.append(ln)
    while out and out[0] == "":
        out.pop(0)
    return NormalisedText(lines=out, footnotes=notes, markers=markers, note_numbers=numbers)
