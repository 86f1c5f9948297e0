"""Nothing draft and nothing ``internal`` reaches any file of a built site; everything public does.

The shipped sample is built together with fixture incidents whose every text
carries a unique marker: drafts (``LEAKDRAFT-*``), ``internal`` notes of
public incidents, nested at several depths (``*-INTERNAL*``), and public
texts (``PUBACTIVE-*``, ``PUBRESOLVED-*``). Every file under the site folder
is searched as bytes, gzip files decompressed, HTML-escaped forms included.
"""

from __future__ import annotations

import gzip
import html
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from darksite.loader import load_incidents
from darksite.model import Incident
from tests.conftest import MEDIA_FILES, REPO, build_project, incident_yaml, site_files

PUBLIC_SECTIONS = (
    "TITLE", "SUMMARY", "AFFECTED", "STATEMENT", "APOLOGY", "ACTION-DONE", "ACTION-DUE",
    "UPDATE-OLD", "UPDATE-NEW", "CONTACT-PHONE", "CONTACT-PRIVATE", "FAQ-Q", "FAQ-A", "QUOTE",
)

NESTED_INTERNAL = """\
internal:
  notes: "{marker}-INTERNAL do not publish"
  legal:
    cleared_by: "{marker}-INTERNAL-NESTED Counsel"
    history:
      - {{when: "25 Nov", what: "{marker}-INTERNAL-IN-LIST first draft rejected"}}
  plain_list: ["{marker}-INTERNAL-FLOW-ITEM"]
"""


def with_nested_internal(text: str, marker: str) -> str:
    """An incident file whose ``internal`` holds markers in a mapping, a list and a flow list."""
    head = text[: text.index("internal:")]
    return head + NESTED_INTERNAL.format(marker=marker)


FIXTURES = {
    "pub-active.yaml": with_nested_internal(
        incident_yaml("pub-active", marker="PUBACTIVE", severity="critical"), "PUBACTIVE"
    ),
    "pub-resolved.yaml": with_nested_internal(
        incident_yaml("pub-resolved", status="resolved", marker="PUBRESOLVED",
                      resolved_at="2026-11-23T16:00:00+01:00"), "PUBRESOLVED"
    ),
    "leak-draft.yaml": with_nested_internal(
        incident_yaml("leak-draft", status="draft", marker="LEAKDRAFT"), "LEAKDRAFT"
    ),
    "leak-scenario.yaml": incident_yaml("leak-scenario", status="draft", marker="LEAKSCENARIO")
    .replace("LEAKSCENARIO-SUMMARY", "LEAKSCENARIO-SUMMARY {{ affected_count }}"),
}

INTERNAL_MARKERS = [
    f"{m}-INTERNAL{suffix}" for m in ("PUBACTIVE", "PUBRESOLVED")
    for suffix in ("", "-NESTED", "-IN-LIST", "-FLOW-ITEM")
]


def copy_sample_project(dest: Path, extra_incidents: Mapping[str, str]) -> Path:
    """The shipped project (mkdocs.yml, site_src/, incidents/, themes/) plus ``extra_incidents``."""
    dest.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "site_src", dest / "site_src")
    shutil.copytree(REPO / "incidents", dest / "incidents")
    (dest / "themes").symlink_to(REPO / "themes", target_is_directory=True)
    for name, data in MEDIA_FILES.items():
        (dest / "site_src" / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / "site_src" / name).write_bytes(data)
    for name, text in extra_incidents.items():
        (dest / "incidents" / name).write_text(text, encoding="utf-8")
    return dest


def contents(site: Path) -> Iterator[tuple[Path, bytes]]:
    """Every file of ``site`` as bytes; gzip files decompressed."""
    for file in site_files(site):
        data = file.read_bytes()
        if file.suffix == ".gz":
            data = gzip.decompress(data)
        yield file, data


def forms(text: str) -> set[bytes]:
    """``text`` as it may appear in a file: raw, HTML-escaped, with quotes escaped or not."""
    return {text.encode(), html.escape(text).encode(), html.escape(text, quote=False).encode()}


def find_anywhere(site: Path, text: str) -> list[Path]:
    wanted = forms(text)
    return [file for file, data in contents(site) if any(w in data for w in wanted)]


