"""Secrets (SMTP password, webhook URLs, signing keys): from the environment or a file
outside the repository, and never in a log line, an error or the outbox.

Why not ``mkdocs.yml``: it is committed, reviewed and copied around; a Slack
webhook URL or an SMTP password in it is a leak waiting to happen. The
configuration therefore names a secret (``password_secret: SMTP_PASSWORD``)
and this module looks the name up, first in the environment, then in the
``secrets_file`` the configuration names, which must lie outside the project
folder (so it cannot be committed with it) and be readable by its owner only.

Every value read is remembered by :data:`REDACTOR`; :func:`redact` replaces
any of them in a text with ``[secret NAME]``, and the command line passes
every message it prints through it, so that even an error a library raised
with a URL in it cannot show a secret.
"""

from __future__ import annotations

import os
import re
import stat
import threading
from pathlib import Path

from darksite.notify.errors import NotifyConfigError

NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Redactor:
    """Remembers secret values and blanks them out of texts."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()

    def remember(self, name: str, value: str) -> None:
        if len(value) >= 4:  # a shorter "secret" would blank out ordinary words
            with self._lock:
                self._values[value] = name

    def redact(self, text: str) -> str:
        with self._lock:
            values = sorted(self._values.items(), key=lambda item: -len(item[0]))
        for value, name in values:
            if value in text:
                text = text.replace(value, f"[secret {name}]")
        return text


REDACTOR = Redactor()


def redact(text: str) -> str:
    """``text`` with every secret read so far replaced by ``[secret NAME]``."""
    return REDACTOR.redact(text)


def _parse_secrets_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    text = path.read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        name = name.strip().removeprefix("export ").strip()
        if not sep or not NAME_PATTERN.match(name):
            raise NotifyConfigError(
                f"{path}:{number}: not a NAME=value line (the value is not shown); write "
                "each secret as NAME=value, one a line")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    return values


class SecretStore:
    """Looks secrets up by name: the environment first, then the secrets file."""

    def __init__(self, secrets_file: str | None, root: Path) -> None:
        self.root = root.resolve()
        self.file = self._checked_file(secrets_file) if secrets_file else None
        self._file_values: dict[str, str] | None = None

    def _checked_file(self, name: str) -> Path:
        path = Path(os.path.expanduser(name))
        path = (path if path.is_absolute() else self.root / path).resolve()
        if path == self.root or self.root in path.parents:
            raise NotifyConfigError(
                f"notify.secrets_file {name} is inside the project folder {self.root}, where it "
                "could be committed with the site: move it outside (e.g. /etc/darksite/"
                "notify.secrets, readable by its owner only) and name that path")
        return path

    def _from_file(self) -> dict[str, str]:
        if self._file_values is None:
            if self.file is None:
                self._file_values = {}
            else:
                try:
                    mode = self.file.stat().st_mode
                    self._file_values = _parse_secrets_file(self.file)
                except FileNotFoundError:
                    raise NotifyConfigError(
                        f"notify.secrets_file {self.file} does not exist: create it (NAME=value "
                        "lines, chmod 600) or set the secrets as environment variables"
                    ) from None
                except (OSError, UnicodeDecodeError) as error:
                    raise NotifyConfigError(
                        f"notify.secrets_file {self.file}: cannot read it "
                        f"({getattr(error, 'strerror', None) or type(error).__name__})"
                    ) from None
                if mode & (stat.S_IRWXG | stat.S_IRWXO):
                    raise NotifyConfigError(
                        f"notify.secrets_file {self.file} can be read by other users: run "
                        f"chmod 600 {self.file}")
        return self._file_values

    def get(self, name: str, what: str) -> str:
        """The secret called ``name``; ``what`` says what it is for, in the error."""
        if not NAME_PATTERN.match(name):
            raise NotifyConfigError(
                f"{what}: '{name[:2]}...' is not a secret name; name an environment variable "
                "(e.g. SMTP_PASSWORD) and set the value there, never in mkdocs.yml")
        value = os.environ.get(name)
        if value is None:
            value = self._from_file().get(name)
        if not value:
            where = f"the environment or {self.file}" if self.file else "the environment"
            raise NotifyConfigError(
                f"{what}: the secret {name} is not set in {where}: set it (export {name}=...) "
                "or add it to notify.secrets_file, a file outside the repository")
        REDACTOR.remember(name, value)
        return value
