"""Footnotes of the reports: what a report may cite, the sources list, and cited sentences.

Decisions (what the module promises)
    Every number a section states carries a footnote to the verbatim quote(s) behind it, and
    each footnote cites its plan as a reader cites it: title, issuer, document number, date,
    the section heading the quote stands under and the source URL or archive reference, each
    where the registry (or the extractor, for the heading) knows it
    (:func:`with_plan_citation`).
    Targets are cited by ``target_id``; task items (actions) are citable too, under their
    ``action_id`` (:func:`citable`), so a count of actions links to the actions' own text.
    Footnote marks compress runs of three or more consecutive numbers (``[1–43]``), and
    :func:`reserve` numbers groups of rows up front so that each group cites as one run.
    A number in a sentence is found as a whole number only (the 1 of "1 more" is not the 1 of
    an earlier "10,000"), and the numbers of a sentence are footnoted in the order the
    language's wording places them (:func:`sentence`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..present import html as report
from ..present.narrative import Number, Sentence, format_number
from ..present.wording import word
from . import inputs

__all__ = ["PLAN_CITATION", "Cited", "Sources", "cite_ids", "citable", "count", "paragraph", "reserve", "sentence",
           "sentence_html", "sources_for", "sources_section", "with_plan_citation"]


class Sources(report.Sources):
    """:class:`ipcompare.present.html.Sources` whose footnote marks compress runs: ``[1–43]``."""

    def cite(self, target_ids: str | Iterable[str]) -> str:
        """Footnote links to the quotes of one or more rows (three or more in a row: a range)."""
        ids = [target_ids] if isinstance(target_ids, str) else list(target_ids)
        ids = [i for part in ids for i in str(part).split("|") if i]
        numbers = sorted({self.number(i): i for i in dict.fromkeys(ids)}.items())
        if not numbers:
            return ""
        runs: list[list[tuple[int, str]]] = [[numbers[0]]]
        for n in numbers[1:]:
            if n[0] == runs[-1][-1][0] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])

        def link(n: tuple[int, str]) -> str:
            return f'<a href="#src-{html.escape(n[1])}">{n[0]}</a>'

        parts = []
        for run in runs:
            if len(run) >= 3:
                parts.append(f"{link(run[0])}–{link(run[-1])}")
            else:
                parts.extend(link(n) for n in run)
        return f'<sup class="ipc-ref">[{", ".join(parts)}]</sup>'


def citable(targets: pd.DataFrame | None = None, actions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every row a report may cite: targets, task items under their ``action_id``, published
    outcomes under their ``outcome_id`` and populations (``pop:wuhan:2020``)."""
    t = inputs.targets() if targets is None else targets
    m = inputs.actions() if actions is None else actions
    cols = ["target_id", "jurisdiction", "document", "quote", "start", "end", "status", "source",
            "section"]
    t = t.reindex(columns=cols)
    m = pd.DataFrame({
        "target_id": m["action_id"], "jurisdiction": m["jurisdiction"], "document": m["document"],
        "quote": m["quote"], "start": m["start"], "end": m["end"], "status": "measure",
        "source": "text", "section": m.get("section_path", ""),
    })
    o = inputs.outcomes()
    o = pd.DataFrame({
        "target_id": o["outcome_id"], "jurisdiction": o["jurisdiction"], "document": "",
        "quote": o["quote"], "start": pd.NA, "end": pd.NA, "status": "outcome",
        "source": o["source_title"] + " — " + o["url"],
    })
    p = inputs.populations()
    p = pd.DataFrame({
        "target_id": [f"pop:{j}:{int(y)}" for j, y in zip(p["jurisdiction"], p["year"], strict=True)],
        "jurisdiction": p["jurisdiction"], "document": "", "quote": p["quote"], "start": pd.NA,
        "end": pd.NA, "status": "population",
        "source": p["source"] + (" — " + p["url"]).where(p["url"] != "", ""),
    })
    rows = pd.concat([t, m, o, p], ignore_index=True).drop_duplicates("target_id")
    return with_plan_citation(rows, inputs.registry())


