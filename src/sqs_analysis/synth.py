"""Synthetic SQS-style reports with an answer key, for testing the parser and scaling the workbook.

Only two real reports are bundled, while a real user loads every Short Quality Screening report
ever published. This module writes any number of clearly fictional reports, in every format the
parser reads, together with the true value of every field and every judgement they contain. The
texts are composed from how the Inspectorate writes these letters, independently of the parser,
so that the key is an honest answer to check the parser against.

Every file opens with :data:`BANNER` and every area name is invented. Nothing here is ever
written into ``data/raw``.

>>> from pathlib import Path
>>> write_corpus(Path("/tmp/synth"), n_areas=5, years=2, seed=3)  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import random
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqs_analysis.ingest.model import SYNTHETIC_BANNER
from sqs_analysis.reference.names import slugify

BANNER = SYNTHETIC_BANNER
KEY_FILE = "answer_key.json"
FORMATS = ("markdown", "text", "pdf", "html")
SUFFIXES = {"markdown": ".md", "text": ".txt", "pdf": ".pdf", "html": ".html"}
FIRST_YEAR = 2012
FOOTNOTE_MARK = "\x00FN\x00"  # where a renderer puts the footnote reference


def _words(text: str) -> tuple[str, ...]:
    """A tuple of the space-separated words of ``text`` (keeps long word lists compact)."""
    return tuple(text.split())


MONTHS = _words(
    "January February March April May June July August September October November December"
)
NUMBER_WORDS = _words(
    "none one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)

DOMAINS = {
    1: "reducing_reoffending",
    2: "protecting_the_public",
    3: "protecting_the_child",
    4: "ensuring_sentence_served",
}
SERVICE_NAMES = {
    "YOS": "Youth Offending Service",
    "YOT": "Youth Offending Team",
    "YJS": "Youth Justice Service",
}


# --------------------------------------------------------------------------------------------
# Quantifier wordings: when the Inspectorate would use each one, and what a reader may take it
# to mean. ``usage`` bounds the true share of cases for which the generator writes the words;
# ``accept`` is the range a parser's estimate must fall in (always widened to hold the truth).
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """A verbal quantifier and the shares of cases it describes."""

    name: str
    forms: tuple[str, ...]
    usage: tuple[float, float]
    accept: tuple[float, float]
    negative_only: bool = False
    positive_only: bool = False


WORDINGS: tuple[Wording, ...] = (
    Wording("nearly all", ("nearly all", "almost all"), (0.85, 0.99), (0.85, 0.99)),
    Wording("well over three-quarters", ("well over three-quarters",), (0.8, 0.9), (0.78, 0.92)),
    Wording("most", ("most",), (0.6, 0.85), (0.6, 0.9), positive_only=True),
    Wording("the majority", ("the majority",), (0.51, 0.8), (0.5, 0.9), positive_only=True),
    Wording("three-quarters", ("three-quarters",), (0.74, 0.76), (0.72, 0.78)),
    Wording(
        "nearly three-quarters",
        ("nearly three-quarters", "almost three-quarters"),
        (0.68, 0.74),
        (0.65, 0.75),
    ),
    Wording("two-thirds", ("two-thirds",), (0.65, 0.69), (0.62, 0.7)),
    Wording(
        "almost two-thirds", ("almost two-thirds", "nearly two-thirds"), (0.58, 0.65), (0.55, 0.67)
    ),
    Wording("just over half", ("just over half",), (0.51, 0.6), (0.5, 0.62)),
    Wording("half", ("half",), (0.5, 0.5), (0.48, 0.52)),
    Wording("just under half", ("just under half",), (0.4, 0.49), (0.38, 0.5)),
    Wording("less than half", ("less than half", "fewer than half"), (0.3, 0.49), (0.25, 0.5)),
    Wording("one-third", ("one-third", "a third"), (0.3, 0.37), (0.29, 0.38)),
    Wording("a quarter", ("a quarter",), (0.22, 0.28), (0.2, 0.3)),
    Wording("a few", ("a few",), (0.05, 0.2), (0.05, 0.25), negative_only=True),
)
#: Every quantifier name the generator can write (the ``quantifier`` field of the key).
QUANTIFIER_NAMES = (
    "all",
    "none",
    "all but one",
    "N of M",
    "only N of M",
    *(w.name for w in WORDINGS),
)

#: How the sampled group is named after a quantifier, by scope of the finding.
GROUPS = {
    "whole": ("the cases sampled", "the cases we looked at", "the cases inspected", "the sample"),
    "relevant": ("the relevant cases", "the relevant cases sampled", "the applicable cases"),
}
BARE_GROUPS = {"whole": "cases", "relevant": "relevant cases"}


# --------------------------------------------------------------------------------------------
# The inspection framework as the letters write it: one topic per numbered paragraph.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """One kind of numbered paragraph: what is judged, how the letter phrases it."""

    key: str
    domain: int
    scope: str  # whole | relevant | psr | custody
    base: float  # typical share of cases with sufficient practice
    intros: tuple[str, ...]
    positive: tuple[str, ...]  # templates with {q}: the quantified group ("in {q}")
    negative: tuple[str, ...] = ()  # clauses describing deficient practice
    good: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()
    presence: float = 1.0  # chance the paragraph appears
    low_positive: tuple[str, ...] = ()  # templates only used for poor results


TOPICS: tuple[Topic, ...] = (
    Topic(
        "assess_reoffending",
        1,
        "whole",
        0.8,
        intros=(
            "",
            "We expect to see a thorough assessment of the factors linked to the child or young "
            "person's offending.",
        ),
        positive=(
            "The initial assessment of the child or young person was found to be sufficient "
            "in {q}.",
            "The assessment of the likelihood of reoffending was sufficient in {q}.",
            "Initial assessments of the factors linked to offending were of a good standard "
            "in {q}.",
        ),
        negative=(
            "the case manager had not identified the factors linked to offending behaviour",
            "the assessment did not draw on information held by other agencies",
        ),
        good=(
            "Case managers had obtained a wide range of information from various sources to "
            "build a picture of the individual's life and circumstances.",
            "This included efforts to seek the views of parents/carers and the child or young "
            "person.",
            "The case managers we interviewed had a very good understanding of the child or "
            "young person's behaviour.",
        ),
        weak=(
            "Where assessments were insufficient, case managers had not made use of information "
            "held by children's social care and education providers.",
            "Assessments were often completed late, which delayed the start of planned work.",
        ),
        strengths=(
            "Assessments of the child or young person's offending behaviour were thorough and "
            "drew on a wide range of information.",
        ),
        improvements=(
            "Assessments should analyse the factors linked to offending behaviour and draw on "
            "information held by other agencies.",
        ),
    ),
    Topic(
        "reports_to_court",
        1,
        "psr",
        0.85,
        intros=(
            "Pre-sentence or panel reports were provided in {k} of the cases sampled.",
            "Pre-sentence reports or panel reports were provided to the court in {k} of the "
            "cases sampled.",
        ),
        positive=(
            "{G} gave a sufficient assessment of the reasons for offending, the risk of harm "
            "posed to others and clear recommendations for alternatives to custody.",
            "{G} were well-written, providing a clear outline of offending behaviour and the "
            "risk of harm the child or young person posed to others.",
        ),
        good=(
            "There was evidence that the reports had been quality assured before they were "
            "submitted to the courts.",
            "Where a child or young person was at risk of custody, a member of staff from the "
            "{svc} attended court, which was entirely appropriate.",
        ),
        weak=("Reports were not always quality assured before they were submitted to the courts.",),
        strengths=(
            "Good quality reports provided the courts with relevant information to assist "
            "sentencing.",
            "Services provided to the court, particularly pre-sentence and panel reports, were "
            "of a high standard.",
        ),
        improvements=(
            "Pre-sentence reports should be quality assured so that they give the court a clear "
            "analysis of offending and risk of harm.",
        ),
    ),
    Topic(
        "plan_reoffending",
        1,
        "whole",
        0.7,
        intros=(
            "Following on from the assessment, we expect to see a plan of work to help reduce "
            "the likelihood of reoffending.",
        ),
        positive=(
            "Planning was good in {q}.",
            "Plans to reduce reoffending were sufficient in {q}.",
            "We found that planning to reduce reoffending was sufficient in {q}.",
        ),
        negative=(
            "the plan did not address the most important factors linked to offending",
            "the plans were not sequenced and did not have a clear priority attached to them",
        ),
        good=(
            "We saw examples where case managers had worked hard to engage the child or young "
            "person to produce an individual plan.",
            "Plans were written in language that the child or young person could understand.",
        ),
        weak=(
            "Plans were often generic and lacked detail and clarity.",
            "The formal language used in plans was not always accessible to the child or young "
            "person.",
        ),
        strengths=(
            "Plans to reduce reoffending were individual to the child or young person and "
            "written in language they could understand.",
        ),
        improvements=(
            "Plans should be clear, concise and sequenced in order of priority.",
            "Plans should focus on the factors most closely linked to offending behaviour.",
        ),
    ),
    Topic(
        "review_reoffending",
        1,
        "whole",
        0.62,
        intros=("", "We expect assessments and plans to be reviewed when circumstances change."),
        positive=(
            "Reviews were sufficient in {q}.",
            "Assessments and plans had been reviewed sufficiently in {q}.",
            "Reviews of the plan to reduce reoffending were of a good standard in {q}.",
        ),
        negative=(
            "the plan had not been reviewed following a significant change in circumstances",
        ),
        good=(
            "Work to address offending behaviour was well recorded on the case record.",
            "Reviews were completed on time and took account of the views of the child or young "
            "person.",
        ),
        weak=(
            "Recording of interventions and significant events was not always captured on the "
            "contact log.",
            "Management oversight was not always effective in {ensuring} plans were reviewed on "
            "time.",
        ),
        strengths=(
            "Reviews of assessments and plans were timely and reflected changes in the child or "
            "young person's circumstances.",
        ),
        improvements=(
            "Plans should be kept under review and updated in response to any significant change "
            "of circumstances.",
            "Recording on the contact log should be consistent and include key decision-making "
            "and activity of all {svc} staff contributing to the sentence plan.",
        ),
    ),
    Topic(
        "custody_reoffending",
        1,
        "custody",
        0.7,
        intros=(
            "{K} of the children or young people in the sample were sentenced to custody.",
            "{K} of the children and young people whose cases we examined were serving a "
            "custodial sentence.",
        ),
        positive=(
            "Assessment and planning for the custodial part of the sentence was sufficient in {g}.",
            "Planning for release from custody was sufficient in {g}.",
        ),
        good=(
            "Case managers kept in regular contact with the secure establishment throughout the "
            "custodial part of the sentence.",
        ),
        weak=("Planning for release did not start early enough to secure suitable accommodation.",),
        strengths=(
            "Case managers worked well with secure establishments to plan for release from "
            "custody.",
        ),
        improvements=(
            "Planning for resettlement should start early in the custodial part of the sentence.",
        ),
        presence=0.35,
    ),
    Topic(
        "assess_harm",
        2,
        "whole",
        0.8,
        intros=(
            "We expect to see a detailed assessment of the risk of harm a child or young person "
            "poses to others. This should cover past offending and all relevant behaviour.",
            "We expect to see a detailed assessment of the risk of harm a child or young person "
            "poses to others, including the impact of their behaviour on victims.",
        ),
        positive=(
            "We found that this happened in {q}.",
            "We were pleased to find that this happened in {q}.",
            "The assessment of risk of harm was sufficient in {q}.",
        ),
        negative=(
            "the assessment did not take account of previous behaviour that was relevant to the "
            "risk of harm",
        ),
        good=(
            "Good use was made of home visits, which enabled case managers to understand the "
            "family dynamics and their relevance to the risk of harm to others.",
        ),
        weak=(
            "Where assessments were insufficient, the classification of risk of harm was too low "
            "and was not supported by the evidence.",
        ),
        strengths=(
            "Assessments of the risk of harm to others were thorough and took account of past "
            "behaviour.",
        ),
        improvements=(
            "Assessments of risk of harm should consider past behaviour and the impact on victims.",
        ),
    ),
    Topic(
        "plan_harm",
        2,
        "relevant",
        0.7,
        intros=(
            "Having assessed the risk of harm that the child or young person poses, the {svc} "
            "should put plans in place to manage these risks.",
        ),
        positive=(
            "Plans to address risk of harm were sufficient in {q}.",
            "This was done to a satisfactory standard in {q}.",
            "Risk management plans were of a good standard in {q}.",
        ),
        negative=(
            "the plan did not set out clearly how the risk of harm would be managed",
            "contingency arrangements were missing from the plan",
        ),
        good=(
            "Specialist interventions aimed at providing support in relation to education, "
            "mental health and parenting were well coordinated.",
        ),
        weak=(
            "Plans did not always set out clear contingency arrangements if the risk of harm "
            "increased.",
        ),
        strengths=("Plans to manage risk of harm were well coordinated across agencies.",),
        improvements=("Risk management plans should set out clear contingency arrangements.",),
    ),
    Topic(
        "review_harm",
        2,
        "relevant",
        0.58,
        intros=(
            "Risk management plans should be reviewed regularly to {make_sure} that they are up "
            "to date.",
        ),
        positive=(
            "This was achieved in {q}.",
            "Satisfactory reviews were completed in {q}.",
        ),
        low_positive=("It is of concern that satisfactory reviews were completed in only {q}.",),
        negative=(
            "the plan had not been reviewed following a significant change in circumstances",
        ),
        good=("Reviews were completed promptly when there was a change in circumstances.",),
        weak=(
            "Deficiencies identified related to plans that were not reviewed following a "
            "significant change in circumstances.",
            "Reviews were not completed in a timely fashion.",
        ),
        strengths=("Risk management plans were reviewed promptly when circumstances changed.",),
        improvements=(
            "Risk management plans should be reviewed following any significant change in "
            "circumstances.",
            "Plans should be kept under review and updated in response to any significant change "
            "of circumstances.",
        ),
    ),
    Topic(
        "victims",
        2,
        "relevant",
        0.8,
        intros=(
            "The {svc} understood their role in relation to Multi-Agency Public Protection "
            "Arrangements and contributed effectively.",
            "We expect the safety of victims to be given a high priority.",
        ),
        positive=(
            "Where there was an identifiable victim or potential victim, the risk of harm they "
            "faced had been managed effectively in {q}.",
            "The risk of harm to identifiable victims was managed effectively in {q}.",
        ),
        negative=("the safety of the victim had not been given sufficient priority",),
        good=("Restorative justice work took good account of the wishes of victims.",),
        weak=("Information from victims was not always used to inform the plan.",),
        strengths=("The safety of victims was given a high priority.",),
        improvements=(
            "The safety of victims should be given sufficient priority in plans to manage risk "
            "of harm.",
        ),
    ),
    Topic(
        "oversight_harm",
        2,
        "relevant",
        0.65,
        intros=("We expect managers to oversee work to manage the risk of harm to others.",),
        positive=(
            "Management oversight was effective in {ensuring} the quality of risk of harm work "
            "in {q}.",
        ),
        negative=("management oversight had not identified weaknesses in the risk of harm work",),
        good=(
            "The {svc} had established multi-agency risk review panels within which high risk "
            "cases were reviewed regularly.",
        ),
        weak=("In some cases, delays were attributed to pressure of work and staff absence.",),
        strengths=(
            "Multi-agency risk review panels provided effective oversight of high risk cases.",
        ),
        improvements=(
            "Management oversight should {make_sure} that the quality of assessments and plans "
            "to manage risk of harm, reoffending and vulnerability are sufficient.",
        ),
        presence=0.4,
    ),
    Topic(
        "reports_vulnerability",
        3,
        "psr",
        0.85,
        intros=(
            "Often, children and young people who offend are themselves vulnerable and we expect "
            "to see that their safeguarding needs have been thoroughly assessed and planned for.",
        ),
        positive=(
            "{P} {D} pre-sentence reports contained sufficient information about how the child "
            "or young person's vulnerability linked to their offending.",
        ),
        weak=(
            "On some occasions, however, case managers were not explicit enough in their "
            "explanation to the court of the negative impact that custody would have on a child "
            "or young person.",
        ),
        good=("Reports gave the court a clear picture of the child or young person's needs.",),
        presence=0.6,
    ),
    Topic(
        "assess_vulnerability",
        3,
        "whole",
        0.8,
        intros=(
            "",
            "Often, children and young people who offend are themselves vulnerable and we expect "
            "to see that their safeguarding needs have been thoroughly assessed.",
        ),
        positive=(
            "In {q}, the initial assessment reflected the fact that case managers had taken time "
            "to understand the vulnerabilities of the child or young person.",
            "Case managers had taken time to identify and understand the vulnerabilities of the "
            "child or young person in {q}.",
            "The assessment of vulnerability was sufficient in {q}.",
        ),
        negative=(
            "the assessment had underestimated the level of vulnerability of the child or young "
            "person",
        ),
        good=(
            "This included consideration of their substance misuse, and education, training and "
            "employment needs.",
            "The {svc} was alert to the possibility of child sexual exploitation.",
        ),
        weak=(
            "Where the assessment was insufficient, case managers had not used the information "
            "available to them to gain an accurate picture of emotional and mental health needs.",
        ),
        strengths=(
            "Case managers took time to understand the vulnerabilities of the children and young "
            "people they worked with.",
        ),
        improvements=(
            "Assessments should reflect the emotional and mental health needs of the child or "
            "young person.",
        ),
    ),
    Topic(
        "plan_vulnerability",
        3,
        "relevant",
        0.66,
        intros=("", "We expect to see plans in place to manage the vulnerability identified."),
        positive=(
            "We found that plans to address vulnerability had been completed to a good standard "
            "in {q}.",
            "Plans to manage vulnerability were sufficient in {q}.",
        ),
        negative=(
            "there was no specific action in the plan to address the child or young person's "
            "emotional and mental health needs",
        ),
        good=("Plans were shared with children's social care and were well coordinated.",),
        weak=(
            "Greater attention was required to address the child or young person's emotional and "
            "mental health needs, and substance misuse.",
        ),
        strengths=("Plans to keep children and young people safe were well coordinated.",),
        improvements=(
            "Vulnerability management plans should address emotional and mental health needs "
            "and substance misuse.",
        ),
    ),
    Topic(
        "child_exploitation",
        3,
        "relevant",
        0.8,
        intros=(
            "Similarly, {svc} workers were alert to the possibility of child sexual exploitation.",
        ),
        positive=(
            "They accurately assessed the risk of child sexual exploitation, and put "
            "interventions in place to manage the safety of the child or young person in {q}.",
        ),
        negative=("the risk of child sexual exploitation had not been assessed",),
        good=(
            "Staff worked well with colleagues from children's services and the police to "
            "address concerns of this nature.",
        ),
        weak=("Information from the police was not always sought promptly.",),
        presence=0.3,
    ),
    Topic(
        "review_vulnerability",
        3,
        "whole",
        0.58,
        intros=(
            "Children and young people's safeguarding needs change over time and must, "
            "therefore, be kept under review.",
        ),
        positive=(
            "We found that assessments had been reviewed sufficiently in {q}.",
            "Assessments and plans to manage vulnerability had been reviewed sufficiently in {q}.",
        ),
        low_positive=(
            "We found that assessments and plans had only been reviewed to an acceptable "
            "standard in {q}; timeliness was a major factor here.",
        ),
        negative=(
            "the assessment had not been reviewed following a significant change in circumstances",
        ),
        good=("Reviews took account of new information from partner agencies.",),
        weak=(
            "Where gaps were identified, this most often related to a failure to review the "
            "assessment when the vulnerability of the child or young person had increased.",
        ),
        strengths=(),
        improvements=(
            "Assessments and plans to manage vulnerability should be reviewed when circumstances "
            "change.",
        ),
    ),
    Topic(
        "custody_vulnerability",
        3,
        "custody",
        0.6,
        intros=("",),
        positive=(
            "Of the {k} children and young people sentenced to custody, {g} had a good enough "
            "plan to address safeguarding and vulnerability.",
        ),
        weak=(
            "With one case there was no vulnerability management plan produced, despite the young "
            "person being assessed as high risk of vulnerability.",
        ),
        good=(
            "Information about vulnerability was shared promptly with the secure establishment.",
        ),
        presence=0.35,
    ),
    Topic(
        "diversity",
        4,
        "whole",
        0.82,
        intros=(
            "Case managers took time to get to know the children and young people they were "
            "working with.",
            "Case managers took time to get to know the children and young people that they "
            "worked with and to develop trusting relationships.",
        ),
        positive=(
            "Diversity issues and other potential barriers to engagement had been assessed well "
            "in {q}.",
        ),
        negative=(
            "the plans did not give sufficient attention to the engagement and diversity factors "
            "once they were identified",
        ),
        good=(
            'One inspector noted: "there was evidence that the case manager worked hard to '
            'establish a relationship with the young person".',
        ),
        weak=(
            "Barriers such as learning styles and speech and language needs were not always "
            "reflected in the plan.",
        ),
        strengths=(
            "Case managers understood the diversity needs of children and young people and "
            "adapted their approach.",
        ),
        improvements=(
            "Plans should address the barriers to engagement that are identified in the "
            "assessment.",
        ),
    ),
    Topic(
        "engagement",
        4,
        "whole",
        0.8,
        intros=(
            "",
            "It was evident that case managers viewed parents/carers as essential to the "
            "successful completion of the order.",
        ),
        positive=(
            "There was effective engagement with children and young people and their "
            "parents/carers in {q}.",
            "The child or young person and their parents/carers were sufficiently involved in "
            "the planning in {q}.",
        ),
        negative=(
            "insufficient engagement with parents/carers resulted in plans that did not reflect "
            "their views",
        ),
        good=(
            "Contact logs contained evidence that parents/carers were present during the report "
            "writing stage and were involved in the planning of interventions.",
        ),
        weak=(
            "On some occasions, insufficient engagement with parents/carers resulted in "
            "assessments and plans that did not reflect their views.",
        ),
        strengths=(
            "It was apparent that there was excellent staff commitment to children and young "
            "people and their parents/carers, resulting in more effective interactions.",
        ),
        improvements=("Parents/carers should be involved in assessment and planning.",),
    ),
    Topic(
        "compliance",
        4,
        "whole",
        0.9,
        intros=(
            "Case managers made a consistent and substantial effort to support children and "
            "young people to comply with their sentence.",
        ),
        positive=(
            "In {q} we considered the response by the {svc} to non-compliance was appropriate.",
            "The response to non-compliance was appropriate in {q}.",
        ),
        negative=("non-compliance had not been followed up promptly",),
        good=(
            "If the child or young person failed to attend, compliance meetings were held without "
            "delay to support their engagement rather than immediately resorting to breach "
            "action.",
        ),
        weak=("Absences were not always followed up promptly.",),
        strengths=(
            "There was a good level of support to promote compliance and, when necessary, "
            "enforcement of court orders.",
        ),
        improvements=(
            "Non-compliance should be followed up promptly and recorded on the case record.",
        ),
    ),
    Topic(
        "education",
        4,
        "relevant",
        0.7,
        intros=(
            "",
            "We expect case managers to help children and young people into education, "
            "training or employment.",
        ),
        positive=(
            "Access to education, training and employment was supported effectively in {q}.",
        ),
        negative=("no action had been taken to secure a suitable education placement",),
        good=("Links with local schools and colleges were strong.",),
        weak=("Information from schools was not always obtained.",),
        presence=0.3,
    ),
)
TOPIC_BY_KEY = {t.key: t for t in TOPICS}

GENERAL_STRENGTHS = (
    "It was apparent that there was excellent staff commitment to children and young people and "
    "their parents/carers.",
    "Staff were enthusiastic and experienced and linked well with other agencies.",
    "Staff spoke positively about the support offered by their managers.",
)
GENERAL_IMPROVEMENTS = (
    "Management oversight should {make_sure} that the quality of assessments and plans to "
    "manage risk of harm, reoffending and vulnerability are sufficient.",
    "Recording on the contact log should be consistent and include key decision-making.",
)

SUMMARY_GOOD = (
    "Overall, we found that the {svc} was performing well with enthusiastic and experienced staff.",
    "Case managers linked well with other agencies and were flexible in their approach in order "
    "to achieve positive outcomes.",
    "The {svc} had found a good balance between protecting the public and assuring the safety "
    "and well-being of the children and young people they worked with.",
    "There were no areas of substantial weakness.",
)
SUMMARY_MIXED = (
    "Overall we found a dedicated staff team who had built constructive relationships with "
    "children and young people and their families.",
    "Good links were in place with other agencies and workers had access to a wide range of "
    "resources to help them assess and plan their work.",
    "Some intervention plans lacked focus, and were not always reviewed on time.",
    "Staff spoke positively about the support offered by their managers.",
)
SUMMARY_WEAK = (
    "Overall, we found that the quality of work was not consistently good enough.",
    "Staff were committed to the children and young people they worked with, but assessments "
    "and plans were often completed late and lacked focus.",
    "Management oversight had not been effective in improving the quality of practice.",
    "The {svc} needs to make improvements in its work to protect the public and to keep children "
    "and young people safe.",
)
OPERATIONAL = (
    "We look for evidence that the management oversight has been effective in {ensuring} the "
    "quality of work to address the risk of harm to others and safeguarding.",
    "Overall, staff felt that their managers had the skills to support them and help them "
    "improve the quality of their work; they also felt that their managers were approachable.",
    "We were pleased to find that staff were familiar with local policies and procedures for "
    "managing risk of harm, safeguarding, engagement and compliance. Staff felt that the culture "
    "in the {svc} was positive and encouraging with regards to learning and development.",
    "The {svc} conducted monthly quality audits of a specified number of cases which added a "
    "further level of scrutiny beyond regular line management meetings.",
    "This can take the form of one-to-one sessions between workers and managers, wider meetings "
    "with internal colleagues and the implementation of sound quality assurance processes.",
)

# Invented place-name parts: the areas are fictional but read like English and Welsh authorities.
_STEMS = _words(
    "North Easton Brack Quill Tansy Vetch Sorrel Linnet Plover Mallow Nettle Yarrow Juniper "
    "Heron Umber Kettle Wren Lark Rook Gorse Teasel Rowan Merlin Pewter Cinder Bramble "
    "Thistle Hazel Clover Sparrow Marten Osier Fennel Larch Corvin Ember Sedgel Wyvern "
    "Dunnock Kestle"
)
_ENDINGS = _words(
    "moor ford wick field combe bury ley borough ham stead dale mouth bridge worth by hurst"
)
_RIVERS = ("Wend", "Ouselet", "Lymm", "Tarrow", "Kell")
_FIRST = _words(
    "Margaret David Susan Peter Helen Andrew Ruth Graham Janet Stephen Alison Martin Claire "
    "Neil Fiona Ian Karen Paul Joanne Mark Lesley Simon Gillian Richard Anne Tom Nadia Imran "
    "Bethan Owain"
)
_LAST = _words(
    "Ellery Hartwell Penrose Thackery Moorcroft Fairbairn Ashdown Quennell Brindley Caswell "
    "Dunmore Fenwick Galloway Hollis Inskip Jessop Kimber Lockett Marchant Norcott Oakley "
    "Pinnock Radley-Shaw Sandford Tremlett Upton Verity Whitlock Yardley O'Hare Khan Pryce"
)
AUTHORS = (
    ("Eleanor Whitlock", "Assistant Chief Inspector (Youth Justice)"),
    ("Graham Penrose", "Assistant Chief Inspector (Youth Justice)"),
    ("Ruth Marchant", "HM Assistant Chief Inspector"),
)
INSPECTORS = (
    ("Nadia Caswell", "She"),
    ("Owain Pryce", "He"),
    ("Lesley Hollis", "She"),
    ("Martin Jessop", "He"),
    ("Bethan Lockett", "She"),
    ("Imran Sandford", "He"),
)
COPY_ROLES = (
    "Head of Service",
    "Director of Children's Services",
    "Local Authority Chief Executive",
    "Lead Elected Member for Children's Services",
    "Lead Elected Member for Crime",
    "Police and Crime Commissioner for {area}",
    "Chair of Local Safeguarding Children Board",
    "Chair of Youth Court Bench",
    "YJB Business Area Manager",
    "Ofsted – Further Education and Skills",
    "Ofsted – Social Care",
    "Ofsted – Links",
    "Care Quality Commission",
    "YJB link staff",
    "YJB Communications",
)
_MULTI_NAME_ROLES = (
    "Ofsted – Social Care",
    "Ofsted – Links",
    "YJB link staff",
    "YJB Communications",
)


# --------------------------------------------------------------------------------------------
# The report model: canonical sentences shared by every renderer, and the answer key.
# --------------------------------------------------------------------------------------------


@dataclass
class KeyJudgement:
    """A quantified statement the generator wrote, with its true value."""

    paragraph: str
    domain: str
    polarity: str
    quantifier: str
    quantifier_text: str
    basis: str
    numerator: int | None
    denominator: int | None
    denominator_source: str | None
    true_numerator: int
    true_denominator: int
    sufficiency: float
    sufficiency_low: float
    sufficiency_high: float
    evidence: str
    required: bool = True


@dataclass
class Numbered:
    """One numbered paragraph, kept as sentences so judgements can point at their evidence."""

    paragraph: str
    domain: str
    heading: str
    sentences: list[str]

    @property
    def text(self) -> str:
        return " ".join(s for s in self.sentences if s)


@dataclass
class SynthReport:
    """Everything one synthetic letter says, before it is rendered in a file format."""

    fields: dict[str, Any]
    source_format: str
    variants: dict[str, str]
    header: list[tuple[str, str]]
    title: str
    sections: dict[str, list[str]]  # section -> paragraphs (summary may hold FOOTNOTE_MARK)
    footnote: str
    commentary_heading: str
    domain_headings: dict[int, str]
    paragraphs: list[Numbered]
    judgements: list[KeyJudgement]
    strengths: list[str]
    improvements: list[str]
    improvements_heading: str
    closing: list[str]
    copy_list: list[tuple[str, str]]
    notes: list[str]
    evidence_snippets: dict[str, str] = field(default_factory=dict)

    @property
    def area(self) -> str:
        return self.fields["area"]


def _plain(text: str) -> str:
    """Canonical text: the footnote reference removed."""
    return text.replace(FOOTNOTE_MARK, "")


def _number(n: int, rng: random.Random, words_share: float = 0.5) -> str:
    """A count as the letters write it: words up to twenty some of the time, else digits."""
    if n <= 20 and n > 0 and rng.random() < words_share:
        return NUMBER_WORDS[n]
    return str(n)


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def national_average(cohort_end: tuple[int, int]) -> float:
    """England and Wales average for a cohort: one value per cohort, rising slowly over time."""
    year, month = cohort_end
    quarters = (year - 2009) * 4 + (month - 1) // 3
    return round(34.6 + 0.29 * quarters + 0.3 * math.sin(quarters), 1)


def area_names(n: int, seed: int) -> list[str]:
    """``n`` distinct invented area names, some joint ('X and Y') or with '&' or '-on-'."""
    rng = random.Random(f"sqs-synth-areas:{seed}")
    names: list[str] = []
    seen: set[str] = set()
    attempts = 0
    while len(names) < n:
        attempts += 1
        if attempts > 200 * (n + 10):
            raise ValueError(f"cannot invent {n} distinct area names")
        base = rng.choice(_STEMS) + rng.choice(_ENDINGS)
        roll = rng.random()
        if roll < 0.62:
            name = base
        elif roll < 0.72:
            name = f"{base} Vale"
        elif roll < 0.8:
            name = f"{rng.choice(('East', 'West', 'North', 'South', 'Upper'))} {base}"
        elif roll < 0.9:
            other = rng.choice(_STEMS) + rng.choice(_ENDINGS)
            name = f"{base} and {rng.choice(('North', 'East', ''))} {other}".replace("  ", " ")
        elif roll < 0.94:
            name = f"{base} & {rng.choice(_STEMS)}{rng.choice(_ENDINGS)}"
        else:
            name = f"{base}-on-{rng.choice(_RIVERS)}"
        key = slugify(name)
        if key not in seen:
            seen.add(key)
            names.append(name)
    return names


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


@dataclass
class _Truth:
    """A true count behind one judgement."""

    numerator: int
    denominator: int

    @property
    def share(self) -> float:
        return self.numerator / self.denominator


def _draw(rng: random.Random, p: float, d: int) -> int:
    """Cases with sufficient practice out of ``d`` when each is sufficient with chance ``p``."""
    return sum(rng.random() < p for _ in range(d))


class _Builder:
    """Composes one report; kept as a class only to share the random stream and context."""

    def __init__(self, area: str, year: int, fmt: str, seed: int, area_effect: float):
        self.rng = random.Random(f"sqs-synth:{seed}:{area}:{year}")
        self.area = area
        self.year = year
        self.fmt = fmt
        self.seed = seed
        self.area_effect = area_effect
        self.variants: dict[str, str] = {"format": fmt}
        self.judgements: list[KeyJudgement] = []
        self.shares: dict[str, float] = {}
        self.used_intros: set[str] = set()

    # -- helpers ------------------------------------------------------------------------------
    def choose(self, variant: str, options: Sequence[str], weights: Sequence[float] | None = None):
        """Pick a wording option and record which one in the variants."""
        value = self.rng.choices(list(options), weights=weights)[0]
        self.variants[variant] = value
        return value

    def fill(self, template: str, **extra: str) -> str:
        values = {
            "svc": self.svc,
            "ensuring": self.ensuring,
            "make_sure": self.make_sure,
            **extra,
        }
        return template.format(**values)

    # -- quantified statements ----------------------------------------------------------------
    def _quantified(
        self,
        truth: _Truth,
        scope: str,
        negative: bool = False,
        allow_bare: bool = True,
    ) -> tuple[str, str, str, tuple[float, float], bool, str | None]:
        """Words for a share of cases: (phrase, quantifier name, quantifier words, accept range,
        exact?, denominator source if the numbers are derivable)."""
        rng = self.rng
        n, d = truth.numerator, truth.denominator
        counted = d - n if negative else n
        share = counted / d
        groups = GROUPS[scope]
        group = rng.choice(groups)
        bare = BARE_GROUPS[scope]
        derivable = "cases_examined" if scope == "whole" else None
        options: list[tuple[str, float]] = []
        if counted == d and not negative:
            options.append(("all", 4.0))
        if counted == 0 and not negative:
            options.append(("none", 3.0))
        if counted == d - 1 and d >= 4 and not negative:
            options.append(("all but one", 3.0))
        for w in WORDINGS:
            if (w.negative_only and not negative) or (w.positive_only and negative):
                continue
            lo, hi = w.usage
            if lo - 1e-9 <= share <= hi + 1e-9 and 0 < counted < d:
                if w.name == "a few" and not 2 <= counted <= 3:
                    continue
                options.append((w.name, 1.0))
        if 0 < counted < d:
            options.append(("N of M", 1.4))
        name = rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]
        if name == "all":
            if allow_bare and rng.random() < 0.35:
                return f"all {bare}", name, "all", (1.0, 1.0), True, derivable
            return f"all of {group}", name, "all", (1.0, 1.0), True, derivable
        if name == "none":
            return f"none of {group}", name, "none", (0.0, 0.0), True, derivable
        if name == "all but one":
            accept = (share, share) if derivable else (0.75, 0.99)
            if allow_bare and scope == "whole" and rng.random() < 0.4:
                return "all but one case", name, "all but one", accept, bool(derivable), derivable
            phrase = f"all but one of {group}"
            return phrase, name, "all but one", accept, bool(derivable), derivable
        if name == "N of M":
            rest = group.removeprefix("the ")
            if rest == "sample":
                rest = "cases sampled"
            only = not negative and share < 0.5 and rng.random() < 0.5
            words = f"{_number(counted, rng, 0.3)} of the {_number(d, rng, 0.3)}"
            if only:
                words = f"only {words}"
            phrase = f"{words} {rest}"
            qname = "only N of M" if only else "N of M"
            return phrase, qname, words, (share, share), True, "stated"
        wording = next(w for w in WORDINGS if w.name == name)
        form = rng.choice(wording.forms)
        lo, hi = wording.accept
        accept = (min(lo, share), max(hi, share))
        if name == "half":
            return f"half of {group}", name, form, (share, share), bool(derivable), derivable
        if name in ("most", "nearly all", "a few") and allow_bare and rng.random() < 0.4:
            phrase = f"{form} {bare}"
        else:
            phrase = f"{form} of {group}"
        return phrase, name, form, accept, False, None

    def _record_group_count(
        self,
        topic: Topic,
        para: Numbered,
        truth: _Truth,
        quantifier: str,
        words: str,
        source: str,
        sentence: str,
    ) -> None:
        """Record an exact count of a group named in the paragraph, then add filler sentences."""
        share = truth.share
        self._record(
            para.paragraph, para.domain, truth, False, quantifier, words, (share, share), True,
            source, sentence,
        )  # fmt: skip
        self._fillers(topic, share, para)

    def _record(
        self,
        paragraph: str,
        domain: str,
        truth: _Truth,
        negative: bool,
        quantifier: str,
        words: str,
        accept: tuple[float, float],
        exact: bool,
        source: str | None,
        evidence: str,
        required: bool = True,
    ) -> None:
        n, d = truth.numerator, truth.denominator
        counted = d - n if negative else n
        lo, hi = accept
        if negative:
            lo, hi = 1 - hi, 1 - lo
        self.judgements.append(
            KeyJudgement(
                paragraph=paragraph,
                domain=domain,
                polarity="negative" if negative else "positive",
                quantifier=quantifier,
                quantifier_text=words,
                basis="count" if exact and source else "verbal",
                numerator=counted if exact and source else None,
                denominator=d if exact and source else None,
                denominator_source=source if exact else None,
                true_numerator=counted,
                true_denominator=d,
                sufficiency=round(n / d, 4),
                sufficiency_low=round(lo, 4),
                sufficiency_high=round(hi, 4),
                evidence=_plain(evidence),
                required=required,
            )
        )

    def _group_subject(self, truth: _Truth, pronoun: str) -> tuple[str, str, str]:
        """Subject for a group whose size an earlier sentence gave ('All but one', 'Only two')."""
        rng = self.rng
        n, k = truth.numerator, truth.denominator
        if n == k:
            return rng.choice((f"All of {pronoun}", "All")), "all", "all"
        if n == 0:
            return f"None of {pronoun}", "none", "none"
        if n == k - 1 and k >= 3 and rng.random() < 0.7:
            return "All but one", "all but one", "all but one"
        if n <= k / 2 and rng.random() < 0.6:
            w = f"only {_number(n, rng, 0.9)}"
            return w[0].upper() + w[1:], "only N of M", w
        w = f"{_number(n, rng, 0.9)} of {pronoun}"
        return w[0].upper() + w[1:], "N of M", w

    # -- the report ---------------------------------------------------------------------------
    def build(self) -> SynthReport:
        rng = self.rng
        area = self.area
        # The service type is a property of the area, not of one year's letter.
        stype = random.Random(f"sqs-synth-type:{self.seed}:{area}").choices(
            ("YOS", "YOT", "YJS"), weights=(0.55, 0.35, 0.1)
        )[0]
        self.variants["service_type"] = stype
        self.svc = stype
        service_name = f"{area} {SERVICE_NAMES[stype]}"
        self.ensuring = self.choose("ensure_style", ("ensuring", "making sure"))
        self.make_sure = "ensure" if self.ensuring == "ensuring" else "make sure"

        # Dates: fieldwork Monday to Wednesday or Thursday; letter a month or so later.
        month = rng.choice((1, 2, 3, 4, 5, 6, 7, 9, 10, 11))
        crossing = rng.random() < 0.15
        length = rng.choices((3, 4), weights=(0.75, 0.25))[0]
        first_next = date(*_add_months(self.year, month, 1), 1)
        crossing_starts = [
            first_next - timedelta(days=back)
            for back in range(1, length)
            if (first_next - timedelta(days=back)).weekday() <= 4 - (length - 1)
        ]
        if crossing and crossing_starts:
            start = rng.choice(crossing_starts)
        else:
            start = date(self.year, month, rng.randint(1, 24))
            start += timedelta(days=(7 - start.weekday()) % 7)  # next Monday
            if rng.random() < 0.15:
                start += timedelta(days=1)
        end = start + timedelta(days=length - 1)
        if start.year != end.year:  # no fieldwork over new year
            start, end = start - timedelta(days=7), end - timedelta(days=7)
        published = end + timedelta(days=rng.randint(24, 45))
        while published.weekday() > 4:
            published += timedelta(days=1)
        fieldwork_text = self._fieldwork_text(start, end)
        fieldwork_sentence = self.choose(
            "fieldwork_sentence",
            (
                "The inspection was conducted from {dates} as part of our programme of "
                "inspection of youth offending work.",
                "The inspection was conducted on {dates} as part of our programme of inspection "
                "of youth offending work.",
            ),
        ).format(dates=fieldwork_text)

        # The reoffending rate: the latest quarterly release before the fieldwork.
        rel_year, rel_month = start.year, start.month
        while not (rel_month in (1, 4, 7, 10) and date(rel_year, rel_month, 28) < start):
            rel_year, rel_month = _add_months(rel_year, rel_month, -1)
        cohort_end = _add_months(rel_year, rel_month, -22)
        cohort_start = _add_months(*cohort_end, -11)
        national = national_average(cohort_end)
        rate_rng = random.Random(f"sqs-synth-rate:{self.seed}:{area}")
        area_rate = rate_rng.gauss(national + 1.5, 5.5) - 40 * self.area_effect
        rate = round(min(max(area_rate + rng.gauss(0, 2.0), 18.0), 62.0), 1)
        if rng.random() < 0.06:
            rate = national
        previous = round(min(max(rate + rng.gauss(0, 3.0), 15.0), 65.0), 1)
        if rng.random() < 0.1:
            previous = rate
        vs_prev = _direction(rate, previous)
        vs_nat = _direction(rate, national)

        cases = rng.randint(10, 28)
        self.cases = cases

        # Header, title, sections.
        recipient = _person(rng)
        board = self.choose(
            "recipient_role",
            (
                f"Chair of {area} {stype} Management Board",
                f"Chair of {service_name} Management Board",
                f"Chair of {service_name} Management Board and Local Authority Chief Executive",
            ),
        )
        author, author_role = AUTHORS[(self.year + len(area)) % len(AUTHORS)]
        date_style = self.choose("publication_date_style", ("padded", "plain"))
        pub_text = (
            f"{published.day:02d} {MONTHS[published.month - 1]} {published.year}"
            if date_style == "padded"
            else f"{published.day} {MONTHS[published.month - 1]} {published.year}"
        )
        header = [
            ("To:", f"{recipient}, {board}"),
            ("Copy to:", "See copy list at end"),
            ("From:", f"{author}, {author_role}"),
            ("Publication date:", pub_text),
        ]
        title = f"Report of Short Quality Screening (SQS) of youth offending work in {area}"

        cases_text = _number(cases, rng, 0.2)
        cases_verb = self.choose(
            "cases_sentence", ("We examined", "We looked at", "Inspectors examined")
        )
        cases_sentence = (
            f"{cases_verb} {cases_text} cases of children and young people who had recently "
            f"offended and were supervised by {service_name} ({stype})."
        )
        context = (
            "The aim of the youth justice system is to prevent offending by children and young "
            "people. Good quality assessment and planning at the start of a sentence is critical "
            "to increasing the likelihood of positive outcomes. "
            f"{cases_sentence} Wherever possible, this was undertaken in conjunction with the "
            "allocated case manager, thereby offering a learning opportunity for staff."
        )
        opening = (
            f"{fieldwork_sentence} This report is published on the HMI Probation website. A copy "
            "will be provided to partner inspectorates to inform their inspections, and to the "
            "Youth Justice Board (YJB)."
        )

        rate_sentence, rate_snippet = self._rate_text(rate, previous, vs_prev, national, vs_nat)
        footnote, cohort_snippet = self._footnote(rel_year, rel_month, cohort_start, cohort_end)

        # The commentary.
        paragraphs = self._commentary()
        quality = sum(self.shares.values()) / max(len(self.shares), 1)
        pool = SUMMARY_GOOD if quality > 0.8 else SUMMARY_MIXED if quality > 0.62 else SUMMARY_WEAK
        narrative = " ".join(self.fill(s) for s in pool if rng.random() < 0.8) or self.fill(pool[0])
        summary = [rate_sentence, narrative]
        operational = [
            self.fill(OPERATIONAL[0]) + " " + self.fill(rng.choice(OPERATIONAL[3:])),
            self.fill(OPERATIONAL[1]),
            self.fill(OPERATIONAL[2]),
        ]
        strengths, improvements = self._lists()

        inspector, pronoun = rng.choice(INSPECTORS)
        email = inspector.lower().replace(" ", ".") + "@hmiprobation.example"
        closing = [
            "We are grateful for the support that we received from staff in the "
            f"{stype} to facilitate and engage with this inspection. Please pass on our thanks, "
            f"and {self.make_sure} that they are made fully aware of these inspection findings.",
            "If you have any further questions about the inspection please contact the lead "
            f"inspector, who was {inspector}. {pronoun} can be contacted at {email} or on "
            f"01632 960{rng.randint(100, 999)}.",
        ]
        copy_list = self._copy_list()
        notes = [
            "Note 1: As an independent inspectorate, HMI Probation provides assurance to "
            "Ministers and the public on the effectiveness of work with those who have offended "
            "or are likely to offend.",
            "Note 2: We gather evidence against the SQS criteria, which are available on the HMI "
            "Probation website.",
            "Note 3: This letter is synthetic test data generated for software testing.",
        ]

        self.variants["heading_4"] = (
            "making_sure" if self.make_sure == "make sure" else "ensuring_that"
        )
        domain_headings = {
            1: "Reducing reoffending",
            2: "Protecting the public",
            3: "Protecting the child or young person",
            4: (
                "Making sure the sentence is served"
                if self.make_sure == "make sure"
                else "Ensuring that the sentence is served"
            ),
        }
        for p in paragraphs:
            p.heading = domain_headings[int(p.paragraph.split(".")[0])]

        report_id = f"{slugify(area)}-{published.isoformat()}"
        fields = {
            "report_id": report_id,
            "source_file": "",
            "source_sha256": "",
            "source_format": self.fmt,
            "area": area,
            "service_name": service_name,
            "service_type": stype,
            "recipient": recipient,
            "recipient_role": board,
            "author": author,
            "author_role": author_role,
            "publication_date": published.isoformat(),
            "fieldwork_start": start.isoformat(),
            "fieldwork_end": end.isoformat(),
            "fieldwork_evidence": fieldwork_sentence,
            "cases_examined": cases,
            "cases_evidence": cases_sentence,
            "reoffending_rate": rate,
            "previous_year_rate": previous if self.variants["previous_style"] != "words" else None,
            "vs_previous_year": vs_prev,
            "national_average": national,
            "vs_national_average": vs_nat,
            "gap_to_national_pp": round(rate - national, 1),
            "rate_evidence": _plain(rate_sentence),
            "rate_published": f"{rel_year:04d}-{rel_month:02d}",
            "cohort_start": f"{cohort_start[0]:04d}-{cohort_start[1]:02d}",
            "cohort_end": f"{cohort_end[0]:04d}-{cohort_end[1]:02d}",
            "cohort_evidence": footnote,
            "lead_inspector": inspector,
        }
        return SynthReport(
            fields=fields,
            source_format=self.fmt,
            variants=self.variants,
            header=header,
            title=title,
            sections={
                "opening": [opening],
                "context": [context],
                "summary": summary,
                "operational_management": operational,
            },
            footnote=footnote,
            commentary_heading=f"Commentary on the inspection in {area}:",
            domain_headings=domain_headings,
            paragraphs=paragraphs,
            judgements=self.judgements,
            strengths=strengths,
            improvements=improvements,
            improvements_heading=self.choose(
                "improvements_heading",
                ("Areas requiring improvement", "Areas for improvement"),
                (0.85, 0.15),
            ),
            closing=closing,
            copy_list=copy_list,
            notes=notes,
            evidence_snippets={
                "fieldwork_evidence": fieldwork_text,
                "cases_evidence": f"{cases_text} cases",
                "rate_evidence": rate_snippet,
                "cohort_evidence": cohort_snippet,
            },
        )

    def _fieldwork_text(self, start: date, end: date) -> str:
        same_month = start.month == end.month
        style = self.choose(
            "fieldwork_style",
            ("padded", "plain", "ordinal", "to"),
            (0.45, 0.25, 0.2, 0.1),
        )
        m1, m2 = MONTHS[start.month - 1], MONTHS[end.month - 1]
        if style == "ordinal":
            d1, d2 = _ordinal(start.day), _ordinal(end.day)
        elif style == "padded":
            d1, d2 = f"{start.day:02d}", f"{end.day:02d}"
        else:
            d1, d2 = str(start.day), str(end.day)
        if not same_month:
            self.variants["fieldwork_style"] = f"{style}_cross_month"
            return f"{d1} {m1} - {d2} {m2} {end.year}"
        sep = " to " if style == "to" else "-"
        return f"{d1}{sep}{d2} {m1} {end.year}"

    def _rate_text(
        self, rate: float, previous: float, vs_prev: str, national: float, vs_nat: str
    ) -> tuple[str, str]:
        rng = self.rng
        unit = self.choose("rate_style", ("percent_sign", "per_cent"), (0.65, 0.35))

        def pct(x: float) -> str:
            return f"{x:.1f}%" if unit == "percent_sign" else f"{x:.1f} per cent"

        prev_style = self.choose("previous_style", ("words", "number"), (0.5, 0.5))
        prev_words = {
            "better": "better than the previous year",
            "worse": "worse than the previous year",
            "same": rng.choice(
                ("the same as the previous year", "unchanged from the previous year")
            ),
        }[vs_prev]
        if prev_style == "number":
            if vs_prev == "same":
                prev_words = f"the same as the previous year ({pct(previous)})"
            else:
                prev_words = rng.choice(
                    (f"{prev_words}, {pct(previous)},", f"{prev_words} ({pct(previous)})")
                )
        nat_words = {
            "better": "better than",
            "worse": "worse than",
            "same": "the same as",
        }[vs_nat]
        nat = f"{nat_words} the England and Wales average of {pct(national)}"
        joiner = " and " if vs_prev == vs_nat else " but "
        opener = self.choose(
            "rate_sentence",
            ("two_sentences", "one_sentence", "runon"),
            (0.5, 0.35, 0.15),
        )
        subject = f"The published reoffending rate{FOOTNOTE_MARK} for {self.area} was {pct(rate)}"
        comparison = f"{prev_words}{joiner}{nat}".replace(",, ", ", ").replace(",  ", ", ")
        comparison = comparison.replace(", and", " and").replace(", but", " but")
        if opener == "two_sentences":
            text = f"{subject}. This was {comparison}."
        elif opener == "one_sentence":
            text = f"{subject}, which was {comparison}."
        else:
            text = f"{subject} this was {comparison}."
        return text, pct(rate)

    def _footnote(
        self, rel_year: int, rel_month: int, start: tuple[int, int], end: tuple[int, int]
    ) -> tuple[str, str]:
        style = self.choose("footnote_style", ("long", "short", "to"))
        published = f"{MONTHS[rel_month - 1]} {rel_year}"
        first = f"{MONTHS[start[1] - 1]} {start[0]}"
        last = f"{MONTHS[end[1] - 1]} {end[0]}"
        if style == "long":
            text = (
                f"The reoffending rate that was available during the fieldwork was published "
                f"{published}, and was based on binary reoffending rates after 12 months for the "
                f"{first} – {last} cohort. Source: Ministry of Justice"
            )
            return text, f"{first} – {last}"
        if style == "short":
            text = (
                f"Published {published} based on binary reoffending rates after 12 months for the "
                f"{first} – {last} cohort. Source: Ministry of Justice"
            )
            return text, f"{first} – {last}"
        text = (
            f"Proven reoffending statistics published {published}, based on the {first} to "
            f"{last} cohort. Source: Ministry of Justice"
        )
        return text, f"{first} to {last}"

    def _share(self, topic: Topic) -> float:
        """Chance a case in this area and year had sufficient practice on this topic."""
        drift = 0.03 * (self.year - FIRST_YEAR) * (1 if self.area_effect > 0 else -0.3)
        p = topic.base + self.area_effect + drift + self.rng.gauss(0, 0.07)
        return min(max(p, 0.05), 0.995)

    def _commentary(self) -> list[Numbered]:
        rng = self.rng
        cases = self.cases
        psr = max(3, round(cases * rng.uniform(0.3, 0.65)))
        custody = rng.randint(2, 6)
        paragraphs: list[Numbered] = []
        counters = dict.fromkeys(DOMAINS, 0)
        for topic in TOPICS:
            if topic.presence < 1 and rng.random() > topic.presence:
                continue
            counters[topic.domain] += 1
            number = f"{topic.domain}.{counters[topic.domain]}"
            para = Numbered(number, DOMAINS[topic.domain], "", [])
            p = self._share(topic)
            if topic.scope == "custody":
                self._custody_paragraph(topic, para, custody, p)
            elif topic.key == "reports_to_court":
                self._reports_paragraph(topic, para, psr, p)
            elif topic.key == "reports_vulnerability":
                self._reports_vulnerability(topic, para, psr, p)
            elif topic.key == "diversity":
                self._diversity_paragraph(topic, para, p)
            else:
                self._standard_paragraph(topic, para, p)
            paragraphs.append(para)
        return paragraphs

    def _fillers(self, topic: Topic, share: float, para: Numbered) -> None:
        rng = self.rng
        pool = list(topic.good) if share >= 0.75 else list(topic.weak) if share < 0.6 else []
        if not pool:
            pool = [*topic.good[:1], *topic.weak[:1]]
        for sentence in rng.sample(pool, k=min(len(pool), rng.randint(1, 2))):
            para.sentences.append(self.fill(sentence))

    def _standard_paragraph(self, topic: Topic, para: Numbered, p: float) -> None:
        rng = self.rng
        d = self.cases
        if topic.scope == "relevant":
            d = max(4, d - rng.randint(0, d // 3))
        truth = _Truth(_draw(rng, p, d), d)
        self.shares[topic.key] = truth.share
        phrase, qname, words, accept, exact, source = self._quantified(truth, topic.scope)
        templates = list(topic.positive)
        fits_low = not phrase.startswith(("only", "less", "fewer", "none", "all"))
        if truth.share < 0.5 and topic.low_positive and fits_low and rng.random() < 0.6:
            templates = list(topic.low_positive)
        template = rng.choice(templates)
        intros = [i for i in topic.intros if i[:40] not in self.used_intros] or [""]
        intro = rng.choice(intros)
        if "this happened" in template or template.startswith("This "):
            intro = intro or next(i for i in topic.intros if i)
        self.used_intros.add(intro[:40])
        if intro:
            para.sentences.append(self.fill(intro))
        sentence = self.fill(template, q=phrase)
        sentence = sentence[0].upper() + sentence[1:]
        para.sentences.append(sentence)
        self._record(
            para.paragraph, para.domain, truth, False, qname, words, accept, exact, source, sentence
        )
        # A second, negative statement naming one failing among the insufficient cases.
        insufficient = d - truth.numerator
        if topic.negative and insufficient and rng.random() < 0.3:
            bad = rng.randint(max(1, insufficient // 2), insufficient)
            if 0.05 <= bad / d <= 0.6:
                self._negative(topic, para, _Truth(d - bad, d))
        self._fillers(topic, truth.share, para)

    def _negative(self, topic: Topic, para: Numbered, truth: _Truth) -> None:
        rng = self.rng
        phrase, qname, words, accept, exact, source = self._quantified(
            truth, topic.scope, negative=True
        )
        clause = self.fill(rng.choice(topic.negative))
        lead = rng.choice(("However, in", "In", "We found that in"))
        sentence = (
            f"{lead} {phrase}, {clause}." if rng.random() < 0.5 else f"{lead} {phrase} {clause}."
        )
        para.sentences.append(sentence)
        self._record(
            para.paragraph, para.domain, truth, True, qname, words, accept, exact, source, sentence
        )

    def _reports_paragraph(self, topic: Topic, para: Numbered, psr: int, p: float) -> None:
        rng = self.rng
        setup = rng.choice(topic.intros).format(k=_number(psr, rng, 0.7))
        truth = _Truth(_draw(rng, p, psr), psr)
        self.shares[topic.key] = truth.share
        subject, qname, words = self._group_subject(truth, "them")
        sentence = self.fill(rng.choice(topic.positive), G=subject)
        source = "earlier_sentence"
        joined = self.choose("reports_sentence", ("two_sentences", "semicolon"), (0.7, 0.3))
        if joined == "semicolon":  # "...in seven of the cases sampled; all of them were ..."
            sentence = f"{setup[:-1]}; {sentence[0].lower()}{sentence[1:]}"
            para.sentences.append(sentence)
            source = "stated"
        else:
            para.sentences += [setup, sentence]
        self._record_group_count(topic, para, truth, qname, words, source, sentence)

    def _reports_vulnerability(self, topic: Topic, para: Numbered, psr: int, p: float) -> None:
        rng = self.rng
        truth = _Truth(_draw(rng, p, psr), psr)
        n, k = truth.numerator, truth.denominator
        self.shares[topic.key] = truth.share
        para.sentences.append(topic.intros[0])
        self.used_intros.add(topic.intros[0][:40])
        if n == k:
            det, qname, words, accept, exact = "all", "all", "all", (1.0, 1.0), True
        elif n == k - 1 and rng.random() < 0.5:
            det, qname, words = "all but one of the", "all but one", "all but one"
            accept, exact = (min(0.66, truth.share), max(0.95, truth.share)), False
        else:
            numbers = f"{_number(n, rng, 0.8)} of the {_number(k, rng, 0.8)}"
            det = numbers if n > k / 2 else f"only {numbers}"
            qname = "N of M" if n > k / 2 else "only N of M"
            words, accept, exact = det, (truth.share, truth.share), True
        lead = "We were pleased to find that" if truth.share >= 0.75 else "We found that"
        sentence = self.fill(topic.positive[0], P=lead, D=det)
        para.sentences.append(sentence)
        source = "stated" if qname in ("N of M", "only N of M") else None
        self._record(
            para.paragraph, para.domain, truth, False, qname, words, accept, exact, source, sentence
        )
        self._fillers(topic, truth.share, para)

    def _custody_paragraph(self, topic: Topic, para: Numbered, custody: int, p: float) -> None:
        rng = self.rng
        truth = _Truth(_draw(rng, p, custody), custody)
        self.shares[topic.key] = truth.share
        n = truth.numerator
        if topic.key == "custody_vulnerability":
            if n == custody:
                g, qname, words = "all", "all", "all"
            elif n == 0:
                g, qname, words = "none", "none", "none"
            elif n == custody - 1 and rng.random() < 0.5:
                g, qname, words = "all but one", "all but one", "all but one"
            else:
                g = f"only {_number(n, rng, 0.9)}" if n <= custody / 2 else _number(n, rng, 0.9)
                qname = "only N of M" if g.startswith("only") else "N of M"
                words = g
            sentence = self.fill(topic.positive[0], k=_number(custody, rng, 0.9), g=g)
            para.sentences.append(sentence)
            source = "stated"
        else:
            setup = self.fill(rng.choice(topic.intros), K=_number(custody, rng, 0.9).capitalize())
            if n == custody:
                g, qname, words = "all of them", "all", "all"
            elif n == 0:
                g, qname, words = "none of them", "none", "none"
            elif n == custody - 1 and rng.random() < 0.5:
                g, qname, words = "all but one", "all but one", "all but one"
            else:
                words = f"{_number(n, rng, 0.9)} of them"
                if n <= custody / 2 and rng.random() < 0.5:
                    words = f"only {words}"
                g, qname = words, ("only N of M" if words.startswith("only") else "N of M")
            sentence = self.fill(rng.choice(topic.positive), g=g)
            para.sentences += [setup, sentence]
            source = "earlier_sentence"
        self._record_group_count(topic, para, truth, qname, words, source, sentence)

    def _diversity_paragraph(self, topic: Topic, para: Numbered, p: float) -> None:
        """Assessment and planning for diversity, often in one sentence with two judgements."""
        rng = self.rng
        d = self.cases
        assessed = _Truth(_draw(rng, min(p + 0.1, 0.995), d), d)
        planned = _Truth(min(assessed.numerator, _draw(rng, p - 0.1, d)), d)
        self.shares[topic.key] = planned.share
        para.sentences.append(self.fill(rng.choice(topic.intros)))
        style = self.choose("diversity_style", ("compound", "negative", "single"), (0.4, 0.3, 0.3))
        if style == "compound":
            q1, n1, w1, a1, e1, s1 = self._quantified(assessed, "whole", allow_bare=True)
            q2, n2, w2, a2, e2, s2 = self._quantified(planned, "whole", allow_bare=False)
            sentence = (
                "Diversity issues and other potential barriers to engagement, such as learning "
                f"styles, had been assessed in {q1} during the report writing stage and planned "
                f"for sufficiently in {q2}."
            )
            para.sentences.append(sentence)
            self._record(para.paragraph, para.domain, assessed, False, n1, w1, a1, e1, s1, sentence)
            self._record(para.paragraph, para.domain, planned, False, n2, w2, a2, e2, s2, sentence)
        else:
            q1, n1, w1, a1, e1, s1 = self._quantified(assessed, "whole")
            sentence = self.fill(topic.positive[0], q=q1)
            para.sentences.append(sentence)
            self._record(para.paragraph, para.domain, assessed, False, n1, w1, a1, e1, s1, sentence)
            bad = d - planned.numerator
            if style == "negative" and 0.05 <= bad / d <= 0.6:
                self._negative(topic, para, planned)
        self._fillers(topic, planned.share, para)

    def _lists(self) -> tuple[list[str], list[str]]:
        """Key strengths from the best-scoring topics, improvements from the worst."""
        rng = self.rng
        ranked = sorted(self.shares.items(), key=lambda kv: kv[1])
        strengths: list[str] = []
        improvements: list[str] = []
        for key, share in reversed(ranked):
            topic = TOPIC_BY_KEY[key]
            if share >= 0.75 and topic.strengths and len(strengths) < 3:
                text = self.fill(rng.choice(topic.strengths))
                if text not in strengths:
                    strengths.append(text)
        for key, share in ranked:
            topic = TOPIC_BY_KEY[key]
            if share < 0.75 and topic.improvements and len(improvements) < 4:
                text = self.fill(rng.choice(topic.improvements))
                if text not in improvements:
                    improvements.append(text)
        if len(strengths) < 2:
            strengths.append(self.fill(rng.choice(GENERAL_STRENGTHS)))
        if len(improvements) < 2:
            improvements.append(self.fill(rng.choice(GENERAL_IMPROVEMENTS)))
        return strengths, improvements

    def _copy_list(self) -> list[tuple[str, str]]:
        rng = self.rng
        roles = [r for r in COPY_ROLES if rng.random() < 0.85 or r == "Head of Service"]
        rows = []
        for role in roles:
            role_text = role.format(area=self.area)
            k = rng.randint(1, 4) if role in _MULTI_NAME_ROLES else 1
            names = ", ".join(_person(rng) for _ in range(k))
            rows.append((role_text, names))
        return rows


def _direction(rate: float, other: float) -> str:
    """'better' when this rate is lower (less reoffending) than the other."""
    if math.isclose(rate, other, abs_tol=1e-9):
        return "same"
    return "better" if rate < other else "worse"


# --------------------------------------------------------------------------------------------
# Renderers: the same report as markdown, PDF-style plain text, HTML or a real PDF.
# --------------------------------------------------------------------------------------------


def render_markdown(report: SynthReport, rng: random.Random) -> str:
    """Markdown like the bundled reports: inline ``<i>``/``<sup>``, loose heading levels."""
    v = report.variants
    header_style = rng.choice(("tabs", "table"))
    v["md_header"] = header_style
    heading_style = rng.choice(("hashes", "bold", "plain"))
    v["md_headings"] = heading_style
    mark = rng.choice(("<sup>1</sup>", "¹"))
    v["md_footnote_mark"] = "sup" if mark.startswith("<") else "unicode"
    para_style = rng.choice(("- {n}. ", "{n}. ", "- {n} "))
    v["md_paragraph_style"] = para_style.strip()
    split_paragraph = rng.random() < 0.25
    v["md_footnote"] = "page_break_in_1.1" if split_paragraph else "after_summary"

    def heading(text: str, level: int) -> str:
        if heading_style == "plain":
            return text
        if heading_style == "bold":
            return f"{'#' * max(level, 2)} **{text}**" if level > 1 else f"## {text}"
        return f"{'#' * (level + 1)} {text}"

    out: list[str] = [BANNER, ""]
    if header_style == "tabs":
        out += [f"<i>{label}</i>\t{value}" for label, value in report.header]
    else:
        out += ["| | |", "|---|---|"]
        out += [f"| <i>{label}</i> | {value} |" for label, value in report.header]
    out += ["", heading(report.title, 1), ""]
    out += [*report.sections["opening"], ""]
    out += [heading("Context", 2), "", *report.sections["context"], ""]
    out += [heading("Summary", 2), ""]
    footnote_block = f"{mark} {report.footnote}"
    for text in report.sections["summary"]:
        out += [text.replace(FOOTNOTE_MARK, mark), ""]
    if not split_paragraph:
        out += [footnote_block, ""]
    out += [heading(report.commentary_heading, 2), ""]
    domain = 0
    for para in report.paragraphs:
        number = int(para.paragraph.split(".")[0])
        if number != domain:
            domain = number
            out += [heading(f"{number}. {report.domain_headings[number]}", 3), ""]
        lead = para_style.format(n=para.paragraph)
        if split_paragraph and para.paragraph == "1.1":
            words = para.text.split(" ")
            cut = max(3, len(words) * 2 // 3)
            out += [lead + " ".join(words[:cut]), "", "---", "", footnote_block, ""]
            out += [" ".join(words[cut:]), ""]
        else:
            out += [lead + para.text, ""]
    out += [heading("Operational management", 2), ""]
    for text in report.sections["operational_management"]:
        out += [text, ""]
    out += [heading("Key strengths", 2), ""]
    out += [f"- {s}" for s in report.strengths] + [""]
    out += [heading(report.improvements_heading, 2), ""]
    out += [f"- {s}" for s in report.improvements] + [""]
    for text in report.closing:
        out += [text, ""]
    if header_style == "tabs":
        out += ["Copy to:", ""]
        out += [f"{role}\t<i>{names}</i>" for role, names in report.copy_list]
    else:
        out += ["| | |", "|--|---|", "| Copy to: | |"]
        out += [f"| {role} | <i>{names}</i> |" for role, names in report.copy_list]
    out += [""]
    for note in report.notes:
        out += [note, ""]
    return "\n".join(out).rstrip() + "\n"


class _Pager:
    """Lays lines out on pages with running headers, footers and page numbers."""

    def __init__(self, report: SynthReport, rng: random.Random, width: int):
        self.width = width
        self.lines_per_page = rng.randint(46, 58)
        self.header = rng.choice(
            (
                f"Short Quality Screening: {report.area}",
                f"HMI Probation SQS - {report.area} {report.fields['service_type']}",
            )
        )
        self.number_style = rng.choice(("Page {n}", "{n}", "- {n} -", "Page {n} of {total}"))
        report.variants["text_page_number"] = self.number_style
        self.pages: list[list[str]] = [[]]
        self.footnote: list[str] | None = None
        self.pending_footnote: list[str] | None = None

    def add_block(self, lines: list[str]) -> None:
        page = self.pages[-1]
        room = self.lines_per_page - len(page) - (len(self.pending_footnote or []) + 1)
        if page and len(lines) > room:
            self.pages.append([])
            page = self.pages[-1]
            self._flush_footnote(len(self.pages) - 2)
        page.extend([*lines, ""])

    def add_footnote(self, lines: list[str]) -> None:
        self.pending_footnote = lines

    def _flush_footnote(self, index: int) -> None:
        if self.pending_footnote:
            self.pages[index].extend(self.pending_footnote)
            self.pending_footnote = None

    def render(self) -> str:
        self._flush_footnote(len(self.pages) - 1)
        total = len(self.pages)
        out: list[str] = []
        for i, page in enumerate(self.pages, start=1):
            if i == 1:
                out += [BANNER, ""]
            else:
                out += [self.header, ""]
            out += page
            out += ["", self.number_style.format(n=i, total=total), "\f" if i < total else ""]
        return "\n".join(out).rstrip() + "\n"


def render_text(report: SynthReport, rng: random.Random) -> str:
    """Plain text as a PDF extractor gives it: hard-wrapped lines and page furniture."""
    width = rng.randint(80, 95)
    report.variants["text_width"] = str(width)
    indent = rng.choice(("", "     "))
    pager = _Pager(report, rng, width)

    def wrap(text: str, first: str = "", rest: str = "") -> list[str]:
        return textwrap.wrap(
            text,
            width=width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )

    def glue(text: str) -> str:
        return text.replace(FOOTNOTE_MARK, "1")

    pager.add_block(
        [
            line
            for label, value in report.header
            for line in wrap(value, f"{label} ", " " * (len(label) + 1))
        ]
    )
    pager.add_block(wrap(report.title))
    for text in report.sections["opening"]:
        pager.add_block(wrap(text))
    pager.add_block(["Context"])
    pager.add_block(wrap(report.sections["context"][0]))
    pager.add_block(["Summary"])
    for text in report.sections["summary"]:
        pager.add_block(wrap(glue(text)))
    pager.add_footnote(wrap(f"1 {report.footnote}"))
    pager.add_block([report.commentary_heading])
    domain = 0
    for para in report.paragraphs:
        number = int(para.paragraph.split(".")[0])
        lines = wrap(para.text, f"{para.paragraph}. ", indent)
        if number != domain:  # a heading stays with its first paragraph
            domain = number
            lines = [f"{number}. {report.domain_headings[number]}", "", *lines]
        pager.add_block(lines)
    pager.add_block(["Operational management"])
    for text in report.sections["operational_management"]:
        pager.add_block(wrap(text))
    pager.add_block(["Key strengths"])
    pager.add_block([line for s in report.strengths for line in wrap(s, "• ", "  ")])
    pager.add_block([report.improvements_heading])
    pager.add_block([line for s in report.improvements for line in wrap(s, "• ", "  ")])
    for text in report.closing:
        pager.add_block(wrap(text))
    role_width = min(max(len(r) for r, _ in report.copy_list) + 3, width // 2)
    copy_lines = ["Copy to:"]
    for role, names in report.copy_list:
        column = max(role_width, len(role) + 2)
        lines = textwrap.wrap(names, width=max(width - column, 12), break_on_hyphens=False)
        copy_lines.append(role.ljust(column) + lines[0])
        copy_lines += [" " * column + line for line in lines[1:]]
    pager.add_block(copy_lines)
    for note in report.notes:
        pager.add_block(wrap(note))
    return pager.render()


def render_html(report: SynthReport, rng: random.Random) -> str:
    """A simple HTML page of the letter."""
    from html import escape

    def p(text: str) -> str:
        return f"<p>{escape(text).replace(escape(FOOTNOTE_MARK), '<sup>1</sup>')}</p>"

    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(BANNER)}: {escape(report.title)}</title></head><body>",
        f"<p><strong>{escape(BANNER)}</strong></p>",
        "<table>",
    ]
    out += [
        f"<tr><td><i>{escape(label)}</i></td><td>{escape(value)}</td></tr>"
        for label, value in report.header
    ]
    out += ["</table>", f"<h1>{escape(report.title)}</h1>"]
    out += [p(t) for t in report.sections["opening"]]
    out += ["<h2>Context</h2>", *(p(t) for t in report.sections["context"])]
    out += ["<h2>Summary</h2>", *(p(t) for t in report.sections["summary"])]
    out += [f'<p class="footnote"><sup>1</sup> {escape(report.footnote)}</p>']
    out += [f"<h2>{escape(report.commentary_heading)}</h2>"]
    domain = 0
    for para in report.paragraphs:
        number = int(para.paragraph.split(".")[0])
        if number != domain:
            if domain:
                out.append("</ul>")
            domain = number
            out += [f"<h3>{number}. {escape(report.domain_headings[number])}</h3>", "<ul>"]
        out.append(f"<li>{para.paragraph}. {escape(para.text)}</li>")
    out += ["</ul>", "<h2>Operational management</h2>"]
    out += [p(t) for t in report.sections["operational_management"]]
    out += ["<h2>Key strengths</h2>", "<ul>", *(f"<li>{escape(s)}</li>" for s in report.strengths)]
    out += ["</ul>", f"<h2>{escape(report.improvements_heading)}</h2>", "<ul>"]
    out += [f"<li>{escape(s)}</li>" for s in report.improvements] + ["</ul>"]
    out += [p(t) for t in report.closing]
    out += ["<p>Copy to:</p>", "<table>"]
    out += [
        f"<tr><td>{escape(role)}</td><td><i>{escape(names)}</i></td></tr>"
        for role, names in report.copy_list
    ]
    out += ["</table>", *(p(n) for n in report.notes), "</body></html>"]
    return "\n".join(out) + "\n"


_PDF_EPOCH = (2017, 1, 1)


def render_pdf(report: SynthReport, rng: random.Random) -> bytes:
    """A real PDF with a text layer (core Helvetica, Windows-1252), deterministic bytes."""
    from datetime import UTC, datetime

    from fpdf import FPDF

    area = report.area
    number_style = rng.choice(("Page {n}", "{n}"))
    report.variants["pdf_page_number"] = number_style

    class _Letter(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 4, BANNER, new_x="LMARGIN", new_y="NEXT")
            if self.page_no() > 1:
                self.cell(0, 4, f"Short Quality Screening: {area}", new_x="LMARGIN", new_y="NEXT")
            self.ln(3)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, number_style.format(n=self.page_no()), align="C")

    pdf = _Letter(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_creation_date(datetime(*_PDF_EPOCH, tzinfo=UTC))
    pdf.set_title(f"{BANNER}: {report.title}")
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(20, 15, 20)
    pdf.add_page()

    def body(size: float = 10.5, style: str = "") -> None:
        pdf.set_font("Helvetica", style=style, size=size)

    def paragraph(text: str, lead: str = "") -> None:
        body()
        if lead:
            pdf.cell(12, 5, lead)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def heading(text: str, size: float = 12) -> None:
        body(size, "B")
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    for label, value in report.header:
        body(10, "I")
        pdf.cell(35, 5, label)
        body(10)
        pdf.multi_cell(0, 5, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    heading(report.title, 14)
    for text in report.sections["opening"]:
        paragraph(text)
    heading("Context")
    paragraph(report.sections["context"][0])
    heading("Summary")
    for text in report.sections["summary"]:
        body()
        before, _, after = text.partition(FOOTNOTE_MARK)
        pdf.write(5, before)
        if after:
            pdf.char_vpos = "SUP"
            pdf.write(5, "1")
            pdf.char_vpos = "LINE"
            pdf.write(5, after)
        pdf.ln(7)
    body(8)
    pdf.multi_cell(0, 4, f"1 {report.footnote}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    heading(report.commentary_heading)
    domain = 0
    for para in report.paragraphs:
        number = int(para.paragraph.split(".")[0])
        if number != domain:
            domain = number
            heading(f"{number}. {report.domain_headings[number]}", 11)
        paragraph(para.text, f"{para.paragraph}.")
    heading("Operational management")
    for text in report.sections["operational_management"]:
        paragraph(text)
    heading("Key strengths")
    for s in report.strengths:
        paragraph(s, "•")
    heading(report.improvements_heading)
    for s in report.improvements:
        paragraph(s, "•")
    for text in report.closing:
        paragraph(text)
    heading("Copy to:", 10.5)
    for role, names in report.copy_list:
        size = 9.0
        body(size)
        while pdf.get_string_width(role) > 76 and size > 6:
            size -= 0.5
            body(size)
        pdf.cell(80, 5, role)
        body(9, "I")
        pdf.multi_cell(0, 5, names, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for note in report.notes:
        body(8)
        pdf.multi_cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    return bytes(pdf.output())


# --------------------------------------------------------------------------------------------
# The corpus: plan, build, render, write the files and the key.
# --------------------------------------------------------------------------------------------


def _format_plan(formats: Sequence[str] | Mapping[str, float], n: int, seed: int) -> list[str]:
    """Exactly proportional format assignment (largest remainder), shuffled reproducibly."""
    weights = dict(formats) if isinstance(formats, Mapping) else dict.fromkeys(formats, 1.0)
    unknown = set(weights) - set(FORMATS)
    if unknown or not weights:
        raise ValueError(f"unknown formats {sorted(unknown)}; choose from {FORMATS}")
    total = sum(weights.values())
    quotas = {f: n * w / total for f, w in weights.items()}
    counts = {f: int(q) for f, q in quotas.items()}
    for f in sorted(quotas, key=lambda f: quotas[f] - counts[f], reverse=True)[
        : n - sum(counts.values())
    ]:
        counts[f] += 1
    plan = [f for f in weights for _ in range(counts[f])]
    random.Random(f"sqs-synth-formats:{seed}").shuffle(plan)
    return plan


def _refuse_protected(out: Path) -> None:
    """Synthetic data must never be mistaken for real reports: keep it out of data/raw."""
    parts = [p.lower() for p in out.resolve().parts]
    for a, b in itertools.pairwise(parts):
        if (a, b) == ("data", "raw"):
            raise ValueError(
                f"refusing to write synthetic reports into {out}: data/raw holds real reports only"
            )


def build_reports(
    n_areas: int, years: int, formats: Sequence[str] | Mapping[str, float], seed: int
) -> list[SynthReport]:
    """Every report of a corpus (one per area per year), in memory and not yet rendered."""
    if n_areas < 1 or years < 1:
        raise ValueError("need at least one area and one year")
    areas = area_names(n_areas, seed)
    plan = _format_plan(formats, n_areas * years, seed)
    reports = []
    i = 0
    for area in areas:
        effect = random.Random(f"sqs-synth-quality:{seed}:{area}").gauss(0, 0.09)
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            reports.append(_Builder(area, year, plan[i], seed, effect).build())
            i += 1
    return reports


def render(report: SynthReport, seed: int) -> bytes:
    """The file bytes of one report in its format."""
    rng = random.Random(f"sqs-synth-render:{seed}:{report.fields['report_id']}")
    fmt = report.source_format
    if fmt == "pdf":
        return render_pdf(report, rng)
    text = {"markdown": render_markdown, "text": render_text, "html": render_html}[fmt](report, rng)
    return text.encode("utf-8")


def key_entry(report: SynthReport) -> dict[str, Any]:
    """The answer-key record of one report (field names as in the codebook's tables)."""
    return {
        "source_file": report.fields["source_file"],
        "source_format": report.source_format,
        "variants": dict(sorted(report.variants.items())),
        "report": report.fields,
        "evidence_snippets": report.evidence_snippets,
        "findings": [
            {"paragraph": p.paragraph, "domain": p.domain, "heading": p.heading, "text": p.text}
            for p in report.paragraphs
        ],
        "judgements": [asdict(j) for j in report.judgements],
        "strengths": report.strengths,
        "improvements": report.improvements,
        "copy_list": [list(row) for row in report.copy_list],
        "sections": {
            "context": "\n\n".join(report.sections["context"]),
            "summary": "\n\n".join(_plain(t) for t in report.sections["summary"]),
            "operational_management": "\n\n".join(report.sections["operational_management"]),
        },
    }


def write_corpus(
    out: str | Path,
    n_areas: int = 20,
    years: int = 3,
    formats: Sequence[str] | Mapping[str, float] = ("markdown", "text", "pdf"),
    seed: int = 1,
) -> Path:
    """Write ``n_areas * years`` synthetic reports and ``answer_key.json`` into ``out``.

    ``formats`` is a list (equal shares) or a mapping of format to weight, e.g.
    ``{"markdown": 45, "text": 45, "pdf": 10}``. Re-running into the same folder replaces the
    previous synthetic corpus; a folder inside ``data/raw`` is refused.
    """
    out = Path(out)
    _refuse_protected(out)
    out.mkdir(parents=True, exist_ok=True)
    previous = out / KEY_FILE
    if previous.exists():
        for entry in json.loads(previous.read_text("utf-8")).get("reports", []):
            (out / entry["source_file"]).unlink(missing_ok=True)
    reports = build_reports(n_areas, years, formats, seed)
    entries = []
    for i, report in enumerate(reports):
        fields = report.fields
        name = f"synthetic_{i:04d}_{fields['report_id']}{SUFFIXES[report.source_format]}"
        data = render(report, seed)
        (out / name).write_bytes(data)
        fields["source_file"] = name
        fields["source_sha256"] = hashlib.sha256(data).hexdigest()
        entries.append(key_entry(report))
    key = {
        "synthetic": True,
        "note": BANNER,
        "generator": "sqs_analysis.synth",
        "seed": seed,
        "n_areas": n_areas,
        "years": [FIRST_YEAR, FIRST_YEAR + years - 1],
        "formats": dict(formats) if isinstance(formats, Mapping) else list(formats),
        "reports": entries,
    }
    tmp = out / f".{KEY_FILE}.tmp"
    tmp.write_text(json.dumps(key, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(previous)
    return out


def load_key(folder: str | Path) -> dict[str, Any]:
    """The answer key written by :func:`write_corpus`."""
    return json.loads((Path(folder) / KEY_FILE).read_text("utf-8"))


_WS = re.compile(r"\s+")


def normalise_for_comparison(text: str | None) -> str:
    """Text with whitespace, dashes, quotes and inline markup made uniform, for comparing
    what a parser extracted with what the generator wrote."""
    if text is None:
        return ""
    text = re.sub(r"</?(i|em|b|strong|sup)>", "", str(text))
    text = text.replace("*", "")
    for dash in ("–", "—", "‐", "‑"):
        text = text.replace(dash, "-")
    for quote in ("“", "”", "‘", "’"):
        text = text.replace(quote, '"' if quote in "“”" else "'")
    text = re.sub(r"\s*-\s*", " - ", text)
    return _WS.sub(" ", text).strip()
