"""docs/setup.md lists exactly the plugin's options, as the code declares them."""

from __future__ import annotations

from darksite.mkdocs import config_reference
from darksite.mkdocs.plugin_config import DarksitePluginConfig
from tests.conftest import REPO


def test_setup_docs_carry_the_generated_options_table() -> None:
    text = (REPO / "docs" / "setup.md").read_text(encoding="utf-8")
    assert config_reference.table() in text, (
        "docs/setup.md's options table is out of date: run "
        "python -m darksite.mkdocs.config_reference --write docs/setup.md")


def test_every_option_is_in_the_table_with_its_default() -> None:
    table = config_reference.table()
    for name, _ in DarksitePluginConfig._schema:
        assert f"| `{name}` |" in table
    assert "| `checks.going_dark_hours` | int or float | `4` |" in table


def test_an_option_without_a_docstring_is_refused() -> None:
    from mkdocs.config import base
    from mkdocs.config import config_options as c

    class Undocumented(base.Config):
        documented = c.Type(str, default="")
        """Has one."""
        forgotten = c.Type(bool, default=False)

    try:
        list(config_reference.rows(Undocumented))
    except config_reference.UndocumentedOption as error:
        assert "'forgotten' has no docstring" in str(error)
    else:
        raise AssertionError("an undocumented option went into the table")
