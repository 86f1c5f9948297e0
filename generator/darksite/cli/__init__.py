"""``darksite``: a thin command line over the Python API.

Each command group registers itself from its own module; this module only
parses, dispatches and turns errors into exit codes (see
:mod:`darksite.cli.common`): 0 success, 1 a problem the user can fix
(printed without a traceback), 2 a usage error, 70 a bug in darksite, 74
a file system fault (disk full, read-only, permission). ``--debug``, on
every command, shows the traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from darksite.cli import core, notify, ops, posts, replies, translations
from darksite.cli.common import run_command

COMMAND_GROUPS = (core, ops, posts, replies, notify, translations)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="darksite",
        description="Crisis-communication dark sites from one YAML file per incident.",
    )
    parser.add_argument("--debug", action="store_true", default=False, help=DEBUG_HELP)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in COMMAND_GROUPS:
        group.register(subparsers)
    for command in subparsers.choices.values():  # --debug after the command name works too
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help=DEBUG_HELP)
    return parser


DEBUG_HELP = ("show the Python traceback of an internal error (or set DARKSITE_DEBUG=1), "
              "for a bug report")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    for position, argument in enumerate(arguments, start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError as error:  # bytes the terminal sent that are not UTF-8
            byte = argument[error.start].encode("utf-8", "surrogateescape").hex()
            parser.error(f"argument {position} is not UTF-8 (byte 0x{byte}): type it again "
                         "in a UTF-8 terminal, or convert it (iconv -f latin1 -t utf-8)")
    args = parser.parse_args(arguments)  # exits 2 on a usage error, as argparse does
    return run_command(args.handler, args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
