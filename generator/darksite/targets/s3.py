"""Publishing to S3-compatible object storage (AWS S3, MinIO, R2, B2, Ceph...), with boto3.

There is no atomic switch on an object store: each object is replaced on its
own, and a reader may arrive between any two ``PUT``\\ s. So a release goes up
in the waves of :mod:`darksite.targets.objects` (assets, new pages, changed
pages, indexes), each wave finished before the next starts, and a reader
only ever follows a link to an object that is already there. What a reader
can observe during the switch is written down in docs/operations.md
("Object storage").

Layout under ``s3://BUCKET/PREFIX/``::

    index.html, water-2026/index.html, assets/...   the site, as readers get it
    .darksite/state.json                             which release is live
    .darksite/releases/<release>.json               every object of a release:
                                                     key, sha256, size, ETag, headers,
                                                     and its public incidents
    .darksite/objects/<sha256>                      a copy of every object's bytes,
                                                     by digest, for rollback

- **Unchanged objects are not uploaded again.** Each object carries its
  SHA-256 in its metadata (``x-amz-meta-sha256``); an object whose ETag in the
  bucket listing is still the one the live release recorded, with the same
  digest and headers, is skipped; one the listing shows differently (an upload
  by a publish that was killed, an edit by hand) is asked with ``HEAD``.
- **Removed last.** Objects no release references are deleted only once the
  new release is wholly up and ``state.json`` names it.
- **Rollback** copies the previous release's objects back from
  ``.darksite/objects/`` (server-side, no upload), in the same waves.
- **A dropped connection** fails the target, never the other targets; the
  bucket then serves the old release with some new objects already in place
  (every page whole, every link working), and the same command completes it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from darksite.targets.base import LIVE, UNCHANGED, Delivery, TargetError
from darksite.targets.objects import SiteFile, sha256_of, site_files, waves

META = ".darksite/"
STATE = META + "state.json"
RELEASES = META + "releases/"
OBJECTS = META + "objects/"
FORMAT = 1
WORKERS = 8
DEFAULT_KEEP = 5
AGAIN = "run the same command again"


@dataclass(frozen=True)
class Listed:
    etag: str
    size: int


def parse_s3(spec: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` -> (``bucket``, ``some/prefix/``); refused if malformed."""
    rest = spec[len("s3://"):]
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise TargetError(f"{spec}: name the bucket, e.g. s3://status-site or "
                          "s3://status-site/prefix")
    prefix = prefix.strip("/")
    return bucket, (prefix + "/" if prefix else "")


def _client(endpoint_url: str | None) -> Any:
    """A boto3 client with short timeouts: a provider that is down must not hold the others."""
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=5, read_timeout=30, max_pool_connections=WORKERS * 2,
                    retries={"max_attempts": 3, "mode": "standard"})
    session = boto3.session.Session()
    region = session.region_name or "us-east-1"
    return session.client("s3", endpoint_url=endpoint_url, region_name=region, config=config)


def _explain(error: BaseException, where: str) -> TargetError:
    """One line naming the target, what went wrong and what to do."""
    from botocore import exceptions as bx

    if isinstance(error, TargetError):
        return error
    if isinstance(error, bx.NoCredentialsError):
        return TargetError(f"{where}: no credentials for the object store: set "
                           "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), then "
                           f"{AGAIN}")
    if isinstance(error, bx.ClientError):
        code = str(error.response.get("Error", {}).get("Code", "?"))
        if code in ("NoSuchBucket", "404"):
            return TargetError(f"{where}: the bucket does not exist: create it (or correct the "
                               f"name), then {AGAIN}")
        if code in ("AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
            return TargetError(f"{where}: the object store refused these credentials ({code}): "
                               f"check the key and its permissions, then {AGAIN}")
        return TargetError(f"{where}: the object store answered {code}: {error}; {AGAIN}")
    if isinstance(error, bx.EndpointConnectionError | bx.ConnectionClosedError
                  | bx.ReadTimeoutError | bx.ConnectTimeoutError):
        return TargetError(f"{where}: cannot reach the object store ({error}): check the "
                           f"address and the provider's status, then {AGAIN}")
    if isinstance(error, bx.BotoCoreError):
        return TargetError(f"{where}: {error}; {AGAIN}")
    return TargetError(f"{where}: {type(error).__name__}: {error}; {AGAIN}")


def _parallel(work: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """``work`` over ``items`` on :data:`WORKERS` threads; the first failure is raised."""
    if not items:
        return []
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(items))) as pool:
        return list(pool.map(work, items))


