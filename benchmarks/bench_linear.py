"""Extraction time against input size on single long inputs, with fitted growth exponents.

Two families of inputs, each through ``ipcompare.corpus.tables.extract_document`` (extraction,
restatement and milestone linking, scope, measures from evidence, validation, quote check):

(a) **one long document**: the registered corpus (5 plans) written k times into ONE text,
    k = 1, 2, 4, … 128 (the corpus of 48k characters up to 6.1 million in one document: work
    per document that is quadratic shows here, and not in ``bench_extract.py`` (b), whose
    corpora grow by adding plans);
(b) **one long clause or sentence**, 1 KB … 100 KB, of pathological repetition:
    ``percent`` = ``到2020年，增长10%10%…`` (one clause of repeated percentages), ``items`` =
    ``指标1达到1件，指标2达到2件，…`` (one sentence of thousands of clauses), ``no_stop`` =
    ``到2020年发明专利拥有量达到45000件…`` repeated without punctuation, ``reach`` =
    ``达到100件…`` repeated.

For each curve: seconds (best of ``--repeats``, once a measurement passes 5 s it runs once), the
peak memory of one more, untimed run under tracemalloc (``--no-memory`` skips it), rows,
the longest quote and the total of quote characters over the input's characters (output size),
and the exponent b of a least-squares fit t ≈ c·nᵇ (and of memory) on log-log axes (b ≈ 1: linear; 2:
quadratic), over every point and over the upper half (where fixed costs no longer weigh).
Prints markdown tables; writes ``benchmarks/results/linear.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from ipcompare.corpus.documents import Document
from ipcompare.corpus.registry import registered_documents
from ipcompare.corpus.tables import extract_document

HERE = Path(__file__).resolve().parent
RESULT = HERE / "results" / "linear.json"
COPIES = (1, 2, 4, 8, 16, 32, 64, 128)
KB = (1, 2, 4, 8, 16, 32, 64, 100)

PATTERNS: dict[str, tuple[str, Callable[[int], str], str]] = {
    # name: (head, unit i → repeated piece, tail)
    "percent": ("到2020年，增长", lambda i: "10%", "。"),
    "items": ("", lambda i: f"指标{i}达到{i}件，", "。"),
    "no_stop": ("", lambda i: "到2020年发明专利拥有量达到45000件", "。"),
    "reach": ("", lambda i: "达到100件", "。"),
}


def clause_text(kind: str, chars: int) -> str:
    """About ``chars`` characters of one pathological clause or sentence."""
    head, piece, tail = PATTERNS[kind]
    parts, n, i = [head], len(head) + len(tail), 0
    while n < chars:
        p = piece(i)
        parts.append(p)
        n += len(p)
        i += 1
    return "".join(parts) + tail


def long_document(real: Sequence[Document], copies: int) -> Document:
    """The registered corpus written ``copies`` times into one document."""
    text = "\n".join(d.text for d in real)
    return replace(real[0], document="long", text="\n".join([text] * copies))


def peak_mb(doc: Document) -> float:
    """Peak memory Python allocates while extracting ``doc`` (tracemalloc; an untimed run)."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        extract_document(doc)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def measure(doc: Document, repeats: int, budget_s: float = 5.0, memory: bool = True) -> dict:
    """Best wall-clock seconds of extract_document, with the shape of its output (and, with
    ``memory``, the peak memory of one more run)."""
    times, table = [], None
    for _ in range(max(1, repeats)):
        t = time.perf_counter()
        table = extract_document(doc)
        times.append(time.perf_counter() - t)
        if times[-1] >= budget_s:
            break
    quotes = table["quote"].astype(str).str.len() if len(table) else []
    return {
        "chars": len(doc.text), "rows": len(table), "best_s": min(times), "times": times,
        "max_quote": int(max(quotes, default=0)),
        "quote_chars_per_input_char": float(sum(quotes)) / len(doc.text),
        "peak_mb": peak_mb(doc) if memory else None,
    }


def exponent(points: Sequence[dict], key: str = "best_s") -> float | None:
    """b of the least-squares fit log y = a + b log n (y: seconds, or peak memory)."""
    pts = [(math.log(p["chars"]), math.log(p[key])) for p in points if (p.get(key) or 0) > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def fits(points: Sequence[dict]) -> dict:
    upper = list(points)[len(points) // 2:]
    return {"exponent": exponent(points), "exponent_upper_half": exponent(upper),
            "memory_exponent": exponent(points, "peak_mb"),
            "memory_exponent_upper_half": exponent(upper, "peak_mb")}


def run(copies: Sequence[int] = COPIES, kb: Sequence[int] = KB,
        kinds: Sequence[str] = tuple(PATTERNS), repeats: int = 3, memory: bool = True) -> dict:
    real = registered_documents()
    extract_document(long_document(real, 1))  # warm-up: one-time loads
    curves: dict[str, list[dict]] = {"document": []}
    for k in copies:
        curves["document"].append({"size": k, **measure(long_document(real, k), repeats, memory=memory)})
    for kind in kinds:
        curves[kind] = []
        for size in kb:
            doc = replace(real[0], document=kind, text=clause_text(kind, size * 1000))
            curves[kind].append({"size": size, **measure(doc, repeats, memory=memory)})
    return {"curves": curves, "fits": {name: fits(pts) for name, pts in curves.items()}}


def _exp(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _mb(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}"


def to_markdown(r: dict) -> str:
    out = []
    for name, pts in r["curves"].items():
        label = "corpus copies" if name == "document" else "KB"
        out += [f"#### {name}", "",
                f"| {label} | characters | rows | seconds | peak MB | longest quote | "
                "quote chars per input char |",
                "|---:|---:|---:|---:|---:|---:|---:|"]
        out += [f"| {p['size']} | {p['chars']:,} | {p['rows']:,} | {p['best_s']:.3f} | "
                f"{_mb(p.get('peak_mb'))} | {p['max_quote']:,} | "
                f"{p['quote_chars_per_input_char']:.2f} |" for p in pts]
        out.append("")
    out += ["| curve | time exponent (all points) | (upper half) | memory exponent (all) | (upper half) |",
            "|---|---:|---:|---:|---:|"]
    out += [f"| {n} | {_exp(f['exponent'])} | {_exp(f['exponent_upper_half'])} | "
            f"{_exp(f.get('memory_exponent'))} | {_exp(f.get('memory_exponent_upper_half'))} |"
            for n, f in r["fits"].items()]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, nargs="+", default=list(COPIES),
                    help="copies of the corpus in one document")
    ap.add_argument("--kb", type=int, nargs="+", default=list(KB), help="clause sizes in KB")
    ap.add_argument("--kinds", nargs="+", default=list(PATTERNS), choices=list(PATTERNS))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory runs")
    ap.add_argument("--out", type=Path, default=RESULT)
    args = ap.parse_args(argv)
    r = run(args.copies, args.kb, args.kinds, args.repeats, memory=not args.no_memory)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(r, indent=1), encoding="utf-8")
    print(to_markdown(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
