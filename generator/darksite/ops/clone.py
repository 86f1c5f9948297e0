"""A new release as a copy of the live one that costs no disk: every file hard-linked.

The fast path of ``publish`` starts from the live release and replaces the
few files a change affects. Hard links make the copy cheap (one link per
file, no data copied), and safe as long as nothing ever writes *through*
a link: a changed file is always removed first and written anew
(:func:`darksite.mkdocs.partial_build.detach`; the outputs' writer renames a
new file over the old name), so the live release keeps its bytes.

Where hard links cannot be made (the live release on another file system:
``EXDEV``; a file system without them, such as vfat: ``EPERM``; a file
with too many links: ``EMLINK``), the files are copied instead: slower,
never less safe.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

from darksite.ops.releases import MARKER, ROLLED_BACK


def clone_release(source: Path, target: Path) -> int:
    """Make ``target`` (which must not exist) a hard-linked copy of ``source``; the file count.

    Folders are created and files linked relative to open folder handles,
    which saves resolving every path from the root (a release of 1,000
    incidents has some 2,000 folders and 3,000 files). The release marker is
    not copied: the new release is incomplete until it gets its own.
    """
    os.mkdir(target)
    source_fd = os.open(source, os.O_RDONLY | os.O_DIRECTORY)
    target_fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
    count = 0
    linking = True
    try:
        for folder, subfolders, files in os.walk(source):
            relative = os.path.relpath(folder, source)
            prefix = "" if relative == "." else relative + os.sep
            for name in subfolders:
                os.mkdir(prefix + name, dir_fd=target_fd)
            for name in files:
                if not prefix and name in (MARKER, ROLLED_BACK):
                    continue
                if linking:
                    try:
                        os.link(prefix + name, prefix + name, src_dir_fd=source_fd,
                                dst_dir_fd=target_fd, follow_symlinks=False)
                        count += 1
                        continue
                    except OSError as error:
                        if error.errno not in NO_LINK_ERRORS:
                            raise
                        linking = error.errno == errno.EMLINK  # the others hold for every file
                copy_file(prefix + name, source_fd, target_fd)
                count += 1
    finally:
        os.close(source_fd)
        os.close(target_fd)
    return count


NO_LINK_ERRORS = frozenset({errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP,
                            errno.EOPNOTSUPP, errno.EACCES})
"""Why ``link(2)`` can fail where a copy works."""


def copy_file(relative: str, source_fd: int, target_fd: int) -> None:
    """Copy one file (a symlink as a symlink) between two open folders, by relative path."""
    info = os.stat(relative, dir_fd=source_fd, follow_symlinks=False)
    if stat.S_ISLNK(info.st_mode):
        os.symlink(os.readlink(relative, dir_fd=source_fd), relative, dir_fd=target_fd)
        return
    source = os.open(relative, os.O_RDONLY, dir_fd=source_fd)
    try:
        target = os.open(relative, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                         stat.S_IMODE(info.st_mode), dir_fd=target_fd)
        try:
            with open(source, "rb", closefd=False) as reader, \
                    open(target, "wb", closefd=False) as writer:
                shutil.copyfileobj(reader, writer, 1 << 20)
        finally:
            os.close(target)
    finally:
        os.close(source)
