"""Extraction speed: the real corpus (cold, warm), synthetic corpora 1×–100×, naive baselines.

Measured with ``time.perf_counter``, best of N repeats after a warm-up:

(a) the registered corpus through ``ipcompare.corpus.tables.build_targets`` — the cold first call in a
    fresh interpreter (one-time loads included) apart from warm calls, with a stage breakdown;
(b) synthetic corpora of 1×, 10×, 25×, 50×, 100× the real corpus's characters (more plans of
    average size), with a least-squares fit of time against characters;
(c) in the same run, the obvious baselines: a naive extractor that, for every number found by a
    plain regex, re-splits the WHOLE document into sentences to find its own (quadratic in the
    document's length), and the plain regex scan alone (a lower bound);
(d) one synthetic plan growing in length (1×–16× an average plan), where quadratic work shows.

Prints markdown tables and writes ``benchmarks/results/extract.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from synthetic import average_chars, make_corpus

from ipcompare import Document
from ipcompare.corpus.registry import registered_documents
from ipcompare.corpus.review import apply_corrections, load_corrections
from ipcompare.corpus.supplementary import supplementary_targets
from ipcompare.corpus.tables import build_targets, context_for
from ipcompare.extract.restate import link_restatements
from ipcompare.extract.schema import check_quotes, validate_targets
from ipcompare.extract.targets import extract_rows

HERE = Path(__file__).resolve().parent
RESULT = HERE / "results" / "extract.json"
SIZES = (1, 10, 25, 50, 100)
LENGTHS = (1, 2, 4, 8, 16)

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?\n])")


# -- baselines ------------------------------------------------------------------------------------
def regex_scan(text: str) -> list[tuple[int, str]]:
    """Every number a plain regex finds, with its offset (the lower bound of any extractor)."""
    return [(m.start(), m.group()) for m in _NUMBER.finditer(text)]


def naive_extract(text: str) -> list[tuple[int, str, str]]:
    """The first-attempt extractor: per number, re-split the whole text to find its sentence."""
    out = []
    for m in _NUMBER.finditer(text):
        pos = 0
        for sentence in _SENTENCE_END.split(text):
            if pos <= m.start() < pos + len(sentence):
                out.append((m.start(), m.group(), sentence))
                break
            pos += len(sentence)
    return out


# -- caches ---------------------------------------------------------------------------------------
def cached_functions() -> dict[str, Callable]:
    """Every functools-cached function of the loaded ipcompare modules, by qualified name."""
    found: dict[str, Callable] = {}
    for mod_name, module in sorted(sys.modules.items()):
        if mod_name != "ipcompare" and not mod_name.startswith("ipcompare."):
            continue
        for name, obj in vars(module).items():
            if callable(obj) and hasattr(obj, "cache_clear") and obj.__module__ == mod_name:
                found[f"{mod_name}.{name}"] = obj
    return found


def cache_kinds() -> dict[str, list[str]]:
    """Split the caches into one-time loads (``@cache``: data files, registry) and per-input
    memos (``lru_cache(maxsize=N)``: classify, parse_numeral …) that warm runs start empty."""
    kinds: dict[str, list[str]] = {"one_time": [], "memo": []}
    for name, fn in sorted(cached_functions().items()):
        bounded = fn.cache_parameters().get("maxsize") is not None
        kinds["memo" if bounded else "one_time"].append(name)
    return kinds


def clear_memos() -> None:
    """Empty the per-input memo caches, so a repeat cannot reuse the previous repeat's answers."""
    funcs = cached_functions()
    for name in cache_kinds()["memo"]:
        funcs[name].cache_clear()


def memo_hit_rates() -> dict[str, float | None]:
    """Share of calls each memo cache answered since it was last emptied."""
    funcs = cached_functions()
    out = {}
    for name in cache_kinds()["memo"]:
        info = funcs[name].cache_info()
        calls = info.hits + info.misses
        out[name] = info.hits / calls if calls else None
    return out


