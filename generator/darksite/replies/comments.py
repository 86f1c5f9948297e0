"""Reading incoming comments: JSON Lines or CSV exported from social and support tools.

Both formats carry the same columns, documented in ``docs/replies.md``:

``id``
    the comment's id in the tool it came from (required, unique in the file);
``channel``
    where it was posted: ``x``, ``bluesky``, ``mastodon``, ``facebook``,
    ``linkedin``, ``sms``, ``email`` or any other name (then the strictest
    length limit, X's, applies to the reply);
``author``
    the name the channel shows (optional; used in the greeting);
``text``
    what the person wrote (required);
``time``
    when, ISO 8601 (optional; kept as written).

Unknown columns are kept out of the queue but are not an error: exports
differ from tool to tool. A broken row stops the command with ``file:line``
and the fix, never a traceback, and never a queue that silently skips people.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from darksite.errors import DarksiteError

COLUMNS = ("id", "channel", "author", "text", "time")
REQUIRED = ("id", "text")
CHANNEL_ALIASES = {"twitter": "x", "tweet": "x", "email": "email_body", "mail": "email_body"}


class CommentFileError(DarksiteError):
    """A comment file that cannot be read; the message says where and how to fix it."""


@dataclass(frozen=True)
class Comment:
    """One incoming comment, as the export gave it."""

    id: str
    channel: str
    text: str
    author: str = ""
    time: str = ""

    @property
    def reply_channel(self) -> str:
        """The channel name darksite's length rules know it by (``twitter`` is ``x``)."""
        name = self.channel.strip().lower()
        return CHANNEL_ALIASES.get(name, name)


def _comment(row: dict[str, object], where: str) -> Comment:
    values = {key: ("" if row.get(key) is None else str(row.get(key)).strip()) for key in COLUMNS}
    for key in REQUIRED:
        if not values[key]:
            raise CommentFileError(
                f"{where}: the comment has no '{key}'; every row needs "
                + " and ".join(f"'{k}'" for k in REQUIRED)
                + " (columns: " + ", ".join(COLUMNS) + ")"
            )
    return Comment(id=values["id"], channel=values["channel"] or "x", text=values["text"],
                   author=values["author"], time=values["time"])


def read_jsonl(text: str, file: str) -> list[Comment]:
    """One JSON object per line; blank lines are skipped."""
    comments = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommentFileError(
                f"{file}:{number}:{error.colno}: not valid JSON ({error.msg}); write one "
                'object per line, e.g. {"id": "c1", "channel": "x", "text": "..."}'
            ) from None
        if not isinstance(row, dict):
            raise CommentFileError(f"{file}:{number}: expected a JSON object with "
                                   + ", ".join(COLUMNS))
        comments.append(_comment(row, f"{file}:{number}"))
    return _unique(comments, file)


def read_csv(text: str, file: str) -> list[Comment]:
    """A CSV file whose header row names the columns (any order, extra columns allowed)."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise CommentFileError(
            f"{file}:1: the header row lacks " + ", ".join(f"'{m}'" for m in missing)
            + "; the first line must name the columns: " + ",".join(COLUMNS)
        )
    reader.fieldnames = header
    comments = []
    try:
        for row in reader:
            comments.append(_comment(row, f"{file}:{reader.line_num}"))
    except csv.Error as error:
        raise CommentFileError(f"{file}:{reader.line_num}: {error}") from None
    return _unique(comments, file)


def read_comments(path: Path, file: str | None = None) -> list[Comment]:
    """Comments from ``path``: ``.csv`` as CSV, anything else as JSON Lines."""
    name = file or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommentFileError(f"{name}: no such file; export the comments as JSON Lines "
                               "or CSV and give its path to --from") from None
    except UnicodeDecodeError as error:
        raise CommentFileError(f"{name}: not UTF-8 text (byte {error.start}); export the "
                               "comments as UTF-8") from None
    except OSError as error:
        raise CommentFileError(f"{name}: cannot be read ({error.strerror})") from None
    if path.suffix.lower() == ".csv":
        return read_csv(text, name)
    return read_jsonl(text, name)


def one_comment(text: str, channel: str = "x", author: str = "") -> Comment:
    """A comment typed on the command line (``--comment TEXT --channel C``)."""
    if not text.strip():
        raise CommentFileError("--comment is empty: give the comment's text")
    return Comment(id="cli-1", channel=channel or "x", text=text.strip(), author=author)


def _unique(comments: Iterable[Comment], file: str) -> list[Comment]:
    seen: set[str] = set()
    result = []
    for comment in comments:
        if comment.id in seen:
            raise CommentFileError(f"{file}: the id '{comment.id}' appears twice; each "
                                   "comment needs its own id, or its reply could go to the "
                                   "wrong person")
        seen.add(comment.id)
        result.append(comment)
    return result
