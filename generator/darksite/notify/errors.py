"""The notification errors: each a :class:`~darksite.errors.DarksiteError` the CLI prints."""

from __future__ import annotations

from darksite.errors import ConfigError, DarksiteError


class NotifyError(DarksiteError):
    """Raised when notifications cannot be prepared or sent, for a reason the user can fix."""


class NotifyConfigError(ConfigError):
    """Raised when the ``notify:`` options in mkdocs.yml, a secret or a recipients CSV is wrong."""


class OutboxError(NotifyError):
    """Raised when the outbox database cannot be opened or written (a full disk, say)."""
