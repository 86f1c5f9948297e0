"""The page a development server shows when a rebuild fails (``darksite rehearse``).

Why: ``mkdocs serve`` keeps serving the last good build when a rebuild
fails, and logs the error in a terminal the person editing may not be
looking at; the browser just waits. During a rehearsal the team watches the
browser, so every page of the served folder is replaced by one that says
what is wrong, worded for people (line, field, message, how to fix), and
MkDocs' live reload brings the site back as soon as the file is fixed.
Only the development server's own temporary folder is ever written here.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from darksite.diagnostics import Diagnostic

PAGE_LIMIT = 5000
"""Pages replaced at most: a reader is on one of them; a huge site must not stall the server."""

TITLE = "The rehearsal could not be rebuilt"


def _item(diagnostic: Diagnostic) -> Markup:
    hint = (Markup("<br><em>How to fix:</em> {}.").format(diagnostic.hint.rstrip("."))
            if diagnostic.hint else Markup(""))
    return Markup("<li><strong>{}, line {}</strong>{}: {}.{}</li>").format(
        diagnostic.file, diagnostic.line,
        Markup(" ({})").format(diagnostic.path) if diagnostic.path else Markup(""),
        diagnostic.message.rstrip("."), hint)


def error_page(error: BaseException) -> str:
    """A small, self-contained HTML page explaining ``error``."""
    diagnostics: list[Diagnostic] = list(getattr(error, "diagnostics", []) or [])
    if diagnostics:
        body = Markup("<ul>{}</ul>").format(
            Markup("").join(_item(d) for d in diagnostics if d.is_error))
    else:
        body = Markup("<p>{}</p>").format(str(error) or type(error).__name__)
    return str(Markup(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex, nofollow"><title>{title}</title></head>'
        '<body style="font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em">'
        '<main id="darksite-build-error"><h1>{title}</h1>'
        "<p>Nothing was published. Fix the file and save it: this page reloads by itself.</p>"
        "{body}</main></body></html>\n").format(title=TITLE, body=body))


def show_build_error(site_dir: Path, error: BaseException) -> None:
    """Write the error page over the served folder's pages (its home page at least)."""
    page = error_page(error)
    try:
        site_dir.mkdir(parents=True, exist_ok=True)
        targets = [site_dir / "index.html", *sorted(site_dir.rglob("*.html"))[:PAGE_LIMIT]]
        for target in dict.fromkeys(targets):
            target.write_text(page, encoding="utf-8")
    except OSError:
        pass  # the terminal still has the error; a page is a courtesy


__all__ = ["error_page", "show_build_error"]
