"""The words of a clause that belong to one count and judge it.

A sentence may hold several counts, asides and quoted words; a count is judged only by the words
that speak of the cases it counts: its own part of a clause shared with another count, without
a fronted condition or concession ("Where children did not comply, ..."; "Despite the delays,
..."), a reason or the rest counted in passing ("because ...", "with the remainder ..."), a
relative clause that only names the cases ("cases that had a victim"), a hedge ("but not all")
or words quoted from a case record.
"""

from __future__ import annotations

import re

from sqs_analysis.ingest.breaks import clause_around, clause_span
from sqs_analysis.ingest.cues import has as _has
from sqs_analysis.ingest.mentions import OPENER, PEOPLE, Mention, core

_CONCESSION = r"(?:despite|in\s+spite\s+of|notwithstanding|even\s+though|even\s+if)"
"""Words opening a concession ("despite the delays"): what follows does not judge the count."""
_FRONTED = re.compile(rf"^\W*(?:where|when|if|once|whenever|{_CONCESSION})\b[^,]*,", re.I)
"""A fronted condition or concession ("Where children did not comply, the response was
proportionate in nearly every case"; "Despite the delays, ...") names the cases; its words do
not judge them."""
_ASIDE = re.compile(
    r",?\s*(?:(?:often|mainly|usually|mostly|largely)\s+)?because\b.*$"
    r"|,?\s*(?:with|while|and)\s+(?:in\s+)?the\s+(?:remainder|rest|others|remaining\b[^,;]*)\b.*$"
    # "sufficient in most cases despite delays", ", even if they were late": a concession
    rf"|,?\s*{_CONCESSION}\b.*$"
    # "seven to be of good quality and two insufficient": the rest, counted in passing
    r"|\s+and\s+(?:the\s+(?:other|remaining)\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|"
    r"ten)\s+(?:were\s+|was\s+)?(?:not\s+|in)?\w*(?:sufficient|adequate|good|effective)\w*\W*$",
    re.I,
)
_JOIN = re.compile(r",|;|\b(?:and|but|while|whereas|although)\b", re.I)


def _without_aside(text: str) -> str:
    """``text`` without its aside (:data:`_ASIDE`). The pattern may start at any space, so it
    is tried only where the words it needs are there: most clauses have none."""
    low = text.lower()
    if not (
        "because" in low
        or "despite" in low
        or "even " in low
        or "spite" in low
        or "notwithstanding" in low
        or ("the" in low and ("remain" in low or "rest" in low or "others" in low))
        or ("and" in low and any(w in low for w in ("sufficient", "adequate", "good", "effective")))
    ):
        return text
    return _ASIDE.sub(" ", text)


def own_words(sentence: str, mentions: list[Mention], i: int) -> str:
    """The words of a clause that belong to its i-th count when it holds several: "sufficient
    in 12 cases | and insufficient in eight" - split at the last joining word between two
    counts of the same clause."""
    mention = mentions[i]
    clause = clause_span(sentence, mention.start)
    start, end = clause
    for other in (
        mentions[i - 1] if i else None,
        mentions[i + 1] if i + 1 < len(mentions) else None,
    ):
        if other is None or clause_span(sentence, other.start) != clause:
            continue
        left, right = (
            (other.end, mention.start)
            if other.start < mention.start
            else (mention.end, other.start)
        )
        joins = list(_JOIN.finditer(sentence, left, right))
        if not joins:
            continue
        if other.start < mention.start:
            start = max(start, joins[-1].start())
        else:
            end = min(end, joins[-1].start())
    if opens_relative_clause(sentence, mention):
        start = max(start, mention.start)
    # "this was not the case for the risk assessment, which was sufficient in only seven": a
    # count inside a comment on what the clause named judges in the comment's own words
    if _COMMENT_WORDS.search(sentence, start, mention.start) and (
        comment := list(_COMMENT_OPENS.finditer(sentence, start, mention.start))
    ):
        start = comment[-1].start()
    return sentence[start:end]


