"""publish, rollback and prune on real builds: only complete, verified releases ever go live."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from darksite.errors import PublishError
from darksite.ops.errors import LeakError, NoReleaseError
from darksite.ops.incidents import read_trees
from darksite.ops.publish import publish, rollback
from darksite.ops.releases import MARKER, PublishDir
from darksite.ops.verify import collect_secrets, find_leaks
from tests.conftest import DARKSITE, incident_yaml, make_project

ACTIVE = incident_yaml("water-outage", marker="PUBLIVE")
DRAFT = incident_yaml("draft-gas-leak", status="draft", marker="PUBDRAFT")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = make_project(tmp_path / "project",
                           {"water-outage.yaml": ACTIVE, "draft-gas-leak.yaml": DRAFT})
    monkeypatch.chdir(project)
    monkeypatch.delenv("DARKSITE_REHEARSAL", raising=False)
    return project


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([DARKSITE, *args], cwd=root, capture_output=True, text=True,
                          timeout=120)


def live(out: Path) -> Path:
    return (out / "current").resolve()


def test_publish_switches_a_relative_current_link_to_a_complete_release(root: Path) -> None:
    out = root / "public"
    result = publish(None, out)
    link = os.readlink(out / "current")
    assert link == f"releases/{result.release}"
    assert (live(out) / MARKER).is_file()
    assert (live(out) / "index.html").is_file()
    assert (live(out) / "water-outage" / "index.html").is_file()
    assert not (live(out) / "draft-gas-leak").exists()
    assert result.public == 1


def test_each_publish_is_a_new_release_and_rollback_returns_to_the_previous(root: Path) -> None:
    out = root / "public"
    first = publish(None, out)
    second = publish(None, out)
    assert second.release > first.release
    assert live(out).name == second.release
    result = run_cli(root, "rollback", "--to", "public")
    assert result.returncode == 0, result.stderr
    assert f"current -> releases/{first.release}" in result.stdout
    assert live(out).name == first.release
    with pytest.raises(NoReleaseError, match="no earlier release"):
        rollback(out)
    assert live(out).name == first.release


def test_rollback_never_returns_to_a_release_that_was_rolled_back(root: Path) -> None:
    out = root / "public"
    good = publish(None, out)
    bad = publish(None, out)
    rollback(out)
    fixed = publish(None, out)
    assert live(out).name == fixed.release
    rolled = rollback(out)
    assert (rolled.before, rolled.after) == (fixed.release, good.release)
    assert bad.release in PublishDir(out).complete_releases()


def test_rollback_with_nothing_published_is_a_clear_error(root: Path) -> None:
    result = run_cli(root, "rollback", "--to", "public")
    assert result.returncode == 1
    assert "not a darksite publish folder" in result.stderr


def test_old_releases_beyond_keep_are_pruned_but_never_live_or_rollback(root: Path) -> None:
    out = root / "public"
    names = [publish(None, out, keep=2).release for _ in range(4)]
    assert PublishDir(out).complete_releases() == names[-2:]
    rollback(out)  # live: names[2]; names[3] was rolled back from
    newest = publish(None, out, keep=1)
    # kept: the live release and its rollback target, which skips the rolled-back names[3]
    assert PublishDir(out).complete_releases() == [names[2], newest.release]


def test_a_broken_edit_keeps_the_last_published_version_live_and_exits_1(root: Path) -> None:
    out = root / "public"
    good = publish(None, out)
    page = (live(out) / "water-outage" / "index.html").read_bytes()
    path = root / "incidents" / "water-outage.yaml"
    path.write_text(ACTIVE.replace("status: active", "status: activ"), encoding="utf-8")
    result = run_cli(root, "publish", "--to", "public")
    assert result.returncode == 1
    assert "incidents/water-outage.yaml:3:" in result.stderr
    assert "HELD BACK incidents/water-outage.yaml" in result.stderr
    assert "its last published version stays live" in result.stderr
    assert "Traceback" not in result.stderr
    assert live(out).name != good.release
    assert (live(out) / "water-outage" / "index.html").read_bytes() == page
    assert all(PublishDir(out).is_complete(p.name) for p in (out / "releases").iterdir())


def test_a_broken_theme_template_is_a_clear_error_and_the_site_stays(tmp_path: Path,
                                                                   monkeypatch) -> None:
    project = make_project(tmp_path / "project", {"water-outage.yaml": ACTIVE},
                           copy_themes=True)
    monkeypatch.chdir(project)
    out = project / "public"
    good = publish(None, out)
    (project / "themes" / "main.html").write_text("{% block broken %}", encoding="utf-8")
    with pytest.raises(PublishError, match="could not be built"):
        publish(None, out)
    assert live(out).name == good.release
    assert PublishDir(out).complete_releases() == [good.release]


def test_leftovers_of_a_killed_publish_are_cleaned_by_the_next(root: Path) -> None:
    out = root / "public"
    good = publish(None, out)
    partial = out / "releases" / "20000101T000000000000Z-dead00"
    (partial / "half").mkdir(parents=True)
    (partial / "index.html").write_text("half a site", encoding="utf-8")
    (out / ".current.tmp-abc123").symlink_to("releases/20000101T000000000000Z-dead00")
    (out / "releases" / ".trash-old-123456").mkdir()
    result = publish(None, out)
    assert sorted(result.cleaned) == sorted([".current.tmp-abc123", ".trash-old-123456",
                                             partial.name])
    assert sorted(p.name for p in (out / "releases").iterdir()) == [good.release, result.release]
    assert not list(out.glob(".current.tmp-*"))


def test_publish_refuses_a_rehearsal_environment(root: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DARKSITE_REHEARSAL", "1")
    with pytest.raises(PublishError, match="unset DARKSITE_REHEARSAL"):
        publish(None, root / "public")
    assert not (root / "public" / "current").exists()


def test_publish_refuses_a_current_that_is_a_real_folder(root: Path) -> None:
    (root / "public" / "current").mkdir(parents=True)
    with pytest.raises(PublishError, match="is a folder, not the symlink"):
        publish(None, root / "public")


def test_an_invalid_incident_never_published_lists_every_error_and_stays_off(
        root: Path) -> None:
    path = root / "incidents" / "water-outage.yaml"
    path.write_text(ACTIVE.replace("started_at: 2026-11-20T08:00:00+01:00",
                                   "started_at: 2026-11-20T08:00:00"), encoding="utf-8")
    published = publish(None, root / "public")
    [held] = published.held
    assert held.file == "incidents/water-outage.yaml" and not held.last_published
    assert any(d.code == "naive-timestamp" for d in held.diagnostics)
    assert published.public == 0 and not published.complete
    assert not (live(root / "public") / "water-outage").exists()


# -- the leak check, on a real release --------------------------------------------------------


@pytest.fixture
def release(root: Path) -> Path:
    return publish(None, root / "public").path


def secrets_of(root: Path):
    files = {f"incidents/{p.name}": p for p in (root / "incidents").glob("*.yaml")}
    return collect_secrets(read_trees(files), [root / "site_src", root / "mkdocs.yml"])


def test_a_clean_release_has_no_leaks(root: Path, release: Path) -> None:
    assert find_leaks(release, secrets_of(root)) == []


@pytest.mark.parametrize(
    ("relative", "content", "origin"),
    [
        ("feed.xml", "<p>PUBLIVE-INTERNAL do not publish</p>", "internal note"),
        ("water-outage/index.html", "PUBDRAFT-TITLE water supply interrupted in Eastfield",
         "title of draft"),
        ("status.json", '{"t": "PUBDRAFT-STATEMENT A water main burst under Mill Road at 07:40"}',
         "statement of draft"),
        ("draft-gas-leak/index.html", "<p>hello</p>", "a draft's page"),
        ("search.html", "draft-gas-leak", "id of draft"),
    ],
)
def test_draft_or_internal_text_in_any_file_is_a_leak(
    root: Path, release: Path, relative: str, content: str, origin: str,
) -> None:
    target = release / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as handle:
        handle.write(content)
    leaks = find_leaks(release, secrets_of(root))
    assert any(leak.file == relative and origin in leak.secret.origin for leak in leaks), leaks


def test_html_escaped_internal_text_is_found(root: Path, release: Path) -> None:
    path = root / "incidents" / "water-outage.yaml"
    path.write_text(ACTIVE.replace('notes: "PUBLIVE-INTERNAL do not publish"',
                                   "notes: \"Legal's view: <don't> name the vendor\""),
                    encoding="utf-8")
    (release / "index.html").write_text("Legal&#39;s view: &lt;don&#39;t&gt; name the vendor")
    leaks = find_leaks(release, secrets_of(root))
    assert [leak.secret.origin for leak in leaks] == [
        "internal note in incidents/water-outage.yaml"]


def test_text_a_draft_shares_with_a_public_incident_is_not_a_leak(root: Path) -> None:
    (root / "incidents" / "draft-gas-leak.yaml").write_text(
        incident_yaml("draft-gas-leak", status="draft", marker="PUBLIVE"), encoding="utf-8")
    result = publish(None, root / "public")
    assert find_leaks(result.path, secrets_of(root)) == []


LEAKY_HOOK = """
from pathlib import Path

def on_post_build(config):
    draft = Path(config.config_file_path).parent / "incidents" / "draft-gas-leak.yaml"
    title = next(line for line in draft.read_text().splitlines() if line.startswith("title:"))
    (Path(config.site_dir) / "leak.html").write_text(title)
"""


def test_publish_refuses_a_leaking_release_and_keeps_the_live_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A build step that writes a draft's title (a plugin bug, simulated by a hook)."""
    project = make_project(tmp_path / "project",
                           {"water-outage.yaml": ACTIVE, "draft-gas-leak.yaml": DRAFT})
    monkeypatch.chdir(project)
    out = project / "public"
    good = publish(None, out)
    (project / "leaky_hook.py").write_text(LEAKY_HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - leaky_hook.py\n",
                      encoding="utf-8")
    with pytest.raises(LeakError, match="was NOT published") as caught:
        publish(None, out)
    assert "leak.html: title of draft incidents/draft-gas-leak.yaml" in str(caught.value)
    assert live(out).name == good.release
    assert PublishDir(out).complete_releases() == [good.release]
