"""Synthetic plans recombined from the registered plans' lines, for benchmarks and scale tests.

Each synthetic plan is a title line followed by runs of consecutive lines cut from random
registered plans (runs keep headings, sentences and flattened table rows together), until it
reaches the average size of a registered plan. Its period (and province, issue date) is copied
from one random registered plan. Everything is deterministic given the seed.

As a program it writes a complete data directory: the synthetic ``documents/*.txt``, their
``registry.csv`` and ``population_2018.csv`` (a deterministic random reference population per
plan), empty reference-figures, outcomes and census files, and every other file of the packaged data directory
(taxonomy, lexicon, vocabularies) copied unchanged, so that ``IPCOMPARE_DATA=DIR`` runs the
library, the CLI and ``ipcompare build`` on the synthetic corpus::

    python benchmarks/synthetic.py --plans 500 --out DIR [--seed 0]
    IPCOMPARE_DATA=DIR ipcompare build --out SITE
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from ipcompare import Document
from ipcompare.corpus.registry import REGISTRY_COLUMNS, registered_documents
from ipcompare.paths import data_dir

#: registry columns written after REGISTRY_COLUMNS, as in data/registry.csv
NOTE_COLUMNS = ["status_note", "source_note"]
#: shortest and longest run of consecutive source lines copied at once
RUN_LINES = (3, 15)
#: range of the synthetic reference populations, in 10,000 residents (a city's usual size)
POPULATION_10K = (150.0, 1500.0)
#: data files written for the synthetic corpus rather than copied from the packaged data
OWN_FILES = {"documents", "registry.csv", "population_2018.csv", "sichuan_expected_indicators.csv",
             "outcomes.csv", "population_2020_census.csv"}


def source_lines(docs: Sequence[Document]) -> list[list[str]]:
    """The non-blank lines of each source plan, without their line breaks."""
    return [[ln for ln in d.text.splitlines() if ln.strip()] for d in docs]


def average_chars(docs: Sequence[Document]) -> float:
    """The average length in characters of the source plans."""
    return sum(len(d.text) for d in docs) / len(docs)


def plan_id(i: int, n_plans: int) -> str:
    """The id of the i-th synthetic plan (1-based): synthetic_0001, … (wider past 9999)."""
    return f"synthetic_{i:0{max(4, len(str(n_plans)))}d}"


def _plan_text(rng: random.Random, pools: list[list[str]], title: str, target: int) -> str:
    """A title line, then runs of consecutive source lines until ``target`` characters."""
    out = [title]
    size = len(title) + 1
    while size < target:
        lines = pools[rng.randrange(len(pools))]
        start = rng.randrange(len(lines))
        for line in lines[start : start + rng.randint(*RUN_LINES)]:
            out.append(line)
            size += len(line) + 1
            if size >= target:
                break
    return "\n".join(out) + "\n"


def make_corpus(
    n_plans: int,
    seed: int = 0,
    *,
    chars_per_plan: float | None = None,
    source: Sequence[Document] | None = None,
) -> list[Document]:
    """Build ``n_plans`` synthetic plans from the registered plans' lines (deterministic in seed).

    The total length stays within one source line of ``n_plans * chars_per_plan`` (by default the
    average registered plan), so ``make_corpus(5 * k)`` is about ``k`` times the real corpus.
    """
    if n_plans < 0:
        raise ValueError(f"n_plans must be >= 0, not {n_plans}")
    docs = list(source) if source is not None else registered_documents()
    if not docs:
        raise ValueError("no source plans to recombine")
    pools = [p for p in source_lines(docs) if p]
    per_plan = chars_per_plan if chars_per_plan is not None else average_chars(docs)
    rng = random.Random(seed)
    out: list[Document] = []
    total = 0
    for i in range(1, n_plans + 1):
        ident = plan_id(i, n_plans)
        model = docs[rng.randrange(len(docs))]
        start, end = model.meta.get("period_start"), model.meta.get("period_end")
        name = f"合成市{i:04d}"
        period = f"（{start}—{end}年）" if start and end else ""
        title = f"{name}知识产权工作实施方案{period}"
        target = round(i * per_plan) - total  # keeps the running total on i * per_plan
        text = _plan_text(rng, pools, title, target)
        total += len(text)
        meta = {
            "jurisdiction": ident,
            "document": ident,
            "file": f"{ident}.txt",
            "name_zh": name,
            "name_en": f"Synthetic {i:04d}",
            "level": "city",
            "province_zh": model.meta.get("province_zh", ""),
            "province_en": model.meta.get("province_en", ""),
            "title": title,
            "issuer": f"{name}人民政府",
            "issued": model.meta.get("issued", ""),
            "period_start": start,
            "period_end": end,
            "status_note": "",
            "source_note": f"synthetic: lines of the registered plans recombined (seed {seed}); "
            f"period copied from {model.document}",
        }
        out.append(Document(ident, ident, text, "utf-8", None, meta))
    return out


def write_corpus(docs: Sequence[Document], out_dir: str | Path) -> Path:
    """Write ``documents/<id>.txt`` (UTF-8) and ``registry.csv`` under ``out_dir``; return it."""
    root = Path(out_dir)
    (root / "documents").mkdir(parents=True, exist_ok=True)
    for d in docs:
        (root / "documents" / d.meta["file"]).write_text(d.text, encoding="utf-8", newline="\n")
    columns = REGISTRY_COLUMNS + NOTE_COLUMNS
    with open(root / "registry.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for d in docs:
            writer.writerow({c: d.meta.get(c, "") for c in columns})
    return root


def write_data_dir(docs: Sequence[Document], out_dir: str | Path, seed: int = 0) -> Path:
    """Write a complete data directory for ``docs`` (usable as ``IPCOMPARE_DATA``); return it.

    Documents and registry as :func:`write_corpus`; a population file with one deterministic
    random population per plan; the reference-figures, outcomes and census files with their
    header only (they belong to the registered plans); every other packaged data file copied
    unchanged.
    """
    root = write_corpus(docs, out_dir)
    source = data_dir()
    for item in sorted(source.iterdir()):
        if item.name in OWN_FILES or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, root / item.name, dirs_exist_ok=True)
        else:
            shutil.copy2(item, root / item.name)
    rng = random.Random(f"population-{seed}")
    with open(root / "population_2018.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["jurisdiction", "name_zh", "year", "resident_population_10k", "source"])
        for d in docs:
            pop = round(rng.uniform(*POPULATION_10K), 2)
            writer.writerow([d.jurisdiction, d.meta["name_zh"], 2018, f"{pop:.2f}",
                             f"synthetic (seed {seed})"])
    for name in ("sichuan_expected_indicators.csv", "outcomes.csv", "population_2020_census.csv"):
        with open(source / name, encoding="utf-8") as fh:  # they belong to the registered plans
            header = fh.readline()
        (root / name).write_text(header, encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    """Command line: write a synthetic corpus to a folder."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, required=True, help="number of synthetic plans")
    ap.add_argument("--out", required=True, help="output folder (registry.csv, documents/)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--chars-per-plan", type=float, default=None,
                    help="size of each plan in characters (default: average registered plan)")
    args = ap.parse_args(argv)
    docs = make_corpus(args.plans, args.seed, chars_per_plan=args.chars_per_plan)
    root = write_data_dir(docs, args.out, args.seed)
    chars = sum(len(d.text) for d in docs)
    print(f"wrote {len(docs)} plans ({chars:,} characters) and a complete data directory to "
          f"{root}; use it with IPCOMPARE_DATA={root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