_COMMENT_WORDS = re.compile(r"\b(?:which|being|with)\b")
_COMMENT_OPENS = re.compile(r",\s*(?:which\s+(?:was|were|had)|being|with)\b")
"""A comment on what the clause named, or a phrase that gives its count ("..., which was
sufficient in only seven", "..., being sufficient in only nine of the 16 cases", "..., with only
two of the 20 lacking detail")."""


_RELATIVE_OPENING = re.compile(r"\b(?:that|which)\s+$", re.I)


def opens_relative_clause(sentence: str, mention: Mention) -> bool:
    """Whether the count is the subject of a relative clause ("the risk of harm that each child
    posed to others"): only that clause's words can judge what it counts."""
    tail = sentence[max(0, mention.start - 8) : mention.start].lower()
    return ("hat" in tail or "hich" in tail) and bool(_RELATIVE_OPENING.search(tail))


_QUOTED = re.compile(r'"[^"]{12,}"|“[^”]{12,}”')
"""A passage of more than a couple of words in double quotation marks."""


_NOT_ALL_HEDGE = re.compile(
    r",\s*(?:but|though|although|if)\s+(?:by\s+no\s+means|not)\s+(?:all|every|always)\b[^,;]*,",
    re.I,
)


def judging_words(mention: Mention, clause: str, own: str | None) -> str:
    """The words that judge the cases a mention counts: the clause without the quantifier, and
    without words quoted from a record ("In one case the inspector wrote, '... nobody had
    checked ...'" illustrates; the quote's words are not the inspectors' verdict)."""
    if '"' in clause or "“" in clause:
        clause = _QUOTED.sub(" ", clause)
        own = _QUOTED.sub(" ", own) if own else own
    if " not " in clause or "no means" in clause:  # "In most, but not all, cases": a hedge
        clause = _NOT_ALL_HEDGE.sub(" ", clause)
        own = _NOT_ALL_HEDGE.sub(" ", own) if own else own
    if "that " in clause or "which " in clause or "who " in clause:
        clause, own = _without_subject_relative(mention, clause, own)
    rest = clause.replace(core(mention), " ")
    # the count's own words decide its polarity where they judge at all ("sufficient in 12
    # cases and insufficient in eight"); else the whole clause ("assessed in all cases and
    # planned for sufficiently in ...")
    own_rest = _FRONTED.sub(" ", (own or clause).replace(core(mention), " "))
    # what follows the count and only says which cases it counts ("cases where the child had
    # not complied"), why ("because they had not ..."), or of the rest ("with the remainder
    # lacking ...") does not judge the cases counted
    narrowed = _without_aside(without_relative(own_rest))
    if _has("negative", narrowed) or _has("positive", narrowed):
        own_rest = narrowed
    if _has("negative", own_rest) or _has("positive", own_rest):
        rest = own_rest
    return rest


def _without_subject_relative(
    mention: Mention, clause: str, own: str | None
) -> tuple[str, str | None]:
    """The clause (and the count's own words) without a relative clause on its subject, where
    the count stands after it: "Assessments that had been completed late were nonetheless of
    good quality in most cases" - the relative clause only says which assessments."""
    subject = _SUBJECT_RELATIVE.match(clause)
    if not subject or mention.start - mention.match.string.find(clause) < subject.end("rel"):
        return clause, own
    cut = subject.span("rel")
    trimmed = f"{clause[: cut[0]]} {clause[cut[1] :]}"
    return trimmed, trimmed if own is None or subject.group("rel") in own else own


