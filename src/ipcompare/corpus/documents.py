"""Read plan texts from bytes or files: UTF-8 or GB18030/GBK, with nothing else changed."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError

_BOM = b"\xef\xbb\xbf"
#: share of characters that must be ordinary text for a decoding to be believed
_MIN_TEXT_SHARE = 0.95


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


def read_text(path: str | Path) -> tuple[str, str]:
    """Read and decode a plan file; return (text, encoding)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise DocumentError(f"{p}: is a directory, not a text file") from None
    return decode_bytes(data, str(p))
