"""The recipients of an email audience: a CSV exported from the organisation's own list.

Why a CSV: every list tool and CRM exports one (Mailchimp, HubSpot, Salesforce,
a spreadsheet), and darksite keeps no personal data of its own: sign-up and
unsubscribe stay with that list, and the CSV is exported again when it changes.

The file needs a header row with an ``email`` column (also accepted:
``Email Address``, ``E-mail``, ``mail``); ``name`` and ``unsubscribe_url`` are
optional; other columns are ignored. Commas, semicolons (a European Excel) and
tabs are all understood, and a UTF-8 byte-order mark is skipped. A row whose
address is not an address is reported with its line and skipped, so one typo
never stops a crisis notice to everyone else; the same address twice gets
one message.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from pathlib import Path

from darksite.notify.errors import NotifyConfigError

EMAIL_COLUMNS = ("email", "email address", "e-mail", "e-mail address", "mail", "emailaddress")
NAME_COLUMNS = ("name", "full name", "display name")
UNSUBSCRIBE_COLUMNS = ("unsubscribe_url", "unsubscribe url", "unsubscribe")
_SIMPLE = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+\.[^@\s<>(),;:\"\[\]\\]+$")


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    unsubscribe_url: str | None = None

    @property
    def key(self) -> str:
        """The outbox's identity of this recipient: the address, lower-cased."""
        return self.email.lower()


@dataclass(frozen=True)
class SkippedRow:
    file: str
    line: int
    reason: str

    def format_text(self) -> str:
        return f"{self.file}:{self.line}: skipped: {self.reason}"


@dataclass(frozen=True)
class RecipientList:
    recipients: tuple[Recipient, ...]
    skipped: tuple[SkippedRow, ...]


def valid_address(text: str) -> bool:
    """A plain ``local@domain.tld`` that the email package also accepts."""
    if not _SIMPLE.match(text):
        return False
    try:
        Address(addr_spec=text)
    except (HeaderParseError, ValueError, IndexError):
        return False
    return True


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    wanted = [h.strip().lower() for h in header]
    for name in names:
        if name in wanted:
            return wanted.index(name)
    return None


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                sample.splitlines()[0] if sample else ",", delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(handle, dialect)
        for row in reader:
            yield reader.line_num, row


def read_recipients(path: Path, shown_as: str | None = None) -> RecipientList:
    """Every recipient of ``path``; rows that are not addresses are skipped and listed."""
    shown = shown_as or str(path)
    try:
        rows = _rows(path)
        first = next(rows, None)
        if first is None:
            raise NotifyConfigError(f"{shown}:1: the recipients file is empty: export the list "
                                    "with a header row that has an 'email' column")
        line, header = first
        email_at = _column(header, EMAIL_COLUMNS)
        if email_at is None:
            raise NotifyConfigError(
                f"{shown}:{line}: no 'email' column in the header row ({', '.join(header)[:80]}):"
                " name the column with the addresses 'email'")
        name_at = _column(header, NAME_COLUMNS)
        unsub_at = _column(header, UNSUBSCRIBE_COLUMNS)
        seen: set[str] = set()
        recipients: list[Recipient] = []
        skipped: list[SkippedRow] = []
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            email = row[email_at].strip() if email_at < len(row) else ""
            if not valid_address(email):
                reason = "no address" if not email else "not an email address"
                skipped.append(SkippedRow(shown, line, f"{reason} in the email column"))
                continue
            recipient = Recipient(
                email=email,
                name=(row[name_at].strip() if name_at is not None and name_at < len(row) else ""),
                unsubscribe_url=(row[unsub_at].strip() or None
                                 if unsub_at is not None and unsub_at < len(row) else None),
            )
            if recipient.key in seen:
                continue
            seen.add(recipient.key)
            recipients.append(recipient)
    except FileNotFoundError:
        raise NotifyConfigError(
            f"{shown}: the recipients file does not exist: export the list to it (see "
            "docs/notify.md, 'Recipients'), or correct the audience's recipients: path") from None
    except UnicodeDecodeError as error:
        raise NotifyConfigError(
            f"{shown}: not UTF-8 text (byte {error.start}): export the CSV as UTF-8") from None
    except (OSError, csv.Error) as error:
        raise NotifyConfigError(f"{shown}: cannot read the recipients file: {error}") from None
    return RecipientList(tuple(recipients), tuple(skipped))