_SUBJECT_RELATIVE = re.compile(
    r"^\W*(?:[\w'’-]+\s+){1,4}?(?:that|which|who)\s+"
    r"(?P<rel>(?:had\s+been|have\s+been|has\s+been|were|was|had|have|did)\s+(?:not\s+)?[\w-]+"
    r"(?:\s+(?!(?:were|was)\b)[\w'’-]+){0,4})\s+(?:were|was)\b",
    re.I,
)
"""A relative clause on the subject that opens a clause, up to the clause's own verb."""
_RELATIVE_WORDS = (
    "that", "which", "who", "whose", "where", "with", "before", "after", "until", "when", "once",
)  # fmt: skip
_REPORTING_VERBS = ("considered", "found", "judged", "felt", "noted", "concluded", "thought", "saw")
_RELATIVE_AS_WRITTEN = {
    "which": r"(?<!,\s)which",
    # "we considered that the classification was too low": what inspectors found, not a
    # relative clause naming the cases
    "that": "".join(rf"(?<!\b{verb}\s)" for verb in _REPORTING_VERBS) + "that",
}
RELATIVE = re.compile(
    r"\b(?:"
    + "|".join(_RELATIVE_AS_WRITTEN.get(word, word) for word in _RELATIVE_WORDS)
    + r")\b[^,;]*",
    re.I,
)
"""A relative clause names the group counted ("cases that had an identifiable victim"); it does
not make the count a description of the sample. A clause set off by a comma (", which was too
late") comments on what was counted, and judges it."""


def without_relative(text: str) -> str:
    """``text`` without its relative clauses (:data:`RELATIVE`); most clauses have none, and
    one look at their letters spares them the pattern."""
    low = text.lower()
    if not any(word in low for word in _RELATIVE_WORDS):
        return text
    return RELATIVE.sub(" ", text)


SUBORDINATE_MODAL = re.compile(
    r"\b(?:when|where|as|than|because|which|that)\s+(?:[\w']+\s+){0,2}?(?:should|must|ought)\b[^,;.]*",
    re.I,
)
"""A modal inside a subordinate clause ("the plan had not been reviewed when it should have
been") measures the finding against the standard; it does not make the sentence an
expectation."""


def negation_before(clause: str, sentence: str, mention: Mention) -> bool:
    start = sentence.find(clause)
    return _has("negative", clause[: max(0, mention.start - start)])


_CHILDS_CLAUSE_THEN_AND = re.compile(
    r"\s*,?\s*the\s+(?:child|young\s+person)\s+(?:had|was|did|were)\b[^,;]*?,?\s+and\s+"
    r"(?=[a-z])",
    re.I,
)


def childs_cases_verdict(sentence: str, mention: Mention) -> str:
    """The verdict after a count opening the sentence with a clause about the child ("In four
    cases the child had breached their order, and breach action had been taken promptly"):
    the words after "and", where they judge; empty where there is no such clause."""
    if sentence[: mention.start].strip():
        return ""
    said = _CHILDS_CLAUSE_THEN_AND.match(sentence, mention.end)
    if not said:
        return ""
    verdict = sentence[said.end() :]
    return verdict if _has("positive", verdict) or _has("negative", verdict) else ""


# ------------------------------------------------------- counts of children as the subject

DONE_TO_THEM = re.compile(
    r"\b(?:(?:had|have|has)\s+(?:not\s+)?been|were(?:\s+not)?|was(?:\s+not)?)\s+(?:\w+ly\s+)?(?:[a-z]+ed|seen|given|"
    r"taken|made|kept|met|told|shown|brought|sent)\b",
    re.I,
)
"""Practice done to the children a clause counts ("had been visited", "were seen promptly")."""


def describes_children(mention: Mention) -> bool:
    """Whether a word counting children opens its clause as its subject and the clause says
    what they had or were ("Most children had poor school attendance", "Few children had a
    positive relationship with school"), not what was done for them ("Every child in custody
    had been visited", "Very few children had been referred")."""
    if not people_as_subject(mention):
        return False
    rest = clause_after(mention)
    # "a few children were still without any education three months into their order": a
    # need the work had not yet met
    return not (DONE_TO_THEM.search(rest) or re.search(r"\bstill\b", rest, re.I))


