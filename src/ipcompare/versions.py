"""What a build is made of: the version hashes of the data directory and of the library's code.

Both are printed under every report title and stored in the build manifest; a change of
either rebuilds what depends on it. Lowest layer: nothing here imports the stages.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import __version__
from .caching import data_cache
from .paths import data_dir

PACKAGE_DIR = Path(__file__).resolve().parent


def _sha(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


@data_cache
def data_version() -> str:
    """Hash of every data file the library reads (texts, registry, taxonomy, lexicon …)."""
    root = data_dir()
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".md")
    return _sha(*(p.relative_to(root).as_posix().encode() + p.read_bytes() for p in files))[:12]


@data_cache
def code_version() -> str:
    """Hash of the library's code, templates and version."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*")
                   if p.is_file() and p.suffix in (".py", ".j2", ".json"))
    return _sha(__version__.encode(), *(p.read_bytes() for p in files))[:12]