class S3Target:
    """``s3://bucket/prefix``: see the module docstring."""

    def __init__(self, spec: str, *, endpoint_url: str | None = None,
                 observe: Callable[[str], None] | None = None) -> None:
        self.spec = spec
        self.bucket, self.prefix = parse_s3(spec)
        self.endpoint_url = endpoint_url
        self.observe = observe
        """Called after each object is written (tests: what a reader sees at that moment)."""
        self._s3: Any = None

    @property
    def name(self) -> str:
        return self.spec

    @property
    def s3(self) -> Any:
        if self._s3 is None:
            self._s3 = _client(self.endpoint_url)
        return self._s3

    @contextmanager
    def _told(self) -> Iterator[None]:
        try:
            yield
        except Exception as error:
            raise _explain(error, self.spec) from None

    # -- reading the bucket -------------------------------------------------------------

    def _listing(self) -> dict[str, Listed]:
        """Every object under the prefix: key (without the prefix) -> ETag and size."""
        found: dict[str, Listed] = {}
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                   Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", []):
                found[item["Key"][len(self.prefix):]] = Listed(item["ETag"].strip('"'),
                                                              int(item["Size"]))
        return found

    def _get_json(self, key: str) -> dict[str, Any] | None:
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"].read()
        except Exception as error:
            from botocore.exceptions import ClientError

            if isinstance(error, ClientError) and error.response.get("Error", {}).get(
                    "Code") in ("NoSuchKey", "404"):
                return None
            raise
        try:
            data = json.loads(body)
        except ValueError:
            return None
        return data if isinstance(data, dict) and data.get("format") == FORMAT else None

    def _put_json(self, key: str, data: Mapping[str, Any]) -> None:
        body = (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8")
        self.s3.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=body,
                           ContentType="application/json; charset=utf-8",
                           CacheControl="no-cache")

    def state(self) -> dict[str, Any]:
        with self._told():
            return self._get_json(STATE) or {"format": FORMAT, "current": None,
                                              "rolled_back": []}

    def manifest(self, release: str | None) -> dict[str, Any] | None:
        if release is None:
            return None
        with self._told():
            return self._get_json(f"{RELEASES}{release}.json")

    def releases(self) -> list[str]:
        with self._told():
            listing = self._listing()
        return sorted(key[len(RELEASES):-len(".json")] for key in listing
                      if key.startswith(RELEASES) and key.endswith(".json"))

    # -- writing ------------------------------------------------------------------------

    def _needs_upload(self, file: SiteFile, listed: Listed | None,
                      recorded: Mapping[str, Any] | None) -> tuple[bool, str | None]:
        """(upload?, the ETag it has if not): the listing first, ``HEAD`` when in doubt."""
        if listed is None or listed.size != file.size:
            return True, None
        if (recorded is not None and recorded.get("etag") == listed.etag
                and recorded.get("sha256") == file.sha256
                and recorded.get("content_type") == file.content_type
                and recorded.get("cache_control") == file.cache_control):
            return False, listed.etag
        head = self.s3.head_object(Bucket=self.bucket, Key=self.prefix + file.key)
        same = (head.get("Metadata", {}).get("sha256") == file.sha256
                and head.get("ContentType") == file.content_type
                and head.get("CacheControl") == file.cache_control)
        return (not same), (head["ETag"].strip('"') if same else None)

    def _upload(self, file: SiteFile) -> str:
        assert file.path is not None
        with file.path.open("rb") as body:
            answer = self.s3.put_object(
                Bucket=self.bucket, Key=self.prefix + file.key, Body=body,
                ContentType=file.content_type, CacheControl=file.cache_control,
                Metadata={"sha256": file.sha256})
        if self.observe is not None:
            self.observe(file.key)
        return str(answer["ETag"]).strip('"')

    def _restore(self, file: SiteFile) -> str:
        """Copy ``file``'s bytes back from the digest store (rollback), server-side."""
        answer = self.s3.copy_object(
            Bucket=self.bucket, Key=self.prefix + file.key,
            CopySource={"Bucket": self.bucket, "Key": self.prefix + OBJECTS + file.sha256},
            MetadataDirective="REPLACE", ContentType=file.content_type,
            CacheControl=file.cache_control, Metadata={"sha256": file.sha256})
        if self.observe is not None:
            self.observe(file.key)
        return str(answer["CopyObjectResult"]["ETag"]).strip('"')

    def _keep_copy(self, file: SiteFile) -> None:
        self.s3.copy_object(Bucket=self.bucket, Key=self.prefix + OBJECTS + file.sha256,
                            CopySource={"Bucket": self.bucket, "Key": self.prefix + file.key},
                            MetadataDirective="COPY")

    def _delete(self, keys: Iterable[str]) -> int:
        keys = sorted(keys)
        for start in range(0, len(keys), 1000):
            batch = [{"Key": self.prefix + key} for key in keys[start:start + 1000]]
            self.s3.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})
        return len(keys)

    def _switch(self, files: Sequence[SiteFile], live: Mapping[str, Any], listing:
                Mapping[str, Listed], write: Callable[[SiteFile], str]) -> tuple[dict[str, str],
                                                                                 int, int]:
        """Every object of ``files`` in place, wave by wave: (key -> ETag, written, skipped)."""
        checked = _parallel(lambda file: self._needs_upload(file, listing.get(file.key),
                                                            live.get(file.key)), files)
        etags: dict[str, str] = {}
        pending: list[SiteFile] = []
        for file, (needed, etag) in zip(files, checked, strict=True):
            if needed:
                pending.append(file)
            else:
                etags[file.key] = etag or ""
        live_keys = {key: str(entry.get("sha256")) for key, entry in live.items()}
        for wave in waves(pending, live_keys):
            for file, etag in zip(wave, _parallel(write, wave), strict=True):
                etags[file.key] = etag
        return etags, len(pending), len(files) - len(pending)

    def _record(self, name: str, files: Sequence[SiteFile], etags: Mapping[str, str],
                incidents: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        return {"format": FORMAT, "release": name, "incidents": list(incidents),
                "files": {file.key: {"sha256": file.sha256, "size": file.size,
                                     "etag": etags[file.key],
                                     "content_type": file.content_type,
                                     "cache_control": file.cache_control} for file in files}}

    def put(self, release: Path, name: str, *, source_root: Path,
            keep: int = DEFAULT_KEEP) -> Delivery:
        started = time.monotonic()
        with self._told():
            files = site_files(release)
            incidents = _public_incidents(source_root, name)
            self.s3.head_bucket(Bucket=self.bucket)
            state = self._get_json(STATE) or {"format": FORMAT, "current": None,
                                              "rolled_back": []}
            live_manifest = (self._get_json(f"{RELEASES}{state['current']}.json")
                             if state.get("current") else None) or {}
            live = live_manifest.get("files", {})
            listing = self._listing()
            etags, uploaded, skipped = self._switch(files, live, listing, self._upload)
            stored = {key[len(OBJECTS):] for key in listing if key.startswith(OBJECTS)}
            copies = {file.sha256: file for file in files if file.sha256 not in stored}
            _parallel(self._keep_copy, list(copies.values()))
            self._put_json(f"{RELEASES}{name}.json", self._record(name, files, etags, incidents))
            was = state.get("current")
            self._put_json(STATE, {"format": FORMAT, "current": name,
                                   "rolled_back": [r for r in state.get("rolled_back", [])
                                                   if r != name]})
            # From here the new release is whole and named live: only now remove the rest.
            wanted = {file.key for file in files}
            stale = [key for key in listing if not key.startswith(META) and key not in wanted]
            deleted = self._delete(stale)
            self._prune(keep, current=name)
        state_now = UNCHANGED if (was == name or (not uploaded and not deleted)) else LIVE
        return Delivery(self.spec, state_now, release=name, uploaded=uploaded, skipped=skipped,
                        deleted=deleted, seconds=time.monotonic() - started)

    def _prune(self, keep: int, *, current: str) -> None:
        """Release records beyond the newest ``keep`` (never the live one or its previous),
        and the stored copies no kept release refers to."""
        listing = self._listing()
        names = sorted(key[len(RELEASES):-len(".json")] for key in listing
                       if key.startswith(RELEASES) and key.endswith(".json"))
        older = [n for n in names if n < current]
        kept = set(names[-keep:]) | {current} | set(older[-1:])
        gone = [n for n in names if n not in kept]
        referenced: set[str] = set()
        for name in kept:
            manifest = self._get_json(f"{RELEASES}{name}.json") or {}
            referenced |= {entry["sha256"] for entry in manifest.get("files", {}).values()}
        blobs = [key for key in listing if key.startswith(OBJECTS)
                 and key[len(OBJECTS):] not in referenced]
        self._delete([f"{RELEASES}{n}.json" for n in gone] + blobs)

    # -- reading back -------------------------------------------------------------------

    def verify(self, release: Path, name: str) -> int:
        """GET every object of the release and compare its SHA-256 and headers; then the state."""
        files = site_files(release)
        return self.verify_files(files, name)

    def verify_files(self, files: Sequence[SiteFile], name: str) -> int:
        import hashlib

        def check(file: SiteFile) -> str | None:
            answer = self.s3.get_object(Bucket=self.bucket, Key=self.prefix + file.key)
            digest = hashlib.sha256(answer["Body"].read()).hexdigest()
            if digest != file.sha256:
                return f"{file.key}: its bytes differ from the release"
            if answer.get("ContentType") != file.content_type:
                return f"{file.key}: Content-Type {answer.get('ContentType')!r}"
            if answer.get("CacheControl") != file.cache_control:
                return f"{file.key}: Cache-Control {answer.get('CacheControl')!r}"
            return None

        with self._told():
            problems = [p for p in _parallel(check, list(files)) if p]
            current = (self._get_json(STATE) or {}).get("current")
        if problems or current != name:
            shown = "; ".join(problems[:5]) or f"state.json names {current}, not {name}"
            raise TargetError(f"{self.spec}: read back, the bucket is not release {name}: "
                              f"{shown}; {AGAIN}")
        return len(files)

    # -- rollback -----------------------------------------------------------------------

    def roll_back_to(self, before: str, after: str, rolled_back: Sequence[str]) -> int:
        """Make release ``after`` live again from the stored copies: objects rewritten."""
        with self._told():
            manifest = self._get_json(f"{RELEASES}{after}.json")
            live_manifest = self._get_json(f"{RELEASES}{before}.json") or {}
            if manifest is None:
                raise TargetError(f"{self.spec}: the record of release {after} is missing: "
                                  "nothing was changed")
            files = [SiteFile(key=key, path=None, sha256=entry["sha256"], size=entry["size"],
                              content_type=entry["content_type"],
                              cache_control=entry["cache_control"])
                     for key, entry in sorted(manifest["files"].items())]
            listing = self._listing()
            missing = [f.key for f in files if OBJECTS + f.sha256 not in listing]
            if missing:
                raise TargetError(f"{self.spec}: the stored copies of {len(missing)} object(s) "
                                  f"of release {after} are gone ({missing[0]}, ...): it cannot "
                                  "be restored. Nothing was changed.")
            etags, written, _ = self._switch(files, live_manifest.get("files", {}), listing,
                                             self._restore)
            self._put_json(f"{RELEASES}{after}.json",
                           {**manifest, "files": {key: {**entry, "etag": etags[key]}
                                                  for key, entry in manifest["files"].items()}})
            self._put_json(STATE, {"format": FORMAT, "current": after,
                                   "rolled_back": sorted({*rolled_back, before})})
            wanted = {file.key for file in files}
            self._delete([key for key in listing if not key.startswith(META)
                          and key not in wanted])
            self.verify_files(files, after)
        return written


def _as_manifest(name: str, record: Mapping[str, Any]):
    from darksite.ops.manifest import IncidentRecord, ReleaseManifest

    incidents = tuple(IncidentRecord(**entry) for entry in record.get("incidents", []))
    return ReleaseManifest(release=name, site="", build_date="", site_facts="",
                           incidents=incidents)


def rollback(spec: str, *, endpoint_url: str | None = None, yes: bool = False,
             observe: Callable[[str], None] | None = None):
    """``rollback --to s3://...``: the bucket back to its previous release, as for a folder.

    The same rules as :func:`darksite.ops.rollback.rollback`: the newest
    release older than the live one that was never rolled back from; refused
    when an active incident would disappear, unless ``yes``.
    """
    from darksite.ops.rollback import RollbackRefusedError, RolledBack, reader_changes

    target = S3Target(spec, endpoint_url=endpoint_url, observe=observe)
    state = target.state()
    live = state.get("current")
    if not live:
        raise TargetError(f"nothing is published in {spec} yet: nothing to roll back")
    skipped = set(state.get("rolled_back", []))
    older = [name for name in target.releases() if name < live and name not in skipped]
    if not older:
        raise TargetError(f"{live} is the oldest release kept in {spec}: there is no earlier "
                          "release to roll back to")
    previous = older[-1]
    now, then = target.manifest(live), target.manifest(previous)
    if now is None or then is None:
        raise TargetError(f"{spec}: the record of release {live if now is None else previous} "
                          "is missing: nothing was changed")
    changes = reader_changes(_as_manifest(live, now), _as_manifest(previous, then))
    removed = [change for change in changes if change.removes_active]
    if removed and not yes:
        raise RollbackRefusedError(
            f"rollback refused: going back to {previous} would take {len(removed)} ACTIVE "
            f"incident(s) off the live site ({', '.join(c.incident for c in removed)}). To go "
            "back anyway: add --yes. Nothing was changed.", changes)
    target.roll_back_to(live, previous, sorted(skipped))
    return RolledBack(before=live, after=previous, changes=changes)


def _public_incidents(root: Path, name: str) -> list[dict[str, Any]]:
    """The public incidents of the local release (for rollback's reader-change list)."""
    from darksite.ops.manifest import read_manifest

    manifest = read_manifest(root, name)
    if manifest is None:
        return []
    return [{"file": r.file, "sha256": r.sha256, "id": r.id, "status": r.status,
             "last_updated": r.last_updated} for r in manifest.incidents if r.is_public]


__all__ = ["S3Target", "parse_s3", "rollback", "sha256_of"]
