"""The Zensical adapter: mkdocs-material's successor, which runs no MkDocs plugins.

Why it works without the plugin: the generated tree already holds every
page darksite makes (:mod:`darksite.pipeline.generate`), so Zensical only
draws it. Zensical reads ``mkdocs.yml`` natively, so the adapter writes one
for the tree (its docs, its overrides as ``custom_dir``, no plugins) and
runs ``zensical build`` in a child process: a crash of the engine is then a
clear error, never a crashed darksite (``serve`` runs in process, so that
stopping darksite stops the server). Zensical requires ``site_dir`` inside
the project folder, so it builds into the tree and the result is moved.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from darksite.errors import ConfigError, PublishError
from darksite.pipeline.tree import DOCS, OVERRIDES, engine_config

CONFIG_NAME = "zensical-mkdocs.yml"
BUILT = "_zensical_site"
SEARCH_INDEX = "search.json"


def write_config(tree_dir: Path) -> Path:
    """The tree's config for Zensical, with paths relative to the tree (it panics on absolute
    ones: ``invariant: Id(Format(Path(RootDir)))`` in 0.0.73)."""
    config = engine_config(tree_dir)
    config["docs_dir"] = DOCS
    config["site_dir"] = BUILT
    config["theme"]["custom_dir"] = OVERRIDES
    config["plugins"] = []
    path = tree_dir / CONFIG_NAME
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=True), encoding="utf-8")
    return path


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "zensical", *args]


def _require_zensical() -> None:
    try:
        import zensical  # noqa: F401
    except ImportError:
        raise ConfigError("the zensical renderer is not installed: "
                          "pip install 'darksite[zensical]'") from None


class ZensicalRenderer:
    """Renders a generated tree with Zensical."""

    name = "zensical"

    @property
    def version(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"zensical {version('zensical')}"
        except PackageNotFoundError:
            return "zensical (not installed)"

    def build(self, tree_dir: Path, site_dir: Path) -> None:
        _require_zensical()
        config = write_config(tree_dir)
        done = subprocess.run(_command("build", "--clean", "-f", str(config)), cwd=tree_dir,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            reason = (done.stderr or done.stdout).strip().splitlines()[-5:]
            raise PublishError("zensical could not build the site: " + " / ".join(reason))
        # Zensical always writes a search index; darksite has no search (docs/site.md).
        (tree_dir / BUILT / SEARCH_INDEX).unlink(missing_ok=True)
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.copytree(tree_dir / BUILT, site_dir)

    def serve(self, tree_dir: Path, addr: str) -> None:
        """In this process (unlike ``build``): stopping darksite must stop the server too."""
        _require_zensical()
        import zensical

        config = write_config(tree_dir)
        zensical.serve(str(config), {"dev_addr": addr, "open": False, "strict": False})


RENDERER = ZensicalRenderer()
