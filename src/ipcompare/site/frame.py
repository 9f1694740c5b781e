"""The frame every page of the site shares: the navigation bar (home, the same page in the
other language, methods, build status) and the "cite this page" line.

Decisions (what the module promises)
    Where the site's own pages live is said once (:data:`HOME`, :data:`METHODS`,
    :data:`STATUS`); a report's twin in the other language is the page of the same report with
    the other ``lang`` (reports are named ``…__<lang>.html`` by
    :func:`ipcompare.sections.config.report_page`). Every address is relative to the page
    (``../index.html`` from a report), so the site works from any folder or host. Wording comes
    from ``data/report_words.yaml``; every value (titles, versions, paths) is escaped. The cite
    line gives the page's title, the ipcompare version and data version, the build date and a
    URL made of a placeholder for where the site is published and the page's path.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from .. import __version__
from ..present.html import Html, hword
from ..vocab.constants import LANGS

#: the style of the site's own pages (landing, methods, status, error pages)
PAGE_STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
       max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.5; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
.failed { color: #b00020; font-weight: bold; }
.ok { color: #1b5e20; }
pre { background: #f6f6f6; padding: 1rem; overflow-x: auto; white-space: pre-wrap; }
.meta { color: #555; font-size: .9em; }
.table-wrap { overflow-x: auto; }
ul.ipc-cols { columns: 2 22rem; }
"""

HOME = {"en": "index.html", "zh": "index_zh.html"}
"""The landing page in each language."""
METHODS = {"en": "methods.html", "zh": "methods_zh.html"}
"""The methods page in each language."""
STATUS = "status.html"
"""The build status of every report (the table the index used to be)."""
SITE_PAGES = (*HOME.values(), *METHODS.values(), STATUS)
"""The pages a build writes around the reports."""

NAV_STYLE = (
    "nav.ipc-nav { max-width: 64rem; margin: .5rem auto; padding: .4rem 1rem; "
    "border-bottom: 1px solid #ddd; font-size: .95em; }"
    " nav.ipc-nav a { margin-right: 1.2rem; text-decoration: none; }"
    " p.ipc-cite { max-width: 64rem; margin: 2rem auto 1rem; padding: .5rem 1rem; "
    "border-top: 1px solid #ddd; color: #555; font-size: .85em; }"
)
"""How the navigation bar and the cite line look (in every page's style)."""

_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.I)
_BODY_CLOSE = re.compile(r"</body>", re.I)


def other_lang(lang: str) -> str:
    """The other report language."""
    return next(x for x in LANGS if x != lang)


def twin_page(page: str, lang: str) -> str | None:
    """The same page in the other language (a path from the site root), or None."""
    other = other_lang(lang)
    for pages in (HOME, METHODS):
        if pages.get(lang) == page:
            return pages[other]
    suffix = f"__{lang}.html"
    return page[: -len(suffix)] + f"__{other}.html" if page.endswith(suffix) else None


def relative(from_page: str, to_page: str) -> str:
    """The address of ``to_page`` from ``from_page`` (both paths from the site root)."""
    return "../" * from_page.count("/") + to_page


def nav_html(page: str, lang: str) -> str:
    """The navigation bar of a page: home, the same page in the other language, methods and
    build status (the page itself is not linked)."""
    items = [(HOME[lang], "nav_home"), (twin_page(page, lang), "nav_twin"),
             (METHODS[lang], "nav_methods"), (STATUS, "nav_status")]
    links = [f'<a href="{html.escape(relative(page, target))}" data-nav="{key[4:]}"'
             + (f' hreflang="{other_lang(lang)}" lang="{other_lang(lang)}"' if key == "nav_twin" else "")
             + f">{hword(key, lang)}</a>"
             for target, key in items if target and target != page]
    return f'<nav class="ipc-nav" aria-label="{html.escape(hword("nav_label", lang))}">{"".join(links)}</nav>'


def build_date() -> str:
    """Today's date (UTC), the build date a cite line gives."""
    return datetime.now(UTC).date().isoformat()


def cite_html(page: str, title: str, lang: str, data_version: str, date: str | None = None) -> str:
    """The "cite this page" line: title, ipcompare version, data version, build date, URL."""
    url = hword("cite_url", lang, path=page)
    text = hword("cite_this", lang, title=title, version=__version__, data=data_version,
                 date=date or build_date(), url=Html(url))
    return f'<p class="ipc-cite">{text}</p>'


def frame(page_html: str, page: str, title: str, lang: str, data_version: str) -> str:
    """A rendered page with the navigation bar after ``<body>`` and the cite line before
    ``</body>`` (and their style in the head)."""
    out = page_html.replace("</head>", f"<style>{NAV_STYLE}</style></head>", 1)
    m = _BODY_OPEN.search(out)
    nav = nav_html(page, lang)
    out = out[: m.end()] + nav + out[m.end():] if m else nav + out
    cite = cite_html(page, title, lang, data_version)
    closes = list(_BODY_CLOSE.finditer(out))
    return out[: closes[-1].start()] + cite + out[closes[-1].start():] if closes else out + cite
