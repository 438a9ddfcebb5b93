"""One synthetic letter composed from the wording data: header, summary, commentary, lists.

Each letter has its own random stream, seeded by the corpus seed, the area and the year, so the
same seed always gives the same letter whatever else the corpus holds.
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Sequence
from datetime import date, timedelta

from generators.model import (
    FOOTNOTE_MARK,
    MONTHS,
    SERVICE_NAMES,
    KeyJudgement,
    SynthReport,
    add_months,
    national_average,
    number_text,
    ordinal,
    person,
    plain,
)
from generators.paragraphs import ParagraphWriter
from generators.wording import (
    AUTHORS,
    COPY_ROLES,
    GENERAL_IMPROVEMENTS,
    GENERAL_STRENGTHS,
    INSPECTORS,
    MULTI_NAME_ROLES,
    OPERATIONAL,
    SUMMARY_GOOD,
    SUMMARY_MIXED,
    SUMMARY_WEAK,
    TOPIC_BY_KEY,
)
from sqs_analysis.reference.directions import direction
from sqs_analysis.reference.names import slugify
from sqs_analysis.tables.areas import AREA_COLUMNS, area_columns


class LetterBuilder(ParagraphWriter):
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
        first_next = date(*add_months(self.year, month, 1), 1)
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
            rel_year, rel_month = add_months(rel_year, rel_month, -1)
        cohort_end = add_months(rel_year, rel_month, -22)
        cohort_start = add_months(*cohort_end, -11)
        national = national_average(cohort_end)
        rate_rng = random.Random(f"sqs-synth-rate:{self.seed}:{area}")
        area_rate = rate_rng.gauss(national + 1.5, 5.5) - 40 * self.area_effect
        rate = round(min(max(area_rate + rng.gauss(0, 2.0), 18.0), 62.0), 1)
        if rng.random() < 0.06:
            rate = national
        previous = round(min(max(rate + rng.gauss(0, 3.0), 15.0), 65.0), 1)
        if rng.random() < 0.1:
            previous = rate
        vs_prev = direction(rate - previous)
        vs_nat = direction(rate - national)

        cases = rng.randint(10, 28)
        self.cases = cases

        # Header, title, sections.
        recipient = person(rng)
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

        cases_text = number_text(cases, rng, 0.2)
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
            "rate_evidence": plain(rate_sentence),
            "rate_published": f"{rel_year:04d}-{rel_month:02d}",
            "cohort_start": f"{cohort_start[0]:04d}-{cohort_start[1]:02d}",
            "cohort_end": f"{cohort_end[0]:04d}-{cohort_end[1]:02d}",
            "cohort_evidence": footnote,
            "lead_inspector": inspector,
            **expected_area_columns(area, service_name, published),
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
            d1, d2 = ordinal(start.day), ordinal(end.day)
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
            k = rng.randint(1, 4) if role in MULTI_NAME_ROLES else 1
            names = ", ".join(person(rng) for _ in range(k))
            rows.append((role_text, names))
        return rows


def expected_area_columns(area: str, service_name: str, published: date) -> dict[str, str | None]:
    """The area lookup's columns for a letter's area, as the reports table should hold them.

    The areas are real services, so they resolve (invented names past the last of them do
    not, and keep empty cells). The lookup itself is checked against its sources in
    ``tests/test_areas.py``; here the key records what it gives, so that the synthetic corpus
    checks each letter's area reaches its codes through the parser and the tables."""
    import pandas as pd

    frame = pd.DataFrame(
        [{"area": area, "service_name": service_name, "publication_date": published}]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an invented name's "not in the lookup"
        row = area_columns(frame).iloc[0]
    return {
        name: None
        if pd.isna(row[name])
        else (row[name].date().isoformat() if name == "la_codes_as_at" else str(row[name]))
        for name in AREA_COLUMNS
    }
