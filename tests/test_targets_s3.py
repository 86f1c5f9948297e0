"""publish --to s3://: moto's real S3 server on loopback, objects read back as readers get them."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from darksite.cli import main
from darksite.cli.targets import mirroring
from darksite.ops.publish import publish
from darksite.targets.base import FAILED
from darksite.targets.objects import (
    ASSETS,
    CHANGED_PAGES,
    INDEXES,
    NEW_PAGES,
    site_files,
    wave_of,
)
from darksite.targets.s3 import S3Target
from tests.conftest import incident_yaml, live_water_project
from tests.s3_support import Proxy, broken_links, client, moto_server

SHORT = "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400"
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with moto_server() as url:
        yield url


_buckets = iter(range(1_000_000))


@pytest.fixture
def bucket(endpoint: str) -> str:
    name = f"site-{next(_buckets)}"
    client(endpoint).create_bucket(Bucket=name)
    return name


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = live_water_project(tmp_path, monkeypatch)
    return root


def live_release(out: Path) -> Path:
    return (out / "current").resolve()


def objects(s3, bucket: str, prefix: str) -> dict[str, dict]:
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            found[item["Key"][len(prefix):]] = item
    return found


def assert_bucket_is(s3, bucket: str, prefix: str, release: Path) -> None:
    """The bucket serves exactly ``release``: every object, its bytes, nothing else."""
    files = {file.key: file for file in site_files(release)}
    listed = {key for key in objects(s3, bucket, prefix) if not key.startswith(".darksite/")}
    assert listed == set(files)
    for key, file in files.items():
        body = s3.get_object(Bucket=bucket, Key=prefix + key)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == file.sha256, key
    state = s3.get_object(Bucket=bucket, Key=prefix + ".darksite/state.json")["Body"].read()
    assert f'"current": "{release.name}"' in state.decode()


def test_publish_to_s3_and_a_folder_at_once_verifies_both(project, endpoint, bucket, capsys):
    code = main(["publish", "--to", "public", "--to", f"s3://{bucket}/www",
                 "--endpoint-url", endpoint])
    out = capsys.readouterr().out
    assert code == 0, out
    release = live_release(project / "public")
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:] if line.strip()
            and line.split()[0] in ("public", f"s3://{bucket}/www")}
    assert rows["public"][1] == "live"
    assert rows[f"s3://{bucket}/www"][1:3] == ["live", release.name]
    assert_bucket_is(client(endpoint), bucket, "www/", release)


def test_each_kind_of_object_has_its_headers_and_no_content_encoding(project, endpoint,
                                                                     bucket):
    publish(None, "public", mirror=mirroring([S3Target(f"s3://{bucket}",
                                                      endpoint_url=endpoint)], keep=5))
    s3 = client(endpoint)
    release = live_release(project / "public")
    [bundle] = (release / "assets" / "javascripts").glob("bundle.*.min.js")
    expected = {
        "index.html": ("text/html; charset=utf-8", SHORT),
        "water-2026/index.html": ("text/html; charset=utf-8", SHORT),
        "lite/index.html": ("text/html; charset=utf-8", SHORT),
        "status.json": ("application/json; charset=utf-8", SHORT),
        "feed.xml": ("application/atom+xml; charset=utf-8", SHORT),
        bundle.relative_to(release).as_posix(): ("text/javascript; charset=utf-8", IMMUTABLE),
    }
    for key, (content_type, cache) in expected.items():
        head = s3.head_object(Bucket=bucket, Key=key)
        assert (head["ContentType"], head["CacheControl"]) == (content_type, cache), key
        assert "ContentEncoding" not in head, key
        assert head["Metadata"]["sha256"] == hashlib.sha256(
            (release / key).read_bytes()).hexdigest()
    keys = objects(s3, bucket, "")
    for private in ("_headers", "nginx-darksite.conf", ".darksite-release.json"):
        assert private not in keys


def test_a_second_publish_uploads_only_what_changed_and_removes_what_went(project, endpoint,
                                                                          bucket):
    (project / "incidents" / "gas-2026.yaml").write_text(
        incident_yaml("gas-2026", marker="GASLIVE"), encoding="utf-8")
    target = S3Target(f"s3://{bucket}/site", endpoint_url=endpoint)
    first = publish(None, "public", mirror=mirroring([target], keep=5)).delivered[0]
    assert first.state == "live" and first.skipped == 0
    (project / "incidents" / "gas-2026.yaml").unlink()
    second = publish(None, "public", mirror=mirroring([target], keep=5)).delivered[0]
    assert second.state == "live", second.message
    assert 0 < second.uploaded < first.uploaded / 2  # the assets, most pages: unchanged
    assert second.skipped == first.uploaded + first.skipped - second.uploaded - second.deleted
    assert second.deleted >= 3  # gas-2026's page, press page, lite page, feed
    s3 = client(endpoint)
    assert_bucket_is(s3, bucket, "site/", live_release(project / "public"))
    third = publish(None, "public", mirror=mirroring([target], keep=5)).delivered[0]
    assert (third.state, third.uploaded, third.deleted) == ("unchanged", 0, 0)


def test_waves_put_assets_then_new_pages_then_changed_pages_then_indexes(project, endpoint,
                                                                         bucket):
    """A reader polling during the switch sees old or new whole pages, never a broken link."""
    (project / "incidents" / "old-2026.yaml").write_text(
        incident_yaml("old-2026", marker="OLDLIVE"), encoding="utf-8")
    s3 = client(endpoint)
    seen: list[tuple[str, list[str], bool]] = []
    lock = threading.Lock()

    def reader(key: str) -> None:  # runs after every object written, as a reader polls
        broken = broken_links(s3, bucket, "")
        still_there = "old-2026/index.html" in objects(s3, bucket, "")
        with lock:
            seen.append((key, broken, still_there))

    publish(None, "public", mirror=mirroring([S3Target(f"s3://{bucket}",
                                                      endpoint_url=endpoint)], keep=5))
    before = {file.key: file.sha256 for file in site_files(live_release(project / "public"))}
    (project / "incidents" / "old-2026.yaml").unlink()
    (project / "incidents" / "new-2026.yaml").write_text(
        incident_yaml("new-2026", marker="NEWLIVE", severity="critical"), encoding="utf-8")
    target = S3Target(f"s3://{bucket}", endpoint_url=endpoint, observe=reader)
    [done] = publish(None, "public", mirror=mirroring([target], keep=5)).delivered
    assert done.state == "live", done.message
    release = live_release(project / "public")
    files = {file.key: file for file in site_files(release)}
    order = [wave_of(files[key], before) for key, _, _ in seen]
    assert order == sorted(order), "an object went up before one of an earlier wave"
    assert {ASSETS, NEW_PAGES, CHANGED_PAGES, INDEXES} <= set(order)
    assert [problem for _, broken, _ in seen for problem in broken] == []
    assert all(still for _, _, still in seen), "an object was deleted before the switch"
    assert broken_links(s3, bucket, "") == []
    assert_bucket_is(s3, bucket, "", release)


def test_rollback_on_s3_restores_the_previous_release_and_refuses_to_drop_an_active_one(
        project, endpoint, bucket, capsys):
    spec = f"s3://{bucket}/p"
    assert main(["publish", "--to", "public", "--to", spec, "--endpoint-url", endpoint]) == 0
    first = live_release(project / "public")
    assert main(["update", "water-2026", "Crews are on site.", "--at",
                 "2026-11-21T10:00:00+01:00"]) == 0
    assert main(["publish", "--to", "public", "--to", spec, "--endpoint-url", endpoint]) == 0
    capsys.readouterr()
    assert main(["rollback", "--to", spec, "--endpoint-url", endpoint]) == 0
    out = capsys.readouterr().out
    assert f"current -> releases/{first.name}" in out
    assert "water-2026: loses its updates after" in out
    s3 = client(endpoint)
    assert_bucket_is(s3, bucket, "p/", first)
    # A new active incident, then a rollback that would take it off the site: refused.
    (project / "incidents" / "gas-2026.yaml").write_text(
        incident_yaml("gas-2026", marker="GASLIVE"), encoding="utf-8")
    assert main(["publish", "--to", "public", "--to", spec, "--endpoint-url", endpoint]) == 0
    third = live_release(project / "public")
    capsys.readouterr()
    assert main(["rollback", "--to", spec, "--endpoint-url", endpoint]) == 1
    err = capsys.readouterr().err
    assert "gas-2026: DISAPPEARS" in err and "rollback refused" in err
    assert_bucket_is(s3, bucket, "p/", third)


def test_a_connection_dropped_mid_upload_fails_only_s3_and_the_same_command_completes(
        project, endpoint, bucket):
    spec = f"s3://{bucket}/site"
    publish(None, "public", mirror=mirroring([S3Target(spec, endpoint_url=endpoint)], keep=5))
    old = live_release(project / "public")
    (project / "incidents" / "gas-2026.yaml").write_text(
        incident_yaml("gas-2026", marker="GASLIVE"), encoding="utf-8")
    proxy = Proxy(endpoint)
    proxy.cut_after(60_000)  # past the listing, in the middle of the new pages' bodies
    dropped = publish(None, "public", mirror=mirroring([S3Target(spec, endpoint_url=proxy.url)],
                                                       keep=5))
    [failed] = dropped.delivered
    assert failed.state == FAILED
    assert failed.message.startswith(f"{spec}: ") and "run the same command again" in failed.message
    assert live_release(project / "public").name == dropped.release  # the folder went live
    s3 = client(endpoint)
    state = s3.get_object(Bucket=bucket, Key="site/.darksite/state.json")["Body"].read()
    assert old.name in state.decode()  # the bucket still names the old release
    assert broken_links(s3, bucket, "site/") == []
    retried = publish(None, "public", mirror=mirroring([S3Target(spec, endpoint_url=endpoint)],
                                                       keep=5))
    [done] = retried.delivered
    assert done.state == "live", done.message
    assert done.skipped > 0
    assert_bucket_is(s3, bucket, "site/", live_release(project / "public"))
    assert broken_links(s3, bucket, "site/") == []


def test_a_bucket_that_does_not_exist_is_one_clear_line(project, endpoint, capsys):
    code = main(["publish", "--to", "public", "--to", "s3://no-such-bucket",
                 "--endpoint-url", endpoint])
    captured = capsys.readouterr()
    assert code == 75
    assert ("darksite: s3://no-such-bucket: the bucket does not exist: create it (or correct "
            "the name), then run the same command again") in captured.err
    assert "Traceback" not in captured.err


def test_the_reader_check_finds_a_missing_page(project, endpoint, bucket):
    """The check the wave test relies on does see a link to an object that is not there."""
    publish(None, "public", mirror=mirroring([S3Target(f"s3://{bucket}",
                                                      endpoint_url=endpoint)], keep=5))
    s3 = client(endpoint)
    assert broken_links(s3, bucket, "") == []
    s3.delete_object(Bucket=bucket, Key="water-2026/index.html")
    assert "index.html -> water-2026/index.html" in broken_links(s3, bucket, "")
