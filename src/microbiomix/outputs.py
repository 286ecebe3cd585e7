"""Writing output files safely: to a temporary file beside the target, then renamed into place."""

from __future__ import annotations

import errno
import json
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
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


def write_json_streamed(
    handle: IO[str], document: dict[str, Any], key: str, items: Iterable[Any]
) -> None:
    """What :func:`write_json` (``allow_nan=False``) writes of ``document`` with ``items`` as the
    list at ``key`` (its value in ``document`` is a placeholder keeping the key's place), byte
    for byte, each item encoded and written as it comes: a list too large to hold at once
    (100,000 samples' markers) is never held."""
    handle.write("{")
    for number, (name, value) in enumerate(document.items()):
        handle.write(f"{',' if number else ''}\n  {_STRING(name)}: ")
        if name != key:
            handle.write(_json_text(value, "  "))
            continue
        opened = False
        for item in items:
            handle.write(f"{',' if opened else '['}\n    {_json_text(item, '    ')}")
            opened = True
        handle.write("\n  ]" if opened else "[]")
    handle.write("\n}\n" if document else "}\n")


_STRING = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]  # json.dumps' own


def _json_text(value: Any, pad: str) -> str:
    """``json.dumps(value, indent=2, allow_nan=False)`` with every line after the first indented
    by ``pad`` more: the plain types written here (about twice as fast as the json module's
    indenting encoder, which is pure Python), anything else (a subclass, a non-string key, a
    NaN, which it refuses) by json itself."""
    kind = type(value)
    if kind is str:
        return _STRING(value)  # type: ignore[no-any-return]
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    inner = pad + "  "
    if kind is dict and all(type(name) is str for name in value):
        if not value:
            return "{}"
        return "{\n" + ",\n".join(f"{inner}{_STRING(name)}: {_json_text(item, inner)}"
                                  for name, item in value.items()) + f"\n{pad}}}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _json_text(item, inner) for item in value) + f"\n{pad}]"
    return json.dumps(value, indent=2, allow_nan=False).replace("\n", "\n" + pad)
