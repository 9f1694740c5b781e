"""Build the bundled Chinese chart font: Noto Sans CJK SC Regular subset to GB2312 and friends.

Usage (needs Debian's fonts-noto-cjk and fontTools)::

    apt-get update && apt-get install -y fonts-noto-cjk
    .venv/bin/python tools/make_font_subset.py

Writes ``src/ipcompare/_fonts/NotoSansCJKsc-Regular-GB2312.otf``, ``LICENSE-OFL.txt`` and
``README.md``. The subset's family is renamed (see ``FAMILY``) so that it neither collides with a
system-installed full Noto Sans CJK SC nor uses the upstream names in a Modified Version.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPO = Path(__file__).resolve().parents[1]
FONTS_DIR = REPO / "src" / "ipcompare" / "_fonts"
FONT_NAME = "NotoSansCJKsc-Regular-GB2312.otf"
SOURCE_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_PS_NAME = "NotoSansCJKsc-Regular"
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")

FAMILY = "IPCompare Sans SC"
PS_NAME = "IPCompareSansSC-Regular"

# Punctuation used in Chinese text that is outside the blocks below (or encoded differently by
# Python's gb2312 codec, which maps A1AA to U+2015 rather than U+2014).
EXTRA_PUNCTUATION = "—–―…‘’“”·•∶×÷±‰§№☆★○●◎◇◆□■△▲※→←↑↓〓"
# Variant and common characters missing from GB2312 (増 appears in some plans: 年均増幅).
EXTRA_CHARS = "増"
# Control, unassigned, private-use and surrogate code points need no glyph (layout characters).
NON_GLYPH_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})


def gb2312_chars() -> set[str]:
    """Return every character of the GB2312 two-byte code space (rows A1-F7, cells A1-FE)."""
    chars: set[str] = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def block(start: int, end: int) -> set[str]:
    """Return the characters U+start..U+end inclusive."""
    return {chr(cp) for cp in range(start, end + 1)}


def corpus_chars(paths: Iterable[Path]) -> set[str]:
    """Return every character found in the given UTF-8 text files."""
    chars: set[str] = set()
    for path in paths:
        chars.update(path.read_text(encoding="utf-8"))
    return chars


def wanted_chars(corpus: Iterable[Path]) -> set[str]:
    """Return the full character set of the subset."""
    chars = gb2312_chars()
    chars |= block(0x20, 0x7E)  # ASCII
    chars |= block(0xA0, 0xFF)  # Latin-1 supplement (nbsp, ©, °, ×, ...)
    chars |= block(0x3000, 0x303F)  # CJK symbols and punctuation
    chars |= block(0xFF00, 0xFFEF)  # half-width and full-width forms
    chars |= set(EXTRA_PUNCTUATION) | set(EXTRA_CHARS)
    chars |= corpus_chars(corpus)
    return {c for c in chars if unicodedata.category(c) not in NON_GLYPH_CATEGORIES}


def load_sc_face(ttc: Path) -> TTFont:
    """Return the Simplified Chinese Sans face of the Noto CJK collection."""
    collection = TTCollection(str(ttc))
    for font in collection.fonts:
        if font["name"].getDebugName(6) == SOURCE_PS_NAME:
            return font
    raise SystemExit(f"{SOURCE_PS_NAME} not found in {ttc}")


def rename(font: TTFont) -> None:
    """Give the subset its own family name and describe its origin."""
    name = font["name"]
    description = (
        f"Subset of Noto Sans CJK SC Regular (GB2312 + punctuation) made for ipcompare charts "
        f"by tools/make_font_subset.py; renamed '{FAMILY}'. Licensed under the SIL OFL 1.1."
    )
    for name_id, value in {
        1: FAMILY,
        3: f"{PS_NAME};subset",
        4: f"{FAMILY} Regular",
        6: PS_NAME,
        10: description,
        16: FAMILY,
        17: "Regular",
    }.items():
        name.removeNames(nameID=name_id)
        name.setName(value, name_id, 3, 1, 0x409)
    # Drop remaining localized (e.g. Chinese) family names that would still say Noto.
    for name_id in (1, 2, 4, 16, 17):
        name.names = [rec for rec in name.names if rec.nameID != name_id or rec.langID == 0x409]
    cff = font["CFF "].cff
    cff.fontNames = [PS_NAME]
    top = cff.topDictIndex[0]
    top.FullName = f"{FAMILY} Regular"
    top.FamilyName = FAMILY


def make_subset(source: TTFont, chars: set[str]) -> TTFont:
    """Subset ``source`` in place to ``chars`` (horizontal layout only) and return it."""
    options = subset.Options()
    options.layout_features = ["kern", "palt", "halt"]
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(source)
    return source


def licence_text(copyright_file: Path, font_copyright: str) -> str:
    """Return the OFL 1.1 text from Debian's copyright file, headed by the font's copyright."""
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    start = lines.index("License: SIL-1.1", lines.index("License: SIL-1.1") + 1)
    body: list[str] = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    return (
        f"Copyright: {font_copyright}\n"
        "Noto Sans CJK (Google); upstream https://github.com/googlefonts/noto-cjk\n"
        f"Copy taken from {copyright_file} (Debian package fonts-noto-cjk).\n\n"
        + "\n".join(body).rstrip()
        + "\n"
    )


README = """\
# Bundled chart font

