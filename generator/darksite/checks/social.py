"""``social-image-missing``: the configured ``social_image`` must be a file the site publishes.

Why: every page's ``og:image`` names it. A typo in ``mkdocs.yml`` would
give every shared link a broken image (platforms then show a grey box, or
drop the preview), and nobody sees it until a link is shared mid-crisis.
darksite's own cards (:mod:`darksite.outputs.cards`) are always there; a
configured image replaces them, so it is checked to exist in ``docs_dir``
(where MkDocs copies it from). An ``https://`` image is not fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from darksite.diagnostics import Diagnostic, Severity
from darksite.settings import Settings

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
KEY = "social_image"


def _located(settings: Settings) -> tuple[str, int, int]:
    """The config file and the line and column of ``social_image`` in it (else line 1)."""
    for name in CONFIG_NAMES:
        path = settings.root / name
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, start=1):
            column = line.find(KEY)
            if column >= 0:
                return name, number, column + 1
        return name, 1, 1
    return CONFIG_NAMES[0], 1, 1


def social_image_problems(settings: Settings) -> Iterable[Diagnostic]:
    """An error when ``social_image`` names no file under ``docs_dir``."""
    image = settings.social_image
    if not image or "://" in image:
        return
    docs = settings.docs_dir.resolve()
    target = (docs / image.lstrip("/")).resolve()
    inside = target.is_relative_to(docs)
    if inside and target.is_file():
        return
    file, line, column = _located(settings)
    where = settings.relative(Path(settings.docs_dir))
    yield Diagnostic(
        file=file, line=line, column=column, severity=Severity.ERROR,
        code="social-image-missing", path=f"plugins.darksite.{KEY}",
        message=(f"social_image '{image}' is not a file in {where}/" if inside else
                 f"social_image '{image}' is outside {where}/, which is all the site publishes"),
        hint=(f"put the image at {where}/{image.lstrip('/')}, give its path under {where}/, "
              "or remove social_image to use darksite's own cards"),
    )
