"""What every command shares: error handling, diagnostics output, project options."""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from darksite.diagnostics import Diagnostic, sorted_diagnostics
from darksite.errors import DarksiteError, InvalidIncidentsError
from darksite.fs_errors import FileSystemError, explain

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_BUG = 70
"""An internal error: a bug in darksite (sysexits' EX_SOFTWARE)."""
EXIT_ENVIRONMENT = 74
"""The file system or the machine refused (disk full, read-only, permission; EX_IOERR)."""
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
"""The reader of our output went away (``darksite posts X | head -1``): nothing to say."""

DEBUG_ENV = "DARKSITE_DEBUG"

BUG_ADVICE = ("this is a bug in darksite; please report it with the output of the same "
              "command run with --debug")

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


def debug_requested(args: argparse.Namespace) -> bool:
    """``--debug`` on the command line, or ``DARKSITE_DEBUG=1`` in the environment."""
    return bool(getattr(args, "debug", False)) or \
        os.environ.get(DEBUG_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def run_command(handler: Handler, args: argparse.Namespace) -> int:
    """Run one command and turn every failure into one line and an exit code.

    - a :class:`DarksiteError`: its message, exit 1 (74 for a file system fault);
    - any other OSError (a boundary darksite does not wrap yet): the same
      wording as :mod:`darksite.fs_errors`, exit 74;
    - anything else is a bug: one line asking for a report, exit 70.

    ``--debug`` (or ``DARKSITE_DEBUG=1``) adds the traceback to the last two.
    """
    debug = debug_requested(args)
    setup_logging(getattr(args, "verbose", False))
    try:
        return handler(args)
    except InvalidIncidentsError as error:
        print_diagnostics(error.diagnostics)
        print(f"darksite: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except FileSystemError as error:
        _show_traceback(debug)
        print(f"darksite: {error}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except DarksiteError as error:
        _show_traceback(debug)
        print(f"darksite: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print("darksite: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:
        if error.errno == errno.EPIPE:
            _silence_stdout()
            return EXIT_BROKEN_PIPE
        _show_traceback(debug)
        print(f"darksite: {explain(error)}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except MemoryError:
        _show_traceback(debug)
        print("darksite: out of memory: close other programs (or use a machine with more "
              "memory), then run the same command again", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except Exception as error:
        _show_traceback(debug)
        print(f"darksite: {internal_error_line(error)}", file=sys.stderr)
        return EXIT_BUG


def internal_error_line(error: BaseException) -> str:
    """``internal error (KeyError: 'x'): this is a bug in darksite; please report it ...``."""
    detail = str(error).splitlines()[0] if str(error) else ""
    what = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    if len(what) > 200:
        what = what[:197] + "..."
    return f"internal error ({what}): {BUG_ADVICE}"


def _show_traceback(debug: bool) -> None:
    if debug:
        traceback.print_exc(file=sys.stderr)


def _silence_stdout() -> None:
    """After a broken pipe, stop Python from complaining about stdout at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
