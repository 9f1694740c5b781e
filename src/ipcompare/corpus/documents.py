"""Read plan texts from bytes or files: UTF-8 or GB18030/GBK, with nothing else changed."""

from __future__ import annotations

import hashlib
import stat
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import DocumentError

_BOM = b"\xef\xbb\xbf"
#: share of characters that must be ordinary text for a decoding to be believed
_MIN_TEXT_SHARE = 0.95
#: the largest plan file read (bytes): a plan is well under 1 MB; 50 MB (the five plans 380
#: times over) is read in about a minute, and a device such as /dev/zero is never read to the end
MAX_FILE_BYTES = 256 * 2**20


@dataclass(frozen=True)
class Document:
    """One plan text and where it came from."""

    document: str
    jurisdiction: str
    text: str
    encoding: str
    path: str | None = None
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def sha256(self) -> str:
        """Hash of the decoded text (identifies the content whatever its encoding)."""
        return text_sha256(self.text)


def text_sha256(text: str) -> str:
    """Return the hex SHA-256 of a text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text_share(text: str) -> float:
    """Share of characters that are letters, digits, punctuation, symbols or whitespace."""
    if not text:
        return 0.0
    ok = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\n\r\t" or cat[0] in "LNPSZ" or cat == "Mn":
            ok += 1
    return ok / len(text)


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a plan's bytes as UTF-8, else GB18030 (a superset of GBK/GB2312); return (text, encoding)."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if not data.strip():
        raise DocumentError(f"{name}: the document is empty")
    attempts = []
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            attempts.append(f"{encoding}: {exc.reason} at byte {exc.start}")
            continue
        if _text_share(text) >= _MIN_TEXT_SHARE:
            if not text.strip():
                raise DocumentError(f"{name}: the document is empty")
            return text, encoding
        attempts.append(f"{encoding}: decodes, but to control characters, not text")
    raise DocumentError(
        f"{name}: cannot decode as UTF-8 or GB18030/GBK ({'; '.join(attempts)}); "
        "convert the file to UTF-8 and try again"
    )


def read_text(path: str | Path, limit: int = MAX_FILE_BYTES) -> tuple[str, str]:
    """Read and decode a plan file; return (text, encoding)."""
    p = Path(path)
    try:
        mode = p.stat().st_mode  # before opening: opening a pipe would wait for a writer
        if stat.S_ISDIR(mode):
            raise DocumentError(f"{p}: is a directory, not a text file")
        if not stat.S_ISREG(mode):
            raise DocumentError(f"{p}: is a device or pipe, not a text file")
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise DocumentError(f"{p}: no such file") from None
    except PermissionError:
        raise DocumentError(f"{p}: cannot be read: permission denied") from None
    except OSError as exc:
        raise DocumentError(f"{p}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise DocumentError(f"{p}: larger than {limit // 2**20} MB, more than a plan text can be; "
                            "split it into its documents")
    return decode_bytes(data, str(p))


def distinct_ids(docs: list[Document]) -> list[Document]:
    """The documents with one id each: a file given twice is read once, and different texts
    whose file names give the same id (``a/plan.txt``, ``b/plan.txt``) become ``plan``,
    ``plan_2``, …"""
    out: list[Document] = []
    seen: dict[str, str] = {}  # id -> sha256 of its text
    for d in docs:
        if seen.get(d.document) == d.sha256:
            continue
        doc, n = d, 1
        while doc.document in seen:
            n += 1
            doc = replace(d, document=f"{d.document}_{n}",
                          jurisdiction=d.jurisdiction if d.jurisdiction != d.document else f"{d.document}_{n}")
        seen[doc.document] = doc.sha256
        out.append(doc)
    return out