`{font}` is a subset of **Noto Sans CJK SC Regular** (SIL Open Font License 1.1, see
`LICENSE-OFL.txt`), used by `ipcompare.present.fonts` to draw Chinese text in charts when no system CJK
font is installed. It is a Modified Version under the OFL and is renamed **{family}**
(PostScript name `{ps}`), so it neither collides with a system-wide Noto Sans CJK SC nor uses the
upstream names.

Contents: {n_glyphs} glyphs covering {n_chars} characters —

- every character of GB2312 (all valid two-byte codes, rows A1–F7, decoded with Python's `gb2312`
  codec: 6,763 hanzi plus symbols),
- ASCII and Latin-1 (U+0020–007E, U+00A0–00FF), CJK symbols and punctuation (U+3000–303F),
  half-width and full-width forms (U+FF00–FFEF),
- punctuation used in Chinese text: `{punct}`,
- the variant 増 and every character found in `data/documents/*.txt` at build time.

Horizontal layout only: vertical metrics (vhea, vmtx, VORG) and BASE are dropped, and so are the
CFF hints (matplotlib's Agg renderer auto-hints) and the GSUB features (matplotlib does no shaping);
the GPOS kern/palt/halt features and the CFF outlines are kept.

Made by `tools/make_font_subset.py` (fontTools {fonttools}) from
`{source}` (Debian fonts-noto-cjk), face `{source_ps}`. Rebuild with:

    apt-get update && apt-get install -y fonts-noto-cjk
    .venv/bin/python tools/make_font_subset.py

Size: {size:,} bytes; SHA-256 `{sha}`.
"""


def main(argv: list[str] | None = None) -> int:
    """Build the subset font, its licence and README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE_TTC)
    parser.add_argument("--copyright", type=Path, default=DEBIAN_COPYRIGHT)
    parser.add_argument("--corpus", type=Path, default=REPO / "data" / "documents")
    parser.add_argument("--out-dir", type=Path, default=FONTS_DIR)
    args = parser.parse_args(argv)

    import fontTools

    corpus = sorted(args.corpus.glob("*.txt"))
    chars = wanted_chars(corpus)
    font = load_sc_face(args.source)
    font_copyright = font["name"].getDebugName(0)
    available = set(map(chr, font.getBestCmap()))
    missing = sorted(c for c in chars if c not in available)
    make_subset(font, chars)
    rename(font)

    args.out_dir.mkdir(parents=True, exist_ok=True)
    out = args.out_dir / FONT_NAME
    font.recalcTimestamp = False  # keep the source's head.modified: byte-reproducible output
    font.save(str(out))
    data = out.read_bytes()
    (args.out_dir / "LICENSE-OFL.txt").write_text(
        licence_text(args.copyright, font_copyright), encoding="utf-8"
    )
    covered = len(TTFont(str(out))["cmap"].getBestCmap())
    (args.out_dir / "README.md").write_text(
        README.format(
            font=FONT_NAME,
            family=FAMILY,
            ps=PS_NAME,
            n_glyphs=len(font.getGlyphOrder()),
            n_chars=f"{covered:,}",
            punct=EXTRA_PUNCTUATION,
            fonttools=fontTools.version,
            source=args.source,
            source_ps=SOURCE_PS_NAME,
            size=len(data),
            sha=hashlib.sha256(data).hexdigest(),
        ),
        encoding="utf-8",
    )
    print(f"wrote {out} ({len(data):,} bytes, {covered:,} characters, {len(corpus)} corpus files)")
    if missing:
        print("not in the source font: " + " ".join(f"U+{ord(c):04X}" for c in missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