def clause_after(mention: Mention) -> str:
    """The mention's clause from the mention on."""
    clause = clause_around(mention.match.string, mention.start)
    return clause[clause.find(mention.match.group(0)) :]


_CHILD_DOING = re.compile(
    r"\W*(?:were|was)\s+(?:(?:not|still|also|all|both)\s+)?(?!receiving|getting|being|benefit)"
    r"[a-z]+ing\b",
    re.I,
)
"""Children counted as the subject of what they were doing ("were attending school", "were
engaging well"), not of what was done for them ("were receiving support")."""


def people_as_subject(mention: Mention) -> bool:
    """Whether a count of children opens its clause as its subject ("Twelve of the children
    had ..."), so describes who they were, rather than counting where practice was done ("...
    sufficient for 12 of the children")."""
    text = mention.match.group(0)
    if not PEOPLE.search(text) or text.lower().startswith(("in ", "for ")):
        return False
    before = mention.match.string[: mention.start]
    return bool(OPENER.search(before))


def children_doing(mention: Mention) -> bool:
    """Whether a count of children opens its clause as the subject of what they were doing
    ("Eleven of the 15 children were attending school regularly")."""
    if not people_as_subject(mention):
        return False
    after = clause_after(mention)[len(mention.match.group(0)) :]
    return bool(_CHILD_DOING.match(after))


_DONE_BRANCHES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("review", "updat", "assess", "plann", "referr", "record", "consult", "sign", "undertak",
         "deliver", "offer", "address", "consider", "follow", "revis", "continu", "complet",
         "obtain", "shar", "sought", "gather", "request", "check", "monitor"),
        r"\b(?:were|was|had\s+been|been|had)\s+(?:[a-z]+ly\s+)?(?:reviewed|updated|(?:re-?)?assessed(?!\s+as\b)|planned(?:\s+for)?|"
        r"referred|recorded|consulted|countersigned|signed|undertaken|delivered|offered|"
        r"addressed|considered|followed\s+up|revised|continued|completed|obtained|shared|sought|"
        r"gathered|requested|checked|monitored)\b",
    ),
    # "Case managers had, in the main, used information from education and health"
    (("information",), r"\bused\s+(?:the\s+|all\s+(?:the\s+)?|relevant\s+|this\s+)?information\b"),
    # "accommodation had been arranged before release", "planning had started early"
    (
        ("arranged", "in place", "set up"),
        r"\b(?:were|was|had\s+been|been)\s+(?:[a-z]+ly\s+)?(?:arranged|put\s+in\s+place|set\s+up)\b",
    ),
    (
        ("started", "begun"),
        r"\b(?:planning|work|interventions?|contact|supervision)\b[^,;.]{0,30}?\bhad\s+(?:started|begun)\b",
    ),
    # "Liaison with social care occurred in only 61 per cent of these cases": practice that
    # happened (never "reoffending occurred": an outcome, not practice)
    (
        ("occurred",),
        r"\b(?:liaison|contact|visits?|meetings?|reviews?|supervision|planning|assessments?|"
        r"oversight|referrals?|communication|discussions?|work)\b[^,;.]{0,60}?\boccurred\b",
    ),
    # "Where breach action was necessary, it had been taken in each of the five cases"
    (("taken",), r"\b(?:action|steps|it)\s+(?:was|were|had\s+been|has\s+been)\s+taken\b"),
    # "Contact with the victim had been made in five of the seven cases", "Home visits had
    # been carried out in fewer than half of the cases"
    (
        ("made", "carried", "held"),
        r"\b(?:contact|visits?|referrals?|arrangements?|meetings?|checks?)\b[^,;.]{0,40}?\b(?:was|were|had\s+been)\s+(?:made|carried\s+out|held)\b"
        r"|\b(?:made|had\s+made)\s+(?:a\s+|an\s+)?(?:referrals?|contact|visits?|arrangements?)\b",
    ),
    # "the YOS attended court in all instances": the service (or its staff) did it
    (
        ("attended", "visited", "contacted", "liaised"),
        r"\b(?:YOS|YOT|service|case\s+managers?|workers?|staff|officers?|practitioners?)\s+"
        r"(?:had\s+)?(?:attended|visited|contacted|liaised)\b",
    ),
    # "the first appointment was within five days of sentence": a timescale met
    (
        ("within",),
        r"\bwithin\s+(?:the\s+)?(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|"
        r"twenty)\s+(?:working\s+)?(?:days?|hours?|weeks?)\b",
    ),
)  # fmt: skip
_DONE = tuple((words, re.compile(pattern, re.I)) for words, pattern in _DONE_BRANCHES)


