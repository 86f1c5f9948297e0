"""Ids: the slug rule anchored at the very end, and no id that names something else on the site.

A draft whose id names a site file or section used to pass ``check`` and
``build`` and then block every ``publish`` (the leak check read the site's
own ``status.json`` as that draft's page); an id naming a hand-written page
failed only at build. Both are now ``check`` errors at the ``id`` key.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from darksite.cli import main
from darksite.loader import load_incidents
from darksite.mkdocs.project import open_project
from darksite.site_names import SITE_NAMES, docs_names
from tests.adversarial.input_support import DRAFT, errors, messages
from tests.conftest import REPO, incident_yaml, make_project


def draft(incident_id: str) -> str:
    return DRAFT.replace("id: x1", f'id: "{incident_id}"')


@pytest.mark.parametrize(
    "name",
    ["status", "feed", "lite", "embed", "assets", "archive", "press-release", "sitemap",
     "robots", "index", "404", "search", "banner", "snippet", "nginx-darksite", "favicon"],
)
def test_an_id_naming_a_site_file_or_section_is_reserved(name):
    assert errors(draft(name), name=f"{name}.yaml") == [("reserved-id", 1, 1, "id")]
    assert f"the id '{name}' is used by the site itself" in messages(draft(name), f"{name}.yaml")[0]


@pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_a_windows_device_name_is_reserved(name):
    assert errors(draft(name), name=f"{name}.yaml") == [("reserved-id", 1, 1, "id")]
    assert "is a device name on Windows" in messages(draft(name), f"{name}.yaml")[0]


def test_every_name_a_build_writes_is_reserved(sample_site: Path):
    """The reserved list is what a real build writes, not a guess (the shipped sample)."""
    slug = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
    written: set[str] = set()
    for path in sample_site.rglob("*"):
        names = [*path.relative_to(sample_site).parts[:-1],
                 path.stem if path.is_file() else path.name]
        written.update(name for name in names if slug.fullmatch(name))
    incident_ids = {p.stem for p in (REPO / "incidents").glob("*.yaml")}
    hand_written = set(docs_names(REPO / "site_src"))
    languages = set(open_project(REPO / "mkdocs.yml").settings.languages)  # /<lang>/<id>/
    assert written - incident_ids - hand_written - languages <= SITE_NAMES
    assert written - incident_ids - hand_written  # the walk found the site's own names


@pytest.mark.parametrize(
    ("incident_id", "pages", "taken"),
    [("about", {"about.md": "# About\n"}, "site_src/about.md"),
     ("contact", {"contact/index.md": "# Contact\n"}, "site_src/contact"),
     ("photo", {}, "site_src/media/photo.png")],  # a draft's id on a file: publish refused it
)
def test_an_id_naming_a_file_or_folder_of_the_docs_folder_is_a_page_clash(
        tmp_path, incident_id, pages, taken):
    root = make_project(tmp_path / "p", {f"{incident_id}.yaml": draft(incident_id)}, pages=pages)
    loaded = load_incidents(root / "incidents", root=root, docs_dir=root / "site_src")
    found = [(d.code, d.file, d.line, d.column, d.path) for d in loaded.diagnostics if d.is_error]
    assert found == [("page-clash", f"incidents/{incident_id}.yaml", 1, 1, "id")]
    assert f"is also the name of {taken}" in loaded.diagnostics[0].message
    assert loaded.incidents == ()


def test_check_refuses_an_active_page_clash_before_build_does(tmp_path, capsys):
    root = make_project(tmp_path / "p", {"about.yaml": incident_yaml("about")},
                        pages={"about.md": "# About us\n"})
    code = main(["check", "-f", str(root / "mkdocs.yml")])
    out = capsys.readouterr().out
    assert code == 1
    assert ("incidents/about.yaml:1:1: error[page-clash] id: the id 'about' is also the name "
            "of site_src/about.md") in out


@pytest.mark.parametrize(
    ("value", "shown"),
    [('"abc\\n"', "abc\n"),            # a trailing newline: "$" used to let it through
     ('"abc\\n\\n"', "abc\n\n"),
     ("..", ".."), ("a/b", "a/b"), ("../etc", "../etc"), ("CON", "CON"), ("Water", "Water"),
     ("\u0430bc", "\u0430bc"),         # Cyrillic a: a homoglyph of "abc"
     ('"ab\\u200bc"', "ab\u200bc"),    # zero-width space
     ("a--b", "a--b"), ("-ab", "-ab"), ("ab-", "ab-"), ("a_b", "a_b"), ("a.b", "a.b"),
     ("\uff41bc", "\uff41bc")],        # fullwidth a
)
def test_an_id_outside_the_slug_rule_is_invalid(value, shown):
    text = DRAFT.replace("id: x1", f"id: {value}")
    assert errors(text) == [("invalid-id", 1, 5, "id")]
    assert f"'{shown}' is not a valid id" in messages(text)[0]


def test_an_id_longer_than_80_characters_is_too_long():
    long_id = "a" * 81
    assert errors(draft(long_id), name=f"{long_id}.yaml") == [("too-long", 1, 5, "id")]
    assert "81 characters; the limit is 80" in messages(draft(long_id), f"{long_id}.yaml")[0]


@pytest.mark.parametrize("bad", ["abc\n", "abc\r\n", "status", "con", "../x", "a/b", "ABC"])
def test_new_refuses_the_id_and_creates_nothing(tmp_path, capsys, bad):
    root = make_project(tmp_path / "p", {})
    code = main(["new", bad, "-f", str(root / "mkdocs.yml")])
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err
    assert err.count("\n") == 1  # one line, the id's newline shown as "\n"
    assert list((root / "incidents").iterdir()) == []
    assert not any("\n" in p.name for p in root.rglob("*"))
