"""Precompressed .gz files in every published release, always current, sent by nginx as is."""

from __future__ import annotations

import gzip
import http.client
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from darksite.cli import main
from darksite.outputs.precompress import is_compressible, precompress
from tests.browser_support import nginx
from tests.conftest import live_water_project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = live_water_project(tmp_path, monkeypatch)
    return root


def assert_every_gz_is_current(release: Path) -> None:
    sources = [p for p in release.rglob("*") if p.is_file() and is_compressible(p)]
    assert len(sources) > 10
    for source in sources:
        compressed = source.with_name(source.name + ".gz")
        assert gzip.decompress(compressed.read_bytes()) == source.read_bytes(), source
    for private in ("_headers.gz", "nginx-darksite.conf.gz"):
        assert not (release / private).exists()


def test_a_fast_publish_rewrites_the_gz_of_what_it_changed_and_never_the_live_ones(project):
    assert main(["publish", "--to", "public"]) == 0
    first = (project / "public" / "current").resolve()
    assert_every_gz_is_current(first)
    before = {p: p.read_bytes() for p in first.rglob("*.gz")}
    assert main(["update", "water-2026", "Crews are on site.", "--at",
                 "2026-11-21T10:00:00+01:00"]) == 0
    assert main(["publish", "--to", "public"]) == 0
    second = (project / "public" / "current").resolve()
    assert second != first
    assert_every_gz_is_current(second)
    assert b"Crews are on site." in gzip.decompress(
        (second / "water-2026" / "index.html.gz").read_bytes())
    assert {p: p.read_bytes() for p in first.rglob("*.gz")} == before


def test_a_gz_whose_file_is_gone_is_deleted_and_other_files_are_left_alone(tmp_path):
    (tmp_path / "gone.html.gz").write_bytes(gzip.compress(b"old"))
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "page.html").write_text("<p>now</p>", encoding="utf-8")
    assert precompress(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html", "page.html.gz",
                                                          "photo.png"]
    assert precompress(tmp_path) == 0  # current already: nothing written


def _linked_copy(live: Path, copy: Path) -> None:
    for path in live.rglob("*"):
        target = copy / path.relative_to(live)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)


def test_a_hard_linked_copy_checks_only_the_pairs_that_are_not_the_live_releases(tmp_path):
    live, copy = tmp_path / "live", tmp_path / "copy"
    (live / "a").mkdir(parents=True)
    for name in ("index.html", "a/index.html", "feed.xml"):
        (live / name).write_text(f"<p>{name}</p>", encoding="utf-8")
    assert precompress(live) == 3
    _linked_copy(live, copy)
    (copy / "a/index.html").unlink()  # the fast path: a changed file is a new inode,
    (copy / "a/index.html").write_text("<p>changed</p>", encoding="utf-8")  # its .gz old
    (copy / "new.html").write_text("<p>new</p>", encoding="utf-8")
    (copy / "feed.xml.gz").unlink()  # a .gz that is not the live one's is checked
    (copy / "feed.xml.gz").write_bytes(gzip.compress(b"stale"))
    assert precompress(copy, linked_from=live) == 3
    assert_pairs_current = [gzip.decompress((copy / f"{n}.gz").read_bytes()) ==
                            (copy / n).read_bytes() for n in ("a/index.html", "new.html",
                                                              "feed.xml", "index.html")]
    assert all(assert_pairs_current)
    assert gzip.decompress((live / "a/index.html.gz").read_bytes()) == b"<p>a/index.html</p>"


def test_without_the_live_release_every_pair_is_read_again(tmp_path):
    """The shortcut trusts only a pair shared with the given release: here one corrupted
    in both (same inodes) is kept with it, and found and rewritten without it."""
    live, copy = tmp_path / "live", tmp_path / "copy"
    live.mkdir()
    (live / "index.html").write_text("<p>home</p>", encoding="utf-8")
    precompress(live)
    _linked_copy(live, copy)
    with (live / "index.html.gz").open("r+b") as shared:  # written through both links
        shared.seek(-8, os.SEEK_END)
        shared.write(b"\0" * 8)
    assert precompress(copy, linked_from=live) == 0
    assert precompress(copy) == 1
    assert gzip.decompress((copy / "index.html.gz").read_bytes()) == b"<p>home</p>"


@pytest.mark.nginx
def test_nginx_sends_the_precompressed_file_itself(project, tmp_path):
    assert main(["publish", "--to", "public"]) == 0
    release = (project / "public" / "current").resolve()
    with nginx(release, tmp_path / "nginx", host_gzip=False) as url:
        parts = urlsplit(url)
        for path, file in (("/", "index.html"), ("/status.json", "status.json"),
                           ("/water-2026/", "water-2026/index.html")):
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            assert response.getheader("Content-Encoding") == "gzip"
            assert response.read() == (release / (file + ".gz")).read_bytes(), path
            connection.request("GET", path)
            response = connection.getresponse()
            assert response.getheader("Content-Encoding") is None
            assert response.read() == (release / file).read_bytes()
            connection.close()


@pytest.mark.nginx
def test_a_page_without_its_final_slash_is_redirected_relatively(project, tmp_path):
    assert main(["publish", "--to", "public"]) == 0
    release = (project / "public" / "current").resolve()
    with nginx(release, tmp_path / "nginx", host_gzip=False) as url:
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        connection.request("GET", "/water-2026")
        response = connection.getresponse()
        assert (response.status, response.getheader("Location")) == (301, "/water-2026/")
        connection.close()
