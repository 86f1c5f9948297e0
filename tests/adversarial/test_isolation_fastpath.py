"""The fast path fails safe: whatever goes wrong in it, the same command builds in full.

Real conditions only: a live release folder deleted or damaged by hand, a
live release on another file system (a real ``EXDEV`` from ``link(2)``, on
a tmpfs mount: needs root), a missing manifest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from darksite.ops.clone import clone_release
from darksite.ops.manifest import manifest_path
from darksite.ops.publish import publish
from darksite.ops.releases import PublishDir
from tests.adversarial.isolation_support import (  # noqa: F401 - fixtures
    Live,
    live_fixture,
    published_template_fixture,
    replace_in,
)


def test_a_live_release_deleted_by_hand_takes_a_full_build(live: Live) -> None:
    shutil.rmtree(live.current)
    live.update_a()
    published = publish(None, live.out)
    assert published.way.startswith("full build (the live release folder")
    assert "WA-NEW-UPDATE" in live.page("water-a")
    assert PublishDir(live.out).is_complete(published.release)


def test_a_live_release_deleted_by_hand_with_a_spare_left_takes_a_full_build(
        live: Live) -> None:
    name = PublishDir(live.out).current_name()
    (live.out / ".spare").mkdir()
    clone_release(live.current, live.out / ".spare" / name)
    shutil.rmtree(live.current)
    live.update_a()
    published = publish(None, live.out)
    assert published.way.startswith("full build")
    assert "WA-NEW-UPDATE" in live.page("water-a") and "GB-STATEMENT" in live.page("gas-b")


def test_any_error_inside_the_fast_path_falls_back_to_a_full_build(live: Live, capsys) -> None:
    """A live release damaged by hand: water-a/ is a file, so writing its page fails
    (NotADirectoryError) in the middle of the fast path."""
    page_folder = live.current / "water-a"
    shutil.rmtree(page_folder)
    page_folder.write_text("not a folder", encoding="utf-8")
    before = page_folder.read_bytes()
    live.update_a()
    code = live.cli("publish", "--to", str(live.out))
    err = capsys.readouterr().err
    assert code == 0, err
    assert "fast path failed (NotADirectoryError" in err and "full build instead" in err
    assert "Traceback" not in err
    assert "WA-NEW-UPDATE" in live.page("water-a")
    releases = PublishDir(live.out)
    old = releases.previous(releases.current_name())  # the damaged live release: untouched
    assert (live.out / "releases" / old / "water-a").read_bytes() == before


def test_a_missing_manifest_takes_a_full_build(live: Live) -> None:
    manifest_path(live.out, PublishDir(live.out).current_name()).unlink()
    live.update_a()
    published = publish(None, live.out)
    assert published.way.startswith("full build (the live release")
    assert "has no manifest" in published.way
    assert "WA-NEW-UPDATE" in live.page("water-a")


def test_a_missing_manifest_with_a_broken_incident_publishes_nothing(live: Live,
                                                                     capsys) -> None:
    """Without the manifest darksite cannot tell whether the broken file is live: rather
    than risk taking a crisis page down, it publishes nothing, and says so."""
    before = PublishDir(live.out).current_name()
    manifest_path(live.out, before).unlink()
    replace_in(live.incident("gas-b.yaml"), "severity: major", "severity: enormous")
    code = live.cli("publish", "--to", str(live.out))
    err = capsys.readouterr().err
    assert code == 1
    assert "incidents/gas-b.yaml:4:" in err and "cannot tell whether it is on the live site" in err
    assert PublishDir(live.out).current_name() == before


@pytest.fixture
def live_on_tmpfs(live: Live):
    """The live release moved onto its own tmpfs mount: link(2) into releases/ gives EXDEV."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    release = live.current
    moved = release.with_name(release.name + ".orig")
    release.rename(moved)
    release.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "darksite-test",
                              str(release)], capture_output=True, text=True)
    if mounted.returncode != 0:
        moved.rename(release)
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        shutil.copytree(moved, release, symlinks=True, dirs_exist_ok=True)
        shutil.rmtree(moved)
        yield live
    finally:
        subprocess.run(["umount", "-l", str(release)], check=False)


def test_hard_links_failing_with_exdev_fall_back_to_copies(live_on_tmpfs: Live) -> None:
    live = live_on_tmpfs
    probe = live.current / "index.html"
    with pytest.raises(OSError) as caught:
        os.link(probe, live.out / "releases" / "probe")
    assert caught.value.errno == 18  # EXDEV: the condition is real
    live.update_a()
    published = publish(None, live.out)
    assert published.way == "fast path: incident water-a changed"
    assert "WA-NEW-UPDATE" in live.page("water-a") and "GB-STATEMENT" in live.page("gas-b")
    copied = Path(published.path) / "gas-b" / "index.html"
    assert copied.stat().st_nlink == 1  # a copy, not a link