#: the registry fields a footnote cites its plan by, named as :class:`Sources` reads them
PLAN_CITATION = {"title": "doc_title", "issuer": "doc_issuer", "doc_number": "doc_number",
                 "issued": "doc_issued", "source_url": "doc_url", "archive_ref": "doc_archive"}


def with_plan_citation(rows: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """Citable rows with their plan's title, issuer, document number, date, URL and archive
    reference from the registry (empty where the registry states none); pure."""
    reg = registry.reindex(columns=["document", *PLAN_CITATION]).drop_duplicates("document")
    reg = reg.rename(columns=PLAN_CITATION).fillna("").astype(str)
    out = rows.drop(columns=[c for c in PLAN_CITATION.values() if c in rows.columns])
    out = out.merge(reg, on="document", how="left")
    for col in PLAN_CITATION.values():
        out[col] = out[col].fillna("")
    return out


def sources_for(lang: str, targets: pd.DataFrame | None = None,
                actions: pd.DataFrame | None = None) -> Sources:
    """The footnotes of one report: every target and task item of the corpus, none cited yet."""
    return Sources(citable(targets, actions), lang)


def reserve(sources: report.Sources, *groups: Iterable[str]) -> None:
    """Number these rows' footnotes now, group after group, so each group cites as one run."""
    for group in groups:
        for i in group:
            sources.number(i)


def cite_ids(sources: report.Sources, ids: Sequence[str]) -> str:
    """The footnote of some rows ('' for none)."""
    return sources.cite(list(ids)) if ids else ""


def sentence_html(sentence: Sentence, sources: report.Sources) -> str:
    """A narrative sentence as HTML with a footnote after each number (targets and actions);
    a number is only found as a whole number: the 1 of "1 more" is not the 1 of "10,000"."""
    out = html.escape(sentence.text)
    pos = 0
    for n in sentence.numbers:
        shown = html.escape(n.text)
        m = re.compile(r"(?<!\d)(?<!\d[.,])" + re.escape(shown) + r"(?!\d|[.,]\d)").search(out, pos)
        if m is None:
            continue
        ref = sources.cite(tuple(n.target_ids) + tuple(n.action_ids))
        out = out[: m.end()] + ref + out[m.end():]
        pos = m.end() + len(ref)
    return out


def paragraph(sentences: Sequence[Sentence], sources: report.Sources) -> str:
    """Sentences as one paragraph (joined with a space in English, directly in Chinese)."""
    if not sentences:
        return ""
    joiner = "" if sentences[0].lang == "zh" else " "
    return "<p>" + joiner.join(sentence_html(s, sources) for s in sentences) + "</p>"


def sources_section(sources: report.Sources, lang: str) -> str:
    """The closing section: every cited quote, numbered, anchored ``src-<id>``."""
    return report.heading(word("sources", lang), 2, "sources") + sources.html()


@dataclass(frozen=True)
class Cited:
    """Text filling a field of a sentence, with the numbers it shows (in order)."""

    text: str
    numbers: tuple[Number, ...]


def sentence(key: str, lang: str, **fields: Any) -> Sentence:
    """The sentence ``key`` of the wording; fields given as Numbers (or :class:`Cited`) are
    footnoted, in the order the language's wording places them (fields it does not use are
    left out)."""
    template = word(key, lang)
    texts: dict[str, Any] = {}
    cited: list[tuple[int, tuple[Number, ...]]] = []
    for name, value in fields.items():
        if isinstance(value, Number):
            value = Cited(value.text, (value,))
        if isinstance(value, Cited):
            pos = template.find("{" + name + "}")
            if pos >= 0:
                cited.append((pos, value.numbers))
            value = value.text
        texts[name] = value
    numbers = [n for _, ns in sorted(cited, key=lambda c: c[0]) for n in ns]
    return Sentence(template.format(**texts), lang, numbers)


def count(n: int, lang: str, ids: Iterable[str] = (), action_ids: Iterable[str] = ()) -> Number:
    """A count as a footnoted number (citing the rows counted)."""
    return Number(format_number(n, lang), float(n), tuple(ids), action_ids=tuple(action_ids))