def one_time_loads() -> dict[str, float]:
    """Seconds to (re)load the lexicon and the taxonomy, the one-time cost of a process."""
    funcs = cached_functions()
    out = {}
    for name in sorted(funcs):  # found by function name, whatever module defines it
        if name.rsplit(".", 1)[-1] in ("lexicon", "load_taxonomy"):
            funcs[name].cache_clear()
            t0 = time.perf_counter()
            funcs[name]()
            out[name] = time.perf_counter() - t0
    return out


# -- timing ---------------------------------------------------------------------------------------
def best_of(fn: Callable[[], object], repeats: int, budget_s: float,
            before: Callable[[], None] | None = None) -> dict:
    """Time ``fn`` up to ``repeats`` times (at least once; no new repeat past ``budget_s``).

    Wall-clock time (``perf_counter``) is the figure; the process's CPU time (``process_time``)
    is kept beside it to show when other processes slowed a repeat down (wall >> CPU).
    """
    times: list[float] = []
    cpu: list[float] = []
    while len(times) < max(1, repeats) and (not times or sum(times) < budget_s):
        if before is not None:
            before()
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"best_s": min(times), "times_s": times, "best_cpu_s": min(cpu), "cpu_s": cpu}


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> dict:
    """Least-squares line y = intercept + slope·x, with its R²."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx if sxx else 0.0
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    return {"slope": slope, "intercept": intercept, "r2": 1 - ss_res / ss_tot if ss_tot else 1.0}


def _chars(docs: Sequence[Document]) -> int:
    return sum(len(d.text) for d in docs)


def _ours(docs: Sequence[Document], seen: dict | None = None) -> Callable[[], object]:
    def call() -> None:
        table = build_targets(list(docs)).table
        if seen is not None:
            seen["rows"] = len(table)

    return call


def _naive(docs: Sequence[Document]) -> Callable[[], object]:
    return lambda: [naive_extract(d.text) for d in docs]


def _scan(docs: Sequence[Document]) -> Callable[[], object]:
    return lambda: [regex_scan(d.text) for d in docs]


def measure_corpus(docs: Sequence[Document], repeats: int, budget_s: float) -> dict:
    """Ours (memos cleared before each repeat), the naive extractor and the regex scan on docs."""
    chars = _chars(docs)
    seen: dict = {}
    ours = best_of(_ours(docs, seen), repeats, budget_s, clear_memos)
    ours["memo_hit_rate"] = memo_hit_rates()  # of the last repeat (caches emptied before it)
    naive = best_of(_naive(docs), repeats, budget_s)
    scan = best_of(_scan(docs), repeats, budget_s)
    for m in (ours, naive, scan):
        m["chars_per_s"] = chars / m["best_s"]
    return {
        "plans": len(docs), "chars": chars, "rows": seen["rows"],
        "numbers": sum(len(regex_scan(d.text)) for d in docs),
        "ours": ours, "naive": naive, "scan": scan,
        "ours_vs_naive": ours["best_s"] / naive["best_s"],
        "ours_vs_scan": ours["best_s"] / scan["best_s"],
    }


def stage_times(docs: Sequence[Document]) -> dict[str, float]:
    """One pass of build_targets's stages, timed apart (mirrors corpus.extract_document)."""
    out = dict.fromkeys(("extract_rows", "link_restatements", "validate_and_check_quotes",
                         "corpus_level"), 0.0)
    frames = []
    for d in docs:
        t0 = time.perf_counter()
        df = extract_rows(d.text, context_for(d))
        t1 = time.perf_counter()
        df = link_restatements(df)
        t2 = time.perf_counter()
        df = validate_targets(df)
        check_quotes(df, {d.document: d.text})
        t3 = time.perf_counter()
        out["extract_rows"] += t1 - t0
        out["link_restatements"] += t2 - t1
        out["validate_and_check_quotes"] += t3 - t2
        frames.append(df)
    t0 = time.perf_counter()
    ids = {d.jurisdiction for d in docs}
    sup = supplementary_targets()
    frames.append(validate_targets(sup[sup["jurisdiction"].isin(ids)]))
    import pandas as pd

    frames = [f for f in frames if len(f)]
    if frames:  # build_targets validates an empty table instead
        table = pd.concat(frames, ignore_index=True)
        table, _report = apply_corrections(table, load_corrections())
        validate_targets(table.reset_index(drop=True))
    out["corpus_level"] = time.perf_counter() - t0
    return out


