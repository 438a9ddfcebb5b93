"""Words shaped like a count that count no cases: a pronoun after a quantifier ("half these"),
"both" joining two things, "In all," meaning altogether, and a universal that names whom the
work aims at ("work to make each child ..."). :func:`.mentions.find_mentions` drops them.
"""

from __future__ import annotations

import re


def counts_nothing(kind: str, m: re.Match[str]) -> bool:
    """Whether a match of ``kind`` only looks like a count of cases."""
    return (
        _is_pronoun_only(kind, m)
        or _correlative(kind, m)
        or _altogether(kind, m)
        or _aimed_at(kind, m)
    )


def _is_pronoun_only(kind: str, m: re.Match[str]) -> bool:
    # "them/those/these" count only straight after "of" ("all of them"), never after other words
    if kind not in ("word", "fraction"):
        return False
    noun = ((m.group("noun") if "noun" in m.re.groupindex else None) or "").lower()
    if noun not in ("them", "those", "these"):
        return False
    # "half of these" counts within the group named before; "half these" counts nothing
    return not (kind == "fraction" and re.search(r"\bof\s+$", m.string[: m.start("noun")]))


def _altogether(kind: str, m: re.Match[str]) -> bool:
    """Whether "In all," (or "All in all,") opens the sentence as "altogether" ("In all, 14 of
    the 20 plans were sufficient"), counting nothing itself."""
    if kind != "in_group" or (m.group("word") or "").lower() != "all":
        return False
    opening = m.string[: m.start()].strip().lower() in ("", "all")  # "All in all, ..."
    return opening and m.string[m.end() :].lstrip().startswith(",")


_INFINITIVE_BEFORE = re.compile(r"\bto\s+(?!be\b)[a-z]+\s+$", re.I)


def _aimed_at(kind: str, m: re.Match[str]) -> bool:
    """Whether a universal is the object of an infinitive ("Work to make each child less
    likely to reoffend was done well enough 66% of the time"; "efforts to engage every young
    person"): whom the work aims at, not how many cases it reached."""
    if kind != "word" or (m.group("word") or "").lower() not in ("each", "every", "all"):
        return False
    return bool(_INFINITIVE_BEFORE.search(m.string, max(0, m.start() - 30), m.start()))


def _correlative(kind: str, m: re.Match[str]) -> bool:
    """Whether "both" joins two things ("Both assessment and planning were good") rather than
    counting two cases: a singular noun follows it."""
    if kind != "word" or (m.group("word") or "").lower() != "both":
        return False
    noun = (m.group("noun") or "").lower()
    return bool(noun) and not noun.endswith("s") and noun not in ("children", "people")
