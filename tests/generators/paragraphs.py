"""The numbered paragraphs of a synthetic letter: quantified statements and their true counts.

A mixin of :class:`generators.builder.LetterBuilder`, which owns the random stream (``rng``),
the sample size (``cases``) and the judgements recorded so far.
"""

from __future__ import annotations

import random
from typing import Any

from generators.model import (
    DOMAINS,
    FIRST_YEAR,
    KeyJudgement,
    Numbered,
    Truth,
    draw,
    number_text,
    plain,
)
from generators.wording import BARE_GROUPS, GROUPS, TOPICS, WORDINGS, Topic


class ParagraphWriter:
    """Writes the commentary's numbered paragraphs and records each judgement's truth."""

    rng: random.Random
    cases: int
    shares: dict[str, float]
    used_intros: set[str]
    judgements: list[KeyJudgement]
    variants: dict[str, str]
    area_effect: float
    year: int

    def choose(self, variant: str, options: Any, weights: Any = None) -> Any:
        raise NotImplementedError

    def fill(self, template: str, **extra: str) -> str:
        raise NotImplementedError

    # -- quantified statements ----------------------------------------------------------------
    def _quantified(
        self,
        truth: Truth,
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
            words = f"{number_text(counted, rng, 0.3)} of the {number_text(d, rng, 0.3)}"
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
        truth: Truth,
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
        truth: Truth,
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
                evidence=plain(evidence),
                required=required,
            )
        )

    def _group_subject(self, truth: Truth, pronoun: str) -> tuple[str, str, str]:
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
            w = f"only {number_text(n, rng, 0.9)}"
            return w[0].upper() + w[1:], "only N of M", w
        w = f"{number_text(n, rng, 0.9)} of {pronoun}"
        return w[0].upper() + w[1:], "N of M", w

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
        truth = Truth(draw(rng, p, d), d)
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
                self._negative(topic, para, Truth(d - bad, d))
        self._fillers(topic, truth.share, para)

    def _negative(self, topic: Topic, para: Numbered, truth: Truth) -> None:
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
        setup = rng.choice(topic.intros).format(k=number_text(psr, rng, 0.7))
        truth = Truth(draw(rng, p, psr), psr)
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
        truth = Truth(draw(rng, p, psr), psr)
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
            numbers = f"{number_text(n, rng, 0.8)} of the {number_text(k, rng, 0.8)}"
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
        truth = Truth(draw(rng, p, custody), custody)
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
                g = (
                    f"only {number_text(n, rng, 0.9)}"
                    if n <= custody / 2
                    else number_text(n, rng, 0.9)
                )
                qname = "only N of M" if g.startswith("only") else "N of M"
                words = g
            sentence = self.fill(topic.positive[0], k=number_text(custody, rng, 0.9), g=g)
            para.sentences.append(sentence)
            source = "stated"
        else:
            setup = self.fill(
                rng.choice(topic.intros), K=number_text(custody, rng, 0.9).capitalize()
            )
            if n == custody:
                g, qname, words = "all of them", "all", "all"
            elif n == 0:
                g, qname, words = "none of them", "none", "none"
            elif n == custody - 1 and rng.random() < 0.5:
                g, qname, words = "all but one", "all but one", "all but one"
            else:
                words = f"{number_text(n, rng, 0.9)} of them"
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
        assessed = Truth(draw(rng, min(p + 0.1, 0.995), d), d)
        planned = Truth(min(assessed.numerator, draw(rng, p - 0.1, d)), d)
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
