"""Errors a user can act on."""

from __future__ import annotations

from pathlib import Path


class MicrobiomixError(Exception):
    """Base class for errors the command line reports without a traceback."""


class InputError(MicrobiomixError):
    """An input file (or one field of it) is not what was expected.

    Args:
        path: the file, as the user named it.
        line: 1-based line number, or None when the problem is the whole file.
        expectation: what was expected there, in words a user understands.
        excerpt: a short excerpt of the offending text, if any.
    """

    def __init__(
        self,
        path: str | Path,
        line: int | None,
        expectation: str,
        excerpt: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.expectation = expectation
        self.excerpt = excerpt
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        text = f"{where}: {self.expectation}"
        if self.excerpt:
            shown = self.excerpt if len(self.excerpt) <= 80 else self.excerpt[:77] + "..."
            text += f" (found: {shown!r})"
        return text


class UsageError(MicrobiomixError):
    """The command was asked for something it cannot do (bad option combination, unknown id)."""


class PrinterError(MicrobiomixError):
    """The PDF engine could not print (its browser would not start, or crashed and would not
    restart); what was asked is fine and may be asked again."""
