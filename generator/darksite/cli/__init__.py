"""``darksite``: a thin command line over the Python API.

Each command group registers itself from its own module; this module only
parses, dispatches and turns errors into exit codes: 0 success, 1 a problem
the user can fix (printed without a traceback), 2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from darksite.cli import core, notify, ops, posts, replies
from darksite.cli.common import run_command

COMMAND_GROUPS = (core, ops, posts, replies, notify)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="darksite",
        description="Crisis-communication dark sites from one YAML file per incident.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in COMMAND_GROUPS:
        group.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on a usage error, as argparse does
    return run_command(args.handler, args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
