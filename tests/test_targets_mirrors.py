"""publish to several targets at once: a folder, a mirror folder, S3 and a git branch, each read
back; one target down never stops the others, and the exit code says so."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from darksite.cli import main
from darksite.targets.git import NOJEKYLL
from darksite.targets.objects import site_files
from tests.browser_support import free_port
from tests.conftest import live_water_project
from tests.s3_support import client, moto_server
from tests.test_targets_s3 import assert_bucket_is, live_release


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with moto_server() as url:
        client(url).create_bucket(Bucket="mirror")
        yield url


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = live_water_project(tmp_path, monkeypatch)
    subprocess.run(["git", "init", "-q", "--bare", str(tmp_path / "pages.git")], check=True)
    return root


def rows(out: str) -> dict[str, list[str]]:
    """The targets table: first column -> the row's cells."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("target "))
    return {line.split()[0]: line.split() for line in lines[start + 1:] if line.strip()
            and not line.startswith(("published", "warning"))}


def branch_files(repository: Path, branch: str) -> dict[str, bytes]:
    """Every file of ``branch``, read back out of git."""
    listing = subprocess.run(["git", "--git-dir", str(repository), "ls-tree", "-r", "-z",
                              "--name-only", branch], capture_output=True, check=True).stdout
    files = {}
    for name in filter(None, listing.decode().split("\0")):
        files[name] = subprocess.run(["git", "--git-dir", str(repository), "show",
                                      f"{branch}:{name}"], capture_output=True,
                                     check=True).stdout
    return files


def test_four_targets_at_once_are_each_verified(project, endpoint, tmp_path, capsys):
    git = f"git:{tmp_path / 'pages.git'}#site"
    code = main(["publish", "--to", "public", "--to", str(tmp_path / "mirror"),
                 "--to", "s3://mirror/status", "--to", git, "--endpoint-url", endpoint])
    out = capsys.readouterr().out
    assert code == 0, out
    release = live_release(project / "public")
    table = rows(out)
    assert [table[name][1] for name in ("public", str(tmp_path / "mirror"),
                                        "s3://mirror/status", git)] == ["live"] * 4
    # the mirror folder: its own current, the same bytes.
    mirrored = (tmp_path / "mirror" / "current").resolve()
    assert mirrored.name == release.name
    for file in site_files(release, hosting_files=True):
        assert hashlib.sha256((mirrored / file.key).read_bytes()).hexdigest() == file.sha256
    # S3: every object as built.
    assert_bucket_is(client(endpoint), "mirror", "status/", release)
    # git: the branch's tree is the release, plus .nojekyll for GitHub Pages.
    files = branch_files(tmp_path / "pages.git", "site")
    expected = {f.key: f.path.read_bytes() for f in site_files(release, hosting_files=True)
                if f.path is not None}
    assert files == {**expected, NOJEKYLL: b""}
    log = subprocess.run(["git", "--git-dir", str(tmp_path / "pages.git"), "log",
                          "--format=%s", "site"], capture_output=True, text=True).stdout
    assert log.splitlines() == [f"darksite release {release.name}"]


def test_a_target_that_is_down_is_reported_and_the_others_still_go_live(
        project, endpoint, tmp_path, capsys):
    down = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    git = f"git:{tmp_path / 'pages.git'}"
    code = main(["publish", "--to", "public", "--to", "s3://mirror/down", "--to", git,
                 "--to", str(tmp_path / "mirror"), "--endpoint-url", down])
    captured = capsys.readouterr()
    assert code == 75
    table = rows(captured.out)
    assert table["s3://mirror/down"][1] == "FAILED"
    assert table[git][1] == "live" and table[str(tmp_path / "mirror")][1] == "live"
    assert "darksite: s3://mirror/down: cannot reach the object store" in captured.err
    assert "published to 3 of 4 target(s); 1 FAILED" in captured.err
    assert "Traceback" not in captured.err
    release = live_release(project / "public")
    assert (tmp_path / "mirror" / "current").resolve().name == release.name
    # Once it is back, the same command (its endpoint now up) completes it.
    assert main(["publish", "--to", "public", "--to", "s3://mirror/down", "--to", git,
                 "--to", str(tmp_path / "mirror"), "--endpoint-url", endpoint]) == 0
    out = capsys.readouterr().out
    assert rows(out)[git][1] == "unchanged"  # same tree: no new commit
    assert_bucket_is(client(endpoint), "mirror", "down/", live_release(project / "public"))
    # The mirror folder has both releases and their manifests: rollback works there too.
    assert main(["rollback", "--to", str(tmp_path / "mirror")]) == 0
    assert (tmp_path / "mirror" / "current").resolve().name == release.name


def test_a_missing_git_repository_fails_that_target_with_what_to_do(project, tmp_path, capsys):
    missing = tmp_path / "nowhere.git"
    assert main(["publish", "--to", "public", "--to", f"git:{missing}"]) == 75
    err = capsys.readouterr().err
    assert (f"darksite: git:{missing}: {missing} is not a git repository: make one with git "
            f"init --bare {missing}, then run the same command again") in err


def test_an_unknown_kind_of_target_is_refused_before_anything_is_built(project, capsys):
    assert main(["publish", "--to", "public", "--to", "ftp://example.org/site"]) == 1
    err = capsys.readouterr().err
    assert "--to ftp://example.org/site: darksite publishes to a folder, to " in err
    assert not (project / "public").exists()


def test_only_remote_targets_build_in_the_projects_staging_folder(project, endpoint, capsys):
    assert main(["publish", "--to", "s3://mirror/only", "--endpoint-url", endpoint]) == 0
    staged = live_release(project / ".darksite-publish")
    assert rows(capsys.readouterr().out)["s3://mirror/only"][1] == "live"
    assert_bucket_is(client(endpoint), "mirror", "only/", staged)


def test_one_folder_named_twice_is_published_once(project, capsys):
    assert main(["publish", "--to", "public", "--to", "./public/", "--to",
                 str(project / "public")]) == 0
    assert "target " not in capsys.readouterr().out  # no mirror: no table
