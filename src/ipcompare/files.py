"""Writing outputs safely: a reader never sees half a file, a failure never clobbers a good one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import IpcompareError


class OutputError(IpcompareError):
    """An output path that cannot be written (a directory, say)."""


def atomic_write(path: str | Path, data: bytes, mode: int = 0o644) -> None:
    """Write bytes to a temporary file beside ``path``, then rename it into place."""
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"{p}: is a directory; give the path of a file to write")
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)  # mkstemp makes 0600 files; reports are meant to be read
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
