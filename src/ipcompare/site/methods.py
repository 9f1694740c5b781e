"""The methods page of the site, in each language, from the markdown files of
``data/methods/<lang>/`` (``NN_topic.md``, read in name order).

Decisions (what the module promises)
    The text is data: one markdown file per topic, so a topic is added by adding a file
    (another part of the project adds ``70_attainment.md``). It is rendered with markdown-it-py
    (CommonMark and tables) with raw HTML switched off, so whatever the files hold is shown as
    text, never as markup. Two figures come from the data rather than the text, so they cannot
    go stale: a paragraph holding only ``{{populations}}`` becomes the table of reference
    populations (each plan's population, year and source, from the registry and
    ``population_2018.csv``), ``{{quality}}`` the table of quality figures (``quality.csv``, which
    a test recomputes against the reference sets, so it says what they score today), and
    ``{{plans}}`` the count of registered plans. Headings get
    stable ids and the page a table of contents. The files are inputs of the build
    (:func:`methods_fingerprint` is part of :func:`ipcompare.site.plan.tree_fingerprint`), so
    editing one rewrites the methods pages on the next build.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from ..paths import data_dir
from ..present.html import hword, slug
from ..present.wording import word
from .frame import METHODS, cite_html, nav_html
from .pages import page_html
from .render import add_toc

__all__ = ["METHODS_DIR", "methods_files", "methods_fingerprint", "methods_html", "methods_page",
           "quality_table"]

METHODS_DIR = "methods"
"""The folder of the methods files under the data directory."""
_HEADING = re.compile(r"<h([23])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def methods_files(lang: str, root: Path | None = None) -> list[Path]:
    """The methods files of one language, in name order (``10_targets.md`` …)."""
    folder = (root or data_dir()) / METHODS_DIR / lang
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def methods_fingerprint(root: Path | None = None) -> str:
    """Hash of every methods file (names and contents), in every language."""
    base = (root or data_dir()) / METHODS_DIR
    h = hashlib.sha256()
    for p in sorted(base.rglob("*.md")) if base.is_dir() else []:
        h.update(p.relative_to(base).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def _markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def populations_table(lang: str) -> str:
    """The reference population of every plan: name, residents (10,000), year, source."""
    from ..corpus.registry import jurisdictions

    reg = jurisdictions().drop_duplicates("jurisdiction")
    head = "".join(f"<th>{hword(k, lang)}</th>" for k in
                   ("col_plan", "col_population", "col_year", "col_source"))
    rows = []
    for r in reg.to_dict("records"):
        pop = r.get("population_10k")
        known = pop is not None and pop == pop
        cells = [html.escape(str(r.get(f"name_{lang}") or r["jurisdiction"])),
                 html.escape(f"{float(pop):,.2f}") if known else "",
                 html.escape(str(int(r["population_year"]))) if known else "",
                 html.escape(str(r.get("population_source") or "")) if known else ""]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>")


_QUALITY_COLUMNS = ("rows", "recall", "precision", "measure", "comparator", "target_year", "category")


def quality_table(lang: str, root: Path | None = None) -> str:
    """The quality figures of ``quality.csv``: one row per reference set and score."""
    import pandas as pd

    path = (root or data_dir()) / "quality.csv"
    if not path.is_file():
        return ""
    q = pd.read_csv(path, dtype=str, keep_default_na=False)
    head = "".join(f"<th>{hword(k, lang)}</th>" for k in
                   ("col_reference_set", *(f"col_q_{c}" for c in _QUALITY_COLUMNS)))
    rows = []
    for r in q.to_dict("records"):
        cells = [html.escape(r[f"label_{lang}"]), html.escape(r["rows"]),
                 *(html.escape(f"{float(r[c]):.1f}%") for c in _QUALITY_COLUMNS[1:])]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>")


def methods_html(lang: str, root: Path | None = None) -> str:
    """The methods text of one language as HTML (headings with ids, data figures filled in)."""
    from ..corpus.registry import jurisdiction_ids

    body = "".join(_markdown(p.read_text(encoding="utf-8")) for p in methods_files(lang, root))
    body = body.replace("<p>{{populations}}</p>", populations_table(lang))
    body = body.replace("<p>{{quality}}</p>", quality_table(lang, root))
    body = body.replace("{{plans}}", str(len(jurisdiction_ids())))
    seen: set[str] = set()

    def ident(m: re.Match[str]) -> str:
        base = slug(html.unescape(_TAG.sub("", m.group(2))))
        hid, n = base, 2
        while hid in seen:
            hid, n = f"{base}-{n}", n + 1
        seen.add(hid)
        return f'<h{m.group(1)} id="{html.escape(hid)}">{m.group(2)}</h{m.group(1)}>'

    return _HEADING.sub(ident, body)


def methods_page(lang: str, data_version: str) -> str:
    """The whole methods page of one language (navigation, contents, text, cite line)."""
    page = METHODS[lang]
    title = word("methods_title", lang)
    body = (nav_html(page, lang) + f"<h1>{html.escape(title)}</h1>" + methods_html(lang)
            + cite_html(page, title, lang, data_version))
    return add_toc(page_html(title, body, lang))