def done_in(text: str) -> bool:
    """Whether ``text`` reports practice as done ("were reviewed", "had been updated", "had
    referred", "was continued", "contact occurred"): how often, or in how many cases, it was
    done is a verdict on practice. Completing, preparing or providing a report is not here:
    that describes the sample (who had a report). Each pattern is tried only where a word it
    cannot match without stands in the text."""
    low = text.lower()
    return any(
        any(word in low for word in words) and pattern.search(text) for words, pattern in _DONE
    )


_HAD_ONE = re.compile(
    r"\b(?:had|received|was\s+given|were\s+given|got)\s+(?:one|them|it|this|such\s+an?\s+[a-z-]+)\b"
    r"|\b(?:did\s+not|didn['’]t)\s+(?:have|receive|get)\s+(?:one|them|it|this)\b"
    r"|\b(?:lacked|was\s+without|were\s+without)\s+(?:one|it|this)\b",
    re.I,
)
_NEEDED = re.compile(
    r"\b(?:needed|needing|needs?|required|requiring|requires?|warranted|called\s+for|"
    r"(?:was|were)\s+(?:necessary|needed|required)|merited|eligible)\b",
    re.I,
)


def had_what_was_needed(sentence: str, rest: str) -> bool:
    """Whether the count's words say the cases had what the sentence says they needed ("Of the
    ten cases that required a referral, seven had one"; "Twelve needed a safety plan, but only
    eight had one"): the practice was done (or, "did not have one", not done) in that many."""
    had = _HAD_ONE.search(rest)
    if not had:
        return False
    where = sentence.find(had.group(0))
    return bool(_NEEDED.search(sentence, 0, where if where >= 0 else len(sentence)))


_CONTAINED = re.compile(r"\b(?:contained|included|covered)\b", re.I)
_RECORD_CONTAINING = re.compile(
    r"\b(?:plans?|assessments?|reports?|reviews?|records?)\b[^,;.]{0,40}?\b(?:contained|included|covered)\b",
    re.I,
)


def record_contained(sentence: str, rest: str) -> bool:
    """Whether the count's words say what the plans, assessments or reports it counts held
    ("Just two of the 15 plans contained contingency arrangements"): what the work covered,
    a verdict on it."""
    return bool(_CONTAINED.search(rest) and _RECORD_CONTAINING.search(sentence))


_HAD_THE_WORK = re.compile(
    r"\s*(?:(?:we|inspectors|they)\s+(?:looked\s+at|read|saw|inspected|examined)\s+)?(?:also\s+|all\s+)?"
    r"had\s+(?:a|an)\s+(?:(?!care\b)[\w-]+\s+){0,3}?(?:assessments?|plans?|reviews?)\b",
    re.I,
)
"""The cases a count opens its clause with had the work ("Every case we looked at had an initial
assessment"): the practice was there."""


def practice_done(sentence: str, rest: str, after: int | None = None) -> bool:
    """Whether the count's words say practice was done (how often, or in how many cases, it
    was done is a verdict on practice): :func:`done_in`, what was needed had, what the
    plans counted contained, or (``after`` the count, as its subject) had the work."""
    return bool(
        done_in(rest)
        or had_what_was_needed(sentence, rest)
        or record_contained(sentence, rest)
        or (after is not None and _HAD_THE_WORK.match(sentence, after))
    )