_COLD = """
import json, time
t0 = time.perf_counter()
from ipcompare.corpus.tables import build_targets
from ipcompare.corpus.registry import registered_documents
t1 = time.perf_counter()
docs = registered_documents()
t2 = time.perf_counter()
build_targets(docs)
t3 = time.perf_counter()
build_targets(docs)
t4 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "read_documents_s": t2 - t1,
                  "first_call_s": t3 - t2, "second_call_s": t4 - t3}))
"""


def cold_start() -> dict:
    """Import, read and extract the registered corpus twice in a fresh interpreter."""
    proc = subprocess.run([sys.executable, "-c", _COLD], capture_output=True, text=True,
                          check=True, cwd=HERE)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure_real(docs: Sequence[Document], repeats: int, budget_s: float, cold: bool) -> dict:
    """Section (a): the registered corpus, cold and warm, with one-time loads and stages."""
    out: dict = {"cold": cold_start() if cold else None, "one_time_loads_s": one_time_loads()}
    build_targets(list(docs))  # warm-up
    out.update(measure_corpus(docs, repeats, budget_s))
    out["hot"] = best_of(_ours(docs), repeats, budget_s)  # memos kept from the previous repeat
    clear_memos()
    out["stages_s"] = stage_times(docs)
    return out


def measure_sizes(real: Sequence[Document], sizes: Sequence[int], repeats: int, budget_s: float,
                  seed: int, per_plan: float) -> list[dict]:
    """Section (b)+(c): synthetic corpora of k× the real corpus (k·len(real) plans)."""
    out = []
    for k in sizes:
        docs = make_corpus(k * len(real), seed, chars_per_plan=per_plan, source=real)
        out.append({"k": k, **measure_corpus(docs, repeats, budget_s)})
        print(f"  {k}×: {out[-1]['ours']['best_s']:.2f} s", file=sys.stderr, flush=True)
    return out


def measure_lengths(real: Sequence[Document], lengths: Sequence[int], repeats: int,
                    budget_s: float, seed: int, per_plan: float) -> list[dict]:
    """Section (d): one synthetic plan of L× the average plan's length."""
    out = []
    for n in lengths:
        docs = make_corpus(1, seed, chars_per_plan=n * per_plan, source=real)
        out.append({"length": n, **measure_corpus(docs, repeats, budget_s)})
        clear_memos()
        out[-1]["stages_s"] = stage_times(docs)
        print(f"  length {n}×: {out[-1]['ours']['best_s']:.2f} s", file=sys.stderr, flush=True)
    return out


def fits(points: Sequence[dict], key: str) -> dict:
    """Per method: slope (s per million characters), intercept, R², and growth vs size.

    ``ours (CPU)`` fits our process CPU time: on a shared machine it is the steadier figure.
    """
    series = {
        "ours": [p["ours"]["best_s"] for p in points],
        "ours (CPU)": [p["ours"]["best_cpu_s"] for p in points],
        "naive": [p["naive"]["best_s"] for p in points],
        "scan": [p["scan"]["best_s"] for p in points],
    }
    out = {}
    first, last = points[0], points[-1]
    for method, ys in series.items():
        f = linear_fit([p["chars"] / 1e6 for p in points], ys)
        f["growth"] = ys[-1] / ys[0]
        f["growth_per_size"] = f["growth"] / (last[key] / first[key])  # ≈1: linear
        f["growth_per_char"] = f["growth"] / (last["chars"] / first["chars"])
        if len(points) >= 3:  # from the second point: less sensitive to per-call overhead
            f["growth_per_size_from_second"] = (ys[-1] / ys[1]) / (last[key] / points[1][key])
        out[method] = f
    return out


