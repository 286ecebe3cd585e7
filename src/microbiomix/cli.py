"""The ``mmm`` command: a thin face over the library.

``main(argv) -> int`` is a plain function the tests call in-process. Known errors map to exit
codes in one place: bad input or usage 2, interrupted 130. ``--debug`` re-raises for a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence

from microbiomix import __version__
from microbiomix.commands import COMMANDS
from microbiomix.errors import MicrobiomixError

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `cat` in the same place

# Subcommand modules, each with add_parser(subparsers) -> None that sets `handler`.
_COMMAND_MODULES = tuple(COMMANDS)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command``, only that command's module is imported (the others appear by
    name and one-line help, enough for ``mmm --help`` and for naming a mistyped command)."""
    parser = argparse.ArgumentParser(
        prog="mmm",
        description="microbiomix: stool metagenome profiles to an evidence-graded gut-health report",
    )
    parser.add_argument("--version", action="version", version=f"microbiomix {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    import importlib

    for name in _COMMAND_MODULES:
        if command is None or name == command:
            module = importlib.import_module(f"microbiomix.commands.{name}")
            module.add_parser(subparsers)
        else:
            subparsers.add_parser(name, help=COMMANDS[name])
    _accept_debug_after_command(subparsers)
    return parser


def _command_named(argv: Sequence[str]) -> str:
    """The subcommand ``argv`` asks for ("" if none): the first word that is not an option (the
    global options take no value)."""
    for word in argv:
        if word == "--":
            break
        if not word.startswith("-"):
            return word if word in COMMANDS else ""
    return ""


def _accept_debug_after_command(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``mmm markers X --debug`` works as ``mmm --debug markers X`` (SUPPRESS: an absent flag
    leaves the global one as it was); each command knows its full name for messages."""
    for sub in set(subparsers.choices.values()):
        nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        if nested:
            for action in nested:
                _accept_debug_after_command(action)
        else:
            sub.set_defaults(command_path=sub.prog)  # "mmm db build", for messages
            if "--debug" not in sub._option_string_actions:
                sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                                 help="show tracebacks for errors")


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    try:  # building the parser imports the command's module: Ctrl-C may come here too
        args = build_parser(_command_named(words)).parse_args(words)
    except KeyboardInterrupt:
        print("mmm: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    handler: Callable[[argparse.Namespace], int] = args.handler
    name = getattr(args, "command_path", f"mmm {args.command}")
    try:
        return handler(args)
    except MicrobiomixError as exc:
        if args.debug:
            raise
        print(f"{name}: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader of standard output has gone (`mmm markers ... | head`): stop quietly, as Unix
        # tools do, and keep Python from complaining again when it flushes stdout at exit.
        # stdout may have no file descriptor (called in-process): then there is nothing to redirect.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        if args.debug:
            raise
        print(f"{name}: error: {describe_os_error(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def one_line(text: str) -> str:
    """A message on one line (a parser's own message may span several, e.g. PyYAML's)."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def describe_os_error(exc: OSError) -> str:
    """``path: reason`` (the file the user named, e.g. the target of a rename) instead of
    Python's ``[Errno 2] No such file or directory: 'path'``."""
    name = exc.filename2 if exc.filename2 is not None else exc.filename
    if name is None or not exc.strerror:
        return str(exc)
    if isinstance(exc, FileExistsError) and not os.path.isdir(name):
        # mkdir of an output folder where a file already is
        return f"{os.fsdecode(name)}: is a file; expected a folder (or a name that does not exist)"
    return f"{os.fsdecode(name)}: {exc.strerror}"


if __name__ == "__main__":
    sys.exit(main())
