"""Writing output files safely: to a temporary file beside the target, then renamed into place."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_writer(
    path: str | Path | None, mode: str = "w", *, append: bool = False
) -> Iterator[IO[Any]]:
    """Open ``path`` for writing so that it appears whole or not at all.

    ``None`` or ``"-"`` writes to standard output. On error the temporary file is removed and an
    existing file at ``path`` is left as it was. A device or named pipe (``/dev/null``, a FIFO) is
    written to directly, never replaced; a directory is refused (``IsADirectoryError``).
    ``append``: the new file is the content of the existing one (if any) followed by what is
    written, still replaced in one rename.
    """
    if path is None or str(path) == "-":
        yield sys.stdout.buffer if "b" in mode else sys.stdout
        return
    target = Path(path)
    encoding = None if "b" in mode else "utf-8"
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory; expected a file name", str(target))
    if target.exists() and not target.is_file():
        # A device or pipe (/dev/null, /dev/stdout, a FIFO): write to it; never replace it.
        with open(target, mode, encoding=encoding) as stream:
            yield stream
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:  # name the file the user asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            if append and target.is_file():
                with open(target, "rb") as old:
                    handle.flush()
                    shutil.copyfileobj(old, getattr(handle, "buffer", handle))
            yield handle
        # mkstemp makes 0600 files; give the output the permissions a plain open() would.
        os.chmod(temporary, 0o666 & ~_current_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json(path: str | Path | None, document: object, *, allow_nan: bool = True) -> None:
    """Write ``document`` as indented JSON with a final newline, atomically (see
    :func:`atomic_writer`; ``None`` or ``"-"`` is standard output)."""
    with atomic_writer(path) as handle:
        json.dump(document, handle, indent=2, allow_nan=allow_nan)
        handle.write("\n")
