"""Telling a mistake in the project's own theme override from a bug in darksite.

A Jinja error raised while MkDocs renders a page comes either from a
template the project owns (its ``custom_dir``, ``themes/`` here: someone
edited ``main.html`` and mistyped a variable), which the user can fix and
deserves ``themes/main.html:12: ...``, or from a template darksite or
mkdocs-material ship, which the user did not write: that is a bug, and is
left to propagate so that the CLI reports it as one (with ``--debug`` for
the traceback). Jinja keeps template file names and lines in the traceback
frames it rewrites, so the location is found there.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from darksite.errors import PublishError
from darksite.fs_errors import shown


class TemplateProblemError(PublishError):
    """A template in the project's own theme override failed; says where and what to do."""


def _template_frames(error: BaseException) -> list[tuple[Path, int]]:
    """(file, line) of each traceback frame Jinja attributes to a template, innermost last."""
    frames: list[tuple[Path, int]] = []
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        frames.append((Path(error.filename), error.lineno))
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".j2", ".jinja", ".txt")):
            frames.append((Path(frame.filename), frame.lineno or 1))
    return frames


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def project_template_error(error: BaseException,
                           custom_dir: str | Path | None) -> TemplateProblemError | None:
    """The located error if ``error`` comes from a template under ``custom_dir``; else None."""
    if not isinstance(error, jinja2.TemplateError) or not custom_dir:
        return None
    own = [(file, line) for file, line in _template_frames(error)
           if _inside(file, Path(custom_dir))]
    if not own:
        return None
    file, line = own[-1]
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return TemplateProblemError(
        f"{shown(file)}:{line}: error in your theme override: {message} "
        f"({type(error).__name__}); the site could not be built: fix that template (or "
        "delete it to use the theme's own), then run the same command again"
    )
