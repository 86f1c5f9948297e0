"""What every command shares: error handling, diagnostics output, project options."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence

from darksite.diagnostics import Diagnostic, sorted_diagnostics
from darksite.errors import DarksiteError, InvalidIncidentsError

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


def add_project_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f", "--config-file", metavar="FILE", default=None,
        help="the project's mkdocs.yml (default: ./mkdocs.yml)",
    )


def print_diagnostics(diagnostics: Sequence[Diagnostic], stream=None) -> None:
    """One compiler-style line per diagnostic, then a count, on stderr by default."""
    out = stream or sys.stderr
    ordered = sorted_diagnostics(diagnostics)
    for diagnostic in ordered:
        print(diagnostic.format_text(), file=out)
    errors = sum(1 for d in ordered if d.is_error)
    warnings = sum(1 for d in ordered if d.is_warning)
    if ordered:
        advice = len(ordered) - errors - warnings
        extra = f", {advice} info" if advice else ""
        print(f"{errors} error(s), {warnings} warning(s){extra}", file=out)


def diagnostics_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps(
        {"diagnostics": [d.to_json() for d in sorted_diagnostics(diagnostics)]},
        indent=2, ensure_ascii=False,
    )


def setup_logging(verbose: bool = False) -> None:
    """MkDocs speaks through logging; show its warnings plainly, without tracebacks."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger("mkdocs")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.propagate = False


def run_command(handler: Handler, args: argparse.Namespace) -> int:
    """Run one command; a :class:`DarksiteError` becomes a message and exit 1."""
    setup_logging(getattr(args, "verbose", False))
    try:
        return handler(args)
    except InvalidIncidentsError as error:
        print_diagnostics(error.diagnostics)
        print(f"darksite: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except DarksiteError as error:
        print(f"darksite: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print("darksite: interrupted", file=sys.stderr)
        return 130