def leaf_strings(value: Any) -> Iterator[str]:
    """Every string inside a YAML value (mappings, lists, scalars)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from leaf_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from leaf_strings(item)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample_project(tmp_path_factory.mktemp("leaks") / "project", FIXTURES)


@pytest.fixture(scope="module")
def public_site(project: Path) -> Path:
    return build_project(project, site_dir=project / "public-site")


@pytest.fixture(scope="module")
def rehearsal_site(project: Path) -> Path:
    return build_project(project, site_dir=project / "rehearsal-site", rehearsal=True)


@pytest.fixture(scope="module")
def shipped() -> tuple[Incident, ...]:
    return load_incidents(REPO / "incidents", root=REPO).incidents


def test_the_site_is_not_empty(public_site: Path) -> None:
    assert len(site_files(public_site)) > 10
    assert (public_site / "pub-active" / "index.html").is_file()


@pytest.mark.parametrize("section", PUBLIC_SECTIONS)
def test_every_public_text_reaches_its_incident_page(public_site: Path, section: str) -> None:
    for marker in ("PUBACTIVE", "PUBRESOLVED"):
        page = public_site / marker.lower().replace("pub", "pub-") / "index.html"
        assert f"{marker}-{section}".encode() in page.read_bytes(), (marker, section)


def test_no_draft_text_reaches_any_file(public_site: Path) -> None:
    for marker in ("LEAKDRAFT", "LEAKSCENARIO", "leak-draft", "leak-scenario"):
        assert find_anywhere(public_site, marker) == [], marker


@pytest.mark.parametrize("marker", INTERNAL_MARKERS)
def test_no_internal_note_reaches_any_file(public_site: Path, marker: str) -> None:
    assert find_anywhere(public_site, marker) == []


@pytest.mark.parametrize("marker", [*INTERNAL_MARKERS, "LEAKDRAFT-INTERNAL"])
def test_no_internal_note_reaches_a_rehearsal_either(rehearsal_site: Path, marker: str) -> None:
    assert find_anywhere(rehearsal_site, marker) == []


def test_a_rehearsal_does_show_the_drafts(rehearsal_site: Path) -> None:
    assert b"LEAKDRAFT-STATEMENT" in (rehearsal_site / "leak-draft" / "index.html").read_bytes()


def test_the_shipped_drafts_never_reach_the_public_site(
    public_site: Path, shipped: tuple[Incident, ...]
) -> None:
    drafts = [i for i in shipped if not i.is_public]
    assert len(drafts) >= 5
    for draft in drafts:
        for text in (draft.id, draft.title, draft.summary):
            assert find_anywhere(public_site, text) == [], text


def test_the_shipped_internal_notes_never_reach_any_site(
    public_site: Path, rehearsal_site: Path, shipped: tuple[Incident, ...]
) -> None:
    notes = {text for incident in shipped for text in leaf_strings(incident.internal)
             if len(text) >= 12}
    assert notes
    assert find_anywhere(public_site, "INTERNAL-ONLY-NOTE") == []
    for text in sorted(notes):
        assert find_anywhere(public_site, text) == [], text
        assert find_anywhere(rehearsal_site, text) == [], text


def test_the_shipped_public_incidents_are_published(
    public_site: Path, shipped: tuple[Incident, ...]
) -> None:
    public = [i for i in shipped if i.is_public]
    assert public
    for incident in public:
        page = (public_site / incident.id / "index.html").read_bytes()
        assert any(form in page for form in forms(incident.title)), incident.id


@pytest.mark.parametrize("seed", range(40))
def test_the_public_text_read_a_chunk_at_a_time_finds_what_the_whole_text_finds(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Draft text that public text also says is not a secret: found as in the joined text,
    needles across a chunk boundary and whitespace runs across one included."""
    import random

    from darksite.ops import verify

    rng = random.Random(seed)
    words = ["water", "main", "Mill", "Road", "–", "crews", "🙂", "  ", "\n", "\t", "on", "site"]
    texts = ["".join(rng.choice(words) + rng.choice([" ", "", "\n "]) for _ in range(
        rng.randint(0, 12))) for _ in range(rng.randint(1, 30))]
    joined = verify._normal("\n".join(texts))
    needles = {joined[start:start + length] for _ in range(20)
               for start in [rng.randint(0, max(0, len(joined) - 1))]
               for length in [rng.randint(1, 25)]}
    needles |= {verify._normal(rng.choice(words) + " " + rng.choice(words)) for _ in range(10)}
    needles = {verify._normal(n) for n in needles}
    monkeypatch.setattr(verify, "CHUNK_CHARACTERS", rng.randint(1, 40))
    found = verify._found_in_chunks(verify.JoinedText(texts).chunks(), set(needles))
    assert found == {needle for needle in needles if needle and needle in joined}


def test_a_loaded_incident_gives_its_public_texts_and_never_its_internal_ones() -> None:
    """The fast path of a resolution counts the listed incidents' texts as public (so that a
    draft quoting one is no leak); their internal notes must never count."""
    from darksite.loader import load_incident_text
    from darksite.ops.verify import incident_public_texts
    from tests.conftest import incident_yaml

    incident, found = load_incident_text(
        incident_yaml("old-z", marker="OZ", status="resolved",
                      resolved_at="2026-11-21T12:00:00+01:00").encode("utf-8"),
        file="incidents/old-z.yaml")
    assert incident is not None, found
    texts = list(incident_public_texts(incident))
    joined = "\n".join(texts)
    for public in ("OZ-TITLE", "OZ-SUMMARY", "OZ-ADVICE", "OZ-QUOTE"):
        assert public in joined, public
    assert "OZ-INTERNAL" not in joined
    assert "incidents/old-z.yaml" not in texts  # darksite's own fields are no page's text