def machine() -> dict:
    """Where the figures were measured."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        model = next((ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines()
                      if ln.startswith("model name")), "")

    def git(*args: str) -> str:
        r = subprocess.run(["git", *args], capture_output=True, text=True, cwd=HERE.parent,
                           check=False)
        return r.stdout.strip()

    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": model, "python": platform.python_version(), "platform": platform.platform(),
        "pandas": pd.__version__, "commit": git("rev-parse", "--short", "HEAD"),
        "src_changes": git("status", "--porcelain", "--", "src").splitlines(),
    }


def run(sizes: Sequence[int] = SIZES, lengths: Sequence[int] = LENGTHS, repeats: int = 5,
        budget_s: float = 5.0, seed: int = 0, real_docs: Sequence[Document] | None = None,
        cold: bool = True, chars_per_plan: float | None = None) -> dict:
    """Run every section and return the figures as a JSON-ready dict.

    ``real_docs`` (default: the registered plans) is section (a)'s corpus and the source of the
    synthetic plans, whose size is ``chars_per_plan`` (default: the average of ``real_docs``).
    """
    t0 = time.perf_counter()
    real = list(real_docs) if real_docs is not None else registered_documents()
    per_plan = chars_per_plan if chars_per_plan is not None else average_chars(real)
    result: dict = {
        "machine": machine(),
        "settings": {"sizes": list(sizes), "lengths": list(lengths), "repeats": repeats,
                     "budget_s": budget_s, "seed": seed, "chars_per_plan": per_plan},
        "caches": cache_kinds(),
    }
    print("real corpus …", file=sys.stderr, flush=True)
    result["real"] = measure_real(real, repeats, budget_s, cold)
    print("corpus sizes …", file=sys.stderr, flush=True)
    result["sizes"] = measure_sizes(real, sizes, repeats, budget_s, seed, per_plan)
    result["sizes_fit"] = fits(result["sizes"], "k") if len(sizes) > 1 else None
    print("plan lengths …", file=sys.stderr, flush=True)
    result["lengths"] = measure_lengths(real, lengths, repeats, budget_s, seed, per_plan)
    result["lengths_fit"] = fits(result["lengths"], "length") if len(lengths) > 1 else None
    result["total_s"] = time.perf_counter() - t0
    return result


# -- report ---------------------------------------------------------------------------------------
def _s(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def _rate(x: float) -> str:
    return f"{x / 1000:,.0f}k"


def _fit_table(fit: dict, points: list[dict], key: str) -> list[str]:
    first, last = points[0][key], points[-1][key]
    head = f"| method | slope (s per 1M chars) | intercept (s) | R² | (t({last}×) / t({first}×)) / {last / first:g} |"
    rule = "|---|---:|---:|---:|---:|"
    if len(points) >= 3:
        second = points[1][key]
        head += f" (t({last}×) / t({second}×)) / {last / second:g} |"
        rule += "---:|"
    lines = [head, rule]
    for method, f in fit.items():
        line = (f"| {method} | {f['slope']:.3f} | {f['intercept']:.3f} | {f['r2']:.4f} "
                f"| {f['growth_per_size']:.2f} |")
        if "growth_per_size_from_second" in f:
            line += f" {f['growth_per_size_from_second']:.2f} |"
        lines.append(line)
    return lines


def _sweep_table(points: list[dict], key: str, label: str) -> list[str]:
    t1 = points[0]
    lines = [f"| {label} | plans | characters | targets | ours (s) | ours CPU (s) | ours chars/s "
             "| naive (s) | regex scan (s) | ours / naive | ours / scan | ours growth per char |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for p in points:
        per_char = (p["ours"]["best_s"] / t1["ours"]["best_s"]) / (p["chars"] / t1["chars"])
        lines.append(
            f"| {p[key]}× | {p['plans']} | {p['chars']:,} | {p['rows']:,} "
            f"| {_s(p['ours']['best_s'])} | {_s(p['ours']['best_cpu_s'])} "
            f"| {_rate(p['ours']['chars_per_s'])} "
            f"| {_s(p['naive']['best_s'])} | {_s(p['scan']['best_s'])} "
            f"| {p['ours_vs_naive']:.2f} | {p['ours_vs_scan']:.0f} | {per_char:.2f} |"
        )
    return lines


def to_markdown(r: dict) -> str:
    """The figures as markdown tables."""
    m, real = r["machine"], r["real"]
    out = [f"Machine: {m['nproc']} cores ({m['cpu'] or m['platform']}), Python {m['python']}, "
           f"pandas {m['pandas']}; ipcompare {m['commit']}"
           + (f" with {len(m['src_changes'])} uncommitted src/ change(s)" if m["src_changes"]
              else ""), ""]
    out += ["### (a) Registered corpus", "",
            f"{real['plans']} plans, {real['chars']:,} characters, {real['rows']} targets.", "",
            "| measurement | seconds |", "|---|---:|"]
    if real["cold"]:
        c = real["cold"]
        out += [f"| import ipcompare.corpus.tables + registry, pandas included (fresh interpreter) | {_s(c['import_s'])} |",
                f"| read the registered documents | {_s(c['read_documents_s'])} |",
                f"| first build_targets call (cold: one-time loads included) | {_s(c['first_call_s'])} |",
                f"| second call, same interpreter | {_s(c['second_call_s'])} |"]
    for name, s in real["one_time_loads_s"].items():
        out.append(f"| one-time load: `{name}()` | {_s(s)} |")
    out += [f"| warm build_targets, memo caches emptied (best of {len(real['ours']['times_s'])}) "
            f"| {_s(real['ours']['best_s'])} |",
            f"| … its CPU time (best of the same repeats) | {_s(real['ours']['best_cpu_s'])} |",
            f"| hot build_targets, memo caches kept (best of {len(real['hot']['times_s'])}) "
            f"| {_s(real['hot']['best_s'])} |",
            f"| naive extractor (re-split per number) | {_s(real['naive']['best_s'])} |",
            f"| regex number scan alone | {_s(real['scan']['best_s'])} |", "",
            "Stages of one warm pass:", "", "| stage | seconds | share |", "|---|---:|---:|"]
    total = sum(real["stages_s"].values())
    for name, s in real["stages_s"].items():
        out.append(f"| {name} | {_s(s)} | {s / total:.0%} |")
    out += ["", "### (b, c) Corpus size: more plans of average size", ""]
    out += _sweep_table(r["sizes"], "k", "size")
    if r["sizes_fit"]:
        out += ["", *_fit_table(r["sizes_fit"], r["sizes"], "k")]
    out += ["", "### (d) Plan length: one plan of L× the average plan's length", ""]
    out += _sweep_table(r["lengths"], "length", "length")
    if r["lengths_fit"]:
        out += ["", *_fit_table(r["lengths_fit"], r["lengths"], "length")]
    stages = list(r["lengths"][0]["stages_s"]) if r["lengths"] else []
    out += ["", "Stages of one pass, by plan length (seconds):", "",
            "| length | " + " | ".join(stages) + " |", "|---:|" + "---:|" * len(stages)]
    for p in r["lengths"]:
        out.append(f"| {p['length']}× | " + " | ".join(_s(p["stages_s"][k]) for k in stages) + " |")
    out += ["", f"Total benchmark time: {r['total_s']:.0f} s."]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line: run the extraction benchmark, print markdown, write the JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES),
                    help="corpus sizes, in multiples of the registered corpus")
    ap.add_argument("--lengths", type=int, nargs="+", default=list(LENGTHS),
                    help="plan lengths, in multiples of an average plan")
    ap.add_argument("--repeats", type=int, default=5, help="best of N (default 5)")
    ap.add_argument("--budget", type=float, default=5.0,
                    help="no new repeat once a measurement has taken this many seconds")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=str(RESULT), help="JSON output file")
    args = ap.parse_args(argv)
    result = run(args.sizes, args.lengths, args.repeats, args.budget, args.seed)
    print(to_markdown(result))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
