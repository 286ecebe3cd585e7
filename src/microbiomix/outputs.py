"""Writing output files safely: to a temporary file beside the target, then renamed into place."""

from __future__ import annotations

import errno
import json
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
    text = _JsonText()
    handle.write("{")
    for number, (name, value) in enumerate(document.items()):
        handle.write(f"{',' if number else ''}\n  {text.string(name)}: ")
        if name != key:
            handle.write(text(value, "  "))
            continue
        opened = False
        for item in items:
            handle.write(f"{',' if opened else '['}\n    {text(item, '    ')}")
            opened = True
        handle.write("\n  ]" if opened else "[]")
    handle.write("\n}\n" if document else "}\n")


_SCALARS = frozenset((str, int, float, bool, type(None)))


class _JsonText(dict[str, str]):
    """``json.dumps(value, indent=2, allow_nan=False)`` with every line after the first indented
    by ``pad`` more (``self(value, pad)``), about three times as fast as the json module's
    indenting encoder (pure Python): an object or list of plain values (str, int, float, bool,
    None) is written by the json module's C encoder with the separators of its indented form,
    and each string's JSON text is kept (titles and citations recur in every sample; the store
    is emptied at 100,000 strings so that notes of many samples do not pile up). Anything else (a
    subclass, an object json refuses) goes to json itself."""

    def __init__(self) -> None:
        super().__init__()
        self.string = self.__getitem__  # a string's JSON text
        self._flat: dict[str, Any] = {}  # C encoder per indentation

    def __missing__(self, string: str) -> str:
        if len(self) >= 100_000:
            self.clear()
        self[string] = _STRING(string)
        return self[string]

    def _plain(self, value: Any, pad: str) -> str:
        encoder = self._flat.get(pad)
        if encoder is None:
            make = json.encoder.c_make_encoder  # type: ignore[attr-defined]
            encoder = self._flat[pad] = make(
                None, json.JSONEncoder().default, self.string, None, ": ", ",\n" + pad + "  ",
                False, False, False) if make else lambda value, _: json.dumps(
                value, separators=(",\n" + pad + "  ", ": "), allow_nan=False)
        return "".join(encoder(value, 0))

    def __call__(self, value: Any, pad: str) -> str:
        kind = type(value)
        inner = pad + "  "
        if kind in _SCALARS:
            return self._plain(value, pad)
        if kind is dict and value:
            if _SCALARS.issuperset(map(type, value.values())):
                return "{\n" + inner + self._plain(value, pad)[1:-1] + "\n" + pad + "}"
            if all(type(name) is str for name in value):
                return "{\n" + inner + (",\n" + inner).join(
                    [self.string(name) + ": " + self(item, inner) for name, item in value.items()]
                ) + "\n" + pad + "}"
        if (kind is list or kind is tuple) and value:
            return "[\n" + inner + (",\n" + inner).join([self(item, inner) for item in value]) + (
                "\n" + pad + "]")
        if not value and (kind is dict or kind is list or kind is tuple):
            return "{}" if kind is dict else "[]"
        return json.dumps(value, indent=2, allow_nan=False).replace("\n", "\n" + pad)


_STRING = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]  # json.dumps' own
