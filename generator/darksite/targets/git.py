"""Publishing into a branch of a git repository, for Pages-style hosts (GitHub/GitLab/Codeberg
Pages, Cloudflare Pages, Netlify from git).

``git:/srv/pages.git`` (branch ``gh-pages``) or ``git:/srv/pages.git#site``: the
release becomes one commit whose tree is exactly the release's files (plus an
empty ``.nojekyll``, so that GitHub Pages serves ``_headers`` and the other
files starting with ``_``). The commit is made with git's plumbing in the
repository itself (a bare one works), never in anyone's work tree: blobs are
written with ``hash-object``, the tree is built in a temporary index, and the
branch is moved with ``update-ref`` from the commit it was read at, so a
concurrent push is never overwritten. A release whose tree is the branch's
already makes no commit. Push the branch to the host from there (a
``post-update`` hook, or ``git push`` in the next step of the job).

Read back by listing the branch's tree (``ls-tree -r``) and comparing every
blob id with the one computed from the release's bytes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import time
from pathlib import Path

from darksite import clock
from darksite.targets.base import LIVE, UNCHANGED, Delivery, TargetError
from darksite.targets.objects import site_files

DEFAULT_BRANCH = "gh-pages"
NOJEKYLL = ".nojekyll"
AGAIN = "run the same command again"


def parse_git(spec: str) -> tuple[Path, str]:
    """``git:PATH[#BRANCH]`` -> (repository, branch)."""
    rest = spec[len("git:"):]
    path, _, branch = rest.partition("#")
    if not path:
        raise TargetError(f"{spec}: name the repository, e.g. git:/srv/pages.git#gh-pages")
    return Path(path).expanduser(), branch or DEFAULT_BRANCH


def blob_id(data: bytes) -> str:
    """The id git gives a blob of ``data`` (SHA-1 object format)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class GitTarget:
    """See the module docstring."""

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self.repository, self.branch = parse_git(spec)

    @property
    def name(self) -> str:
        return self.spec

    def _git(self, *args: str, input: bytes | None = None,
             env: dict[str, str] | None = None, check: bool = True) -> bytes:
        try:
            done = subprocess.run(["git", "--git-dir", str(self.repository), *args],
                                  input=input, capture_output=True, timeout=120,
                                  env={**os.environ, **(env or {})}, check=False)
        except FileNotFoundError:
            raise TargetError(f"{self.spec}: git is not installed (apt-get install git)") from None
        except subprocess.TimeoutExpired:
            raise TargetError(f"{self.spec}: git {args[0]} took over 2 minutes; {AGAIN}") from None
        if check and done.returncode != 0:
            why = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise TargetError(f"{self.spec}: git {args[0]} failed: "
                              f"{why[-1] if why else done.returncode}; {AGAIN}")
        return done.stdout

    def _head(self) -> str | None:
        out = self._git("rev-parse", "--verify", "--quiet", f"refs/heads/{self.branch}^{{commit}}",
                        check=False)
        return out.decode().strip() or None

    def put(self, release: Path, name: str, *, source_root: Path, keep: int = 0) -> Delivery:
        started = time.monotonic()
        if not (self.repository / "objects").is_dir():
            raise TargetError(f"{self.spec}: {self.repository} is not a git repository: make one "
                              f"with git init --bare {self.repository}, then {AGAIN}")
        files = site_files(release, hosting_files=True)
        paths = [str(file.path) for file in files]
        blobs = self._git("hash-object", "-w", "--stdin-paths",
                          input="\n".join(paths).encode() + b"\n").decode().split()
        empty = self._git("hash-object", "-w", "--stdin", input=b"").decode().strip()
        entries = [(file.key, blob) for file, blob in zip(files, blobs, strict=True)]
        entries.append((NOJEKYLL, empty))
        info = "".join(f"100644 {blob}\t{key}\n" for key, blob in sorted(entries)).encode()
        with tempfile.TemporaryDirectory(prefix="darksite-git-") as scratch:
            index = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            self._git("update-index", "--add", "--index-info", input=info, env=index)
            tree = self._git("write-tree", env=index).decode().strip()
        head = self._head()
        if head is not None and self._git("rev-parse", f"{head}^{{tree}}").decode().strip() == tree:
            return Delivery(self.spec, UNCHANGED, release=name, skipped=len(files),
                            seconds=time.monotonic() - started)
        moment = clock.now().isoformat(timespec="seconds")
        who = {"GIT_AUTHOR_NAME": "darksite", "GIT_AUTHOR_EMAIL": "darksite@localhost",
               "GIT_COMMITTER_NAME": "darksite", "GIT_COMMITTER_EMAIL": "darksite@localhost",
               "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}
        parents = ["-p", head] if head else []
        commit = self._git("commit-tree", tree, *parents, "-m", f"darksite release {name}",
                           env=who).decode().strip()
        # Moves the branch only if it is still where it was read: never loses a push.
        self._git("update-ref", "-m", f"darksite release {name}", f"refs/heads/{self.branch}",
                  commit, head or "0" * 40)
        return Delivery(self.spec, LIVE, release=name, uploaded=len(files),
                        seconds=time.monotonic() - started)

    def verify(self, release: Path, name: str) -> int:
        """The branch's tree, read back, has exactly the release's files with their bytes."""
        listing = self._git("ls-tree", "-r", "-z", f"refs/heads/{self.branch}")
        found: dict[str, str] = {}
        for entry in listing.split(b"\0"):
            if entry:
                meta, _, path = entry.partition(b"\t")
                found[path.decode("utf-8", "surrogateescape")] = meta.split()[2].decode()
        files = site_files(release, hosting_files=True)
        expected = {file.key: blob_id(file.path.read_bytes()) for file in files
                    if file.path is not None}
        expected[NOJEKYLL] = blob_id(b"")
        if found != expected:
            wrong = sorted(set(found) ^ set(expected)) or sorted(
                key for key in expected if found.get(key) != expected[key])
            raise TargetError(f"{self.spec}: read back, branch {self.branch} is not release "
                              f"{name} ({', '.join(wrong[:5])}); {AGAIN}")
        return len(files)
