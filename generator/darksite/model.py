"""The incident model: frozen dataclasses that every other layer reads.

One declaration drives three things, so they cannot drift apart: each field's
``metadata["spec"]`` (a :class:`Spec`) tells the loader how to validate the
YAML value, tells :mod:`darksite.schema` how to describe it in JSON Schema, and
documents it. This module does no I/O and must never import MkDocs: the model
outlives any one renderer.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PLACEHOLDER_PATTERN = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


class Status(StrEnum):
    """Publication state. Only ``active`` and ``resolved`` are ever public."""

    DRAFT = "draft"
    ACTIVE = "active"
    RESOLVED = "resolved"


class Category(StrEnum):
    """What kind of crisis an incident is; ``data-breach`` turns on the breach-notice checks.

    Optional: without it the checks recognise a breach from the incident's words
    (docs/checks.md). Only ``data-breach`` changes anything today; the others
    say explicitly that an incident is *not* one, whatever its words.
    """

    DATA_BREACH = "data-breach"
    CYBER_ATTACK = "cyber-attack"
    OUTAGE = "outage"
    PRODUCT_RECALL = "product-recall"
    SAFETY = "safety"
    OTHER = "other"


class Severity(StrEnum):
    """How prominently an incident is shown; ``rank`` orders the home page."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"

    @property
    def rank(self) -> int:
        """0 for the most severe, so that sorting ascending puts it first."""
        return list(Severity).index(self)


class Phase(StrEnum):
    """Where the response stands, as Statuspage and most status tools name it."""

    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


class ActionStatus(StrEnum):
    """Progress of one action step."""

    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"


class ContactKind(StrEnum):
    """How a contact route is reached; decides the link scheme and validation."""

    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    WEB = "web"
    CHAT = "chat"
    SOCIAL = "social"
    ADDRESS = "address"
    OTHER = "other"


class Kind(StrEnum):
    """The value kinds an incident file may hold (see ``docs/format.md``)."""

    SLUG = "slug"
    PLAIN = "plain"  # one paragraph, no Markdown, shown escaped
    MARKDOWN = "markdown"
    TEXT = "text"  # an opaque string (digests)
    TIMESTAMP = "timestamp"  # ISO 8601 with a UTC offset, never naive
    DATE_OR_TIMESTAMP = "date-or-timestamp"
    ENUM = "enum"
    BOOL = "bool"
    LANG = "lang"  # BCP 47 tag
    PATH = "path"  # a path under the docs folder
    PATH_OR_URL = "path-or-url"
    PLAIN_LIST = "plain-list"
    RECORD = "record"  # a nested dataclass
    RECORD_LIST = "record-list"  # a list of a nested dataclass
    FREE_MAPPING = "free-mapping"  # any mapping, never validated (internal notes)


@dataclass(frozen=True, kw_only=True)
class Spec:
    """How one YAML key is validated and documented.

    ``required_when`` names a condition the loader evaluates after the whole
    record is read: ``"public"`` (status active or resolved), ``"resolved"``,
    ``"done"`` (action status done). ``key`` is the YAML key when it differs
    from the Python field name.
    """

    kind: Kind
    doc: str
    required: bool = False
    required_when: str | None = None
    max_len: int | None = None
    min_items: int | None = None
    enum: type[StrEnum] | None = None
    record: type | None = None
    default: Any = None
    key: str | None = None


def spec(kind: Kind, doc: str, **options: Any) -> Any:
    """A dataclass field carrying its :class:`Spec`; optional fields default to empty."""
    the_spec = Spec(kind=kind, doc=doc, **options)
    if kind in (Kind.PLAIN_LIST, Kind.RECORD_LIST):
        return field(default=(), metadata={"spec": the_spec})
    if kind is Kind.FREE_MAPPING:
        return field(default_factory=lambda: MappingProxyType({}), metadata={"spec": the_spec})
    if the_spec.required:
        return field(metadata={"spec": the_spec})
    return field(default=the_spec.default, metadata={"spec": the_spec})


@functools.cache
def spec_fields(record_type: type) -> list[tuple[str, dataclasses.Field[Any], Spec]]:
    """The (YAML key, field, spec) triples of a model record, in file order (cached)."""
    rows = []
    for item in dataclasses.fields(record_type):
        the_spec = item.metadata.get("spec")
        if the_spec is not None:
            rows.append((the_spec.key or item.name, item, the_spec))
    return rows


Moment = date | datetime


@dataclass(frozen=True, kw_only=True)
class Person:
    """Someone who speaks for the organisation, shown with name and role."""

    name: str = spec(Kind.PLAIN, "Full name.", required=True)
    role: str = spec(Kind.PLAIN, "Job title.", required=True)


@dataclass(frozen=True, kw_only=True)
class Apology:
    """A sincere, unconditional apology, signed by a named person."""

    text: str = spec(Kind.MARKDOWN, "The apology: say what went wrong.", required=True)
    by: Person = spec(Kind.RECORD, "Who apologises.", required=True, record=Person)


@dataclass(frozen=True, kw_only=True)
class Action:
    """One concrete step the organisation is taking."""

    step: str = spec(Kind.PLAIN, "What is being done, concretely.", required=True)
    owner: str | None = spec(Kind.PLAIN, "Who does it (team or role).")
    status: ActionStatus = spec(
        Kind.ENUM, "Progress.", enum=ActionStatus, default=ActionStatus.PLANNED
    )
    due: Moment | None = spec(Kind.DATE_OR_TIMESTAMP, "When it will be done.")
    done_at: Moment | None = spec(
        Kind.DATE_OR_TIMESTAMP, "When it was done.", required_when="done"
    )
    carried_over: bool = spec(
        Kind.BOOL, "A follow-up that goes on after the incident was resolved (darksite "
        "extension).", default=False)

    @property
    def is_open(self) -> bool:
        """Still to do as part of the response: not done and not carried over."""
        return self.status is not ActionStatus.DONE and not self.carried_over


@dataclass(frozen=True, kw_only=True)
class Update:
    """One timestamped entry of the timeline."""

    at: datetime = spec(Kind.TIMESTAMP, "When the update was issued.", required=True)
    text: str = spec(Kind.MARKDOWN, "The update.", required=True)
    phase: Phase | None = spec(Kind.ENUM, "Where the response stands.", enum=Phase)


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A route by which people reach the organisation."""

    label: str = spec(Kind.PLAIN, "What the route is for.", required=True)
    kind: ContactKind = spec(Kind.ENUM, "How it is reached.", required=True, enum=ContactKind)
    value: str = spec(Kind.PLAIN, "Number, address or https URL.", required=True)
    hours: str | None = spec(Kind.PLAIN, "When it is staffed.")
    audience: str | None = spec(Kind.PLAIN, "Who it is for.")
    private: bool = spec(
        Kind.BOOL, "A route for sensitive individual cases.", default=False
    )


@dataclass(frozen=True, kw_only=True)
class FaqEntry:
    """A genuine question and its answer."""

    q: str = spec(Kind.PLAIN, "The question.", required=True)
    a: str = spec(Kind.MARKDOWN, "The answer.", required=True)


@dataclass(frozen=True, kw_only=True)
class Video:
    """A spokesperson video, self-hosted; captions and a transcript are required so that
    everyone can follow it: without sound, without the video loading, with a screen reader.
    """

    src: str = spec(Kind.PATH_OR_URL, "Path under the docs folder or https URL.", required=True)
    captions: str = spec(Kind.PATH, "Path to a WebVTT (.vtt) file.", required=True)
    poster: str | None = spec(Kind.PATH, "Path to a poster image.")
    transcript: str = spec(Kind.MARKDOWN, "Everything said in the video, shown on the page "
                           "under it.", required=True)


@dataclass(frozen=True, kw_only=True)
class Spokesperson:
    """The named person who speaks for the organisation."""

    name: str = spec(Kind.PLAIN, "Full name.", required=True)
    role: str = spec(Kind.PLAIN, "Job title.", required=True)
    quote: str | None = spec(Kind.MARKDOWN, "A quote for the page and press release.")
    photo: str | None = spec(Kind.PATH, "Path to a photo under the docs folder.")
    video: Video | None = spec(Kind.RECORD, "A captioned video statement.", record=Video)


@dataclass(frozen=True, kw_only=True)
class Channels:
    """Per-channel text overrides; limits are in :data:`CHANNEL_LIMITS`."""

    x: str | None = spec(Kind.PLAIN, "Post for X (280).")
    bluesky: str | None = spec(Kind.PLAIN, "Post for Bluesky (300).")
    mastodon: str | None = spec(Kind.PLAIN, "Post for Mastodon (500).")
    linkedin: str | None = spec(Kind.PLAIN, "Post for LinkedIn (3000).")
    facebook: str | None = spec(Kind.PLAIN, "Post for Facebook (63206).")
    sms: str | None = spec(Kind.PLAIN, "SMS text (160 GSM-7 characters, one segment).")
    email_subject: str | None = spec(Kind.PLAIN, "Email subject (78).")
    press_release: str | None = spec(Kind.MARKDOWN, "Press release body.")

    def overrides(self) -> dict[str, str]:
        """The channels that carry an override, by channel name."""
        return {
            name: value
            for name, value in dataclasses.asdict(self).items()
            if value is not None
        }


CHANNEL_LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "x": 280,
        "bluesky": 300,
        "mastodon": 500,
        "linkedin": 3000,
        "facebook": 63206,
        "sms": 160,
        "email_subject": 78,
    }
)


@dataclass(frozen=True, kw_only=True)
class Approval:
    """Written by ``darksite approve``: who approved which text, and when."""

    by: str = spec(Kind.PLAIN, "Who approved.", required=True)
    at: datetime = spec(Kind.TIMESTAMP, "When.", required=True)
    digest: str = spec(Kind.TEXT, "Hash of the approved fields.", required=True)


@dataclass(frozen=True, kw_only=True)
class Suppression:
    """An explicit, reasoned exception to one message-quality rule for one field.

    darksite's extension to format version 1: the optional top-level key
    ``suppress``. The reason is required so that a reviewer can see why a
    warning was silenced; a suppression never silences a structural error.
    """

    rule: str = spec(Kind.TEXT, "The check code to silence, e.g. vague-action.", required=True)
    path: str = spec(Kind.TEXT, "The key path it applies to, e.g. actions[2].step.",
                     required=True)
    reason: str = spec(Kind.PLAIN, "Why this wording is right here.", required=True,
                       max_len=500)


@dataclass(frozen=True, kw_only=True)
class Replies:
    """The approved lines of the reply desk (``darksite replies``); each has a default per language.

    Replies to the public are built from approved text only: the facts come
    from the FAQ, statement, actions and latest update, and these templated
    lines are the only other words a draft may hold. Slots in braces are
    filled per comment: ``{name}``, ``{concern}``, ``{route}``, ``{url}``.
    """

    greeting: str | None = spec(Kind.PLAIN, "Opening line; {name} is the person's name.")
    acknowledgement: str | None = spec(
        Kind.PLAIN, "Acknowledges a complaint; {concern} is what they said happened.")
    private_route: str | None = spec(
        Kind.PLAIN, "Offers a private route to a sensitive case; {route} is the contact.")
    link: str | None = spec(Kind.PLAIN, "Points to the section that answers; {url}.")
    unanswered: str | None = spec(
        Kind.PLAIN, "When nothing approved answers a question yet; {url}.")
    pointer: str | None = spec(
        Kind.PLAIN, "Calm line to a false claim the page answers; {url}.")


@dataclass(frozen=True, kw_only=True)
class KeptClaim:
    """Words that read as ongoing but stay true after resolution, kept with a reason.

    ``darksite resolve`` refuses while a sentence still claims the incident is
    going on; sometimes the words are right ("we do not yet know who made the
    downloads" can stay true for good). Keeping them says so, for the reviewer.
    """

    path: str = spec(Kind.TEXT, "The key path of the field, e.g. statement or faq[0].a.",
                     required=True)
    words: str = spec(Kind.PLAIN, "The words kept, as they stand in that field.",
                      required=True)
    reason: str = spec(Kind.PLAIN, "Why they stay true now that the incident is resolved.",
                       required=True, max_len=500)


@dataclass(frozen=True, kw_only=True)
class Resolution:
    """What ended the incident and what readers still need to do: leads the resolved page."""

    ended: str = spec(Kind.PLAIN, "What ended the incident, in one or two sentences.",
                      required=True, max_len=500)
    still_to_do: tuple[str, ...] = spec(
        Kind.PLAIN_LIST, "What readers still need to do now, if anything, most important first.")
    kept: tuple[KeptClaim, ...] = spec(
        Kind.RECORD_LIST, "Ongoing-sounding words that stay true, each with a reason.",
        record=KeptClaim)


@dataclass(frozen=True, kw_only=True)
class ReviewChange:
    """One thing the organisation changed after the incident, with its date."""

    change: str = spec(Kind.PLAIN, "What we changed.", required=True)
    at: Moment = spec(Kind.DATE_OR_TIMESTAMP, "When the change took effect.", required=True)


@dataclass(frozen=True, kw_only=True)
class Review:
    """The post-incident review: what happened, the root cause, what changed, with dates.

    Either written out here or a link to a review page (``url``), or both.
    """

    published_at: Moment = spec(Kind.DATE_OR_TIMESTAMP, "When the review was published.",
                                required=True)
    url: str | None = spec(Kind.PATH_OR_URL,
                           "The full review: a page under the docs folder or an https URL.")
    what_happened: str | None = spec(Kind.MARKDOWN, "What happened, in order, with times.")
    root_cause: str | None = spec(Kind.MARKDOWN, "Why it happened.")
    changes: tuple[ReviewChange, ...] = spec(
        Kind.RECORD_LIST, "What we changed so that it does not happen again, with dates.",
        record=ReviewChange)


@dataclass(frozen=True, kw_only=True)
class Correction:
    """One recorded change to text that was already public (``corrections/<id>.yaml``).

    Not a key of the incident file: ``darksite publish`` writes the log and the
    loader attaches it (:mod:`darksite.corrections`), so that readers see what
    changed and when, and the stamps of every output move with it.
    """

    at: datetime
    path: str
    """The key path of the text that changed: ``summary``, ``actions[1].step``,
    ``updates[2026-11-24T14:10:00+00:00].text`` (an update by its own time)."""
    old: str
    new: str
    note: str
    """The short human note readers see after "Corrected ...: "."""


class Location(NamedTuple):
    """Where a value stands in its file, 1-based, for diagnostics (a tuple: made per key)."""

    line: int
    column: int


@dataclass(frozen=True, kw_only=True)
class Incident:
    """One incident file, validated. Frozen so that no layer can alter what was approved."""

    id: str = spec(Kind.SLUG, "URL path and file stem.", required=True, max_len=80)
    title: str = spec(Kind.PLAIN, "Headline.", required=True, max_len=120)
    status: Status = spec(Kind.ENUM, "Only active and resolved are public.", required=True,
                          enum=Status)
    severity: Severity = spec(Kind.ENUM, "Drives prominence.", enum=Severity,
                              default=Severity.MAJOR)
    category: Category | None = spec(
        Kind.ENUM, "What kind of crisis; data-breach runs the breach-notice checks for the "
        "configured jurisdictions (darksite extension).", enum=Category)
    started_at: datetime | None = spec(Kind.TIMESTAMP, "When the crisis began.",
                                       required_when="public")
    resolved_at: datetime | None = spec(Kind.TIMESTAMP, "When it was resolved.",
                                        required_when="resolved")
    lang: str | None = spec(Kind.LANG, "BCP 47 language tag of the page.")
    summary: str = spec(Kind.PLAIN, "One-paragraph gist for banners, cards and feeds.",
                        required=True, max_len=280)
    affected: tuple[str, ...] = spec(Kind.PLAIN_LIST, "Products, regions, groups affected.")
    advice: tuple[str, ...] = spec(Kind.PLAIN_LIST,
                                   "What readers should do now, most important first.")
    statement: str = spec(Kind.MARKDOWN, "The official statement.", required=True)
    apology: Apology | None = spec(Kind.RECORD, "A sincere, unconditional apology.",
                                   record=Apology)
    actions: tuple[Action, ...] = spec(Kind.RECORD_LIST, "The specific steps being taken.",
                                       record=Action, required_when="public", min_items=1)
    updates: tuple[Update, ...] = spec(Kind.RECORD_LIST, "The timeline, oldest first.",
                                       record=Update)
    next_update: datetime | None = spec(Kind.TIMESTAMP, "When the next update will come.")
    contacts: tuple[Contact, ...] = spec(Kind.RECORD_LIST, "How people reach us.",
                                         record=Contact, required_when="public", min_items=1)
    faq: tuple[FaqEntry, ...] = spec(Kind.RECORD_LIST, "Questions and answers.",
                                     record=FaqEntry)
    spokesperson: Spokesperson | None = spec(Kind.RECORD, "Who speaks for us.",
                                             record=Spokesperson)
    channels: Channels | None = spec(Kind.RECORD, "Per-channel text overrides.",
                                     record=Channels)
    resolution: Resolution | None = spec(
        Kind.RECORD, "What ended it and what readers still need to do (darksite extension).",
        record=Resolution)
    review: Review | None = spec(Kind.RECORD, "The post-incident review (darksite extension).",
                                 record=Review)
    internal: Mapping[str, Any] = spec(Kind.FREE_MAPPING,
                                       "Notes for the team; never published.")
    approval: Approval | None = spec(Kind.RECORD, "Written by darksite approve.",
                                     record=Approval)
    suppress: tuple[Suppression, ...] = spec(
        Kind.RECORD_LIST, "Reasoned exceptions to message-quality checks (darksite extension).",
        record=Suppression)
    replies: Replies | None = spec(Kind.RECORD, "Approved reply-desk lines (darksite extension).",
                                   record=Replies)

    source: str = ""
    """The file, relative to the project root, as diagnostics name it."""
    locations: Mapping[str, Location] = field(default_factory=lambda: MappingProxyType({}))
    """Key path (``actions[1].step``) to where its value starts in the file."""
    corrections: tuple[Correction, ...] = ()
    """The public correction log, oldest first (not a YAML key: see :class:`Correction`)."""
    content_digest: str = field(default="", compare=False, repr=False)
    """SHA-256 of the file's bytes as the loader read them ("" when not made from a file).

    The check-findings cache keys on it (with ``source`` and ``corrections``)
    instead of the incident's ``repr``, which costs a third of a warm check at
    1,000 incidents. Whoever makes a changed copy of a loaded incident with
    ``dataclasses.replace`` (other than attaching corrections) must set it to
    "" again, or the copy would be taken for the file.
    """

    @property
    def is_public(self) -> bool:
        """Whether this incident may appear in any public output."""
        return self.status in (Status.ACTIVE, Status.RESOLVED)

    @property
    def is_active(self) -> bool:
        return self.status is Status.ACTIVE

    @property
    def updates_newest_first(self) -> tuple[Update, ...]:
        return tuple(reversed(self.updates))

    @property
    def latest_update(self) -> Update | None:
        return self.updates[-1] if self.updates else None

    @property
    def last_updated(self) -> datetime | None:
        """The newest of started_at, the updates, resolved_at, the corrections and the review.

        What "last updated" shows, and every stamp a consumer reads
        (``status.json``, JSON-LD ``dateModified``, the sitemap): a correction
        or a published review changes public text, so it moves them; a rebuild
        never does. A review dated by day counts from 00:00 UTC that day.
        """
        moments = [m for m in (self.started_at, self.resolved_at) if m is not None]
        moments.extend(update.at for update in self.updates)
        moments.extend(correction.at for correction in self.corrections)
        if self.review is not None:
            published = self.review.published_at
            moments.append(published if isinstance(published, datetime) else
                           datetime.combine(published, time(0, 0), tzinfo=UTC))
        return max(moments, default=None)

    @property
    def phase(self) -> Phase | None:
        """The phase of the newest update that names one."""
        for update in reversed(self.updates):
            if update.phase is not None:
                return update.phase
        return Phase.RESOLVED if self.status is Status.RESOLVED else None

    @property
    def public_contacts(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if not c.private)

    @property
    def private_contacts(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.private)

    def location(self, path: str) -> Location:
        """Where ``path`` (or its nearest located parent) stands; line 1 when unknown."""
        probe = path
        while probe:
            if probe in self.locations:
                return self.locations[probe]
            probe = _parent_path(probe)
        return self.locations.get("", Location(line=1, column=1))


def _parent_path(path: str) -> str:
    """``actions[1].step`` -> ``actions[1]`` -> ``actions`` -> ``""``."""
    if path.endswith("]"):
        return path[: path.rindex("[")]
    if "." in path:
        return path[: path.rindex(".")]
    return ""


def prominence_order(incident: Incident) -> tuple[int, float]:
    """Sort key for active incidents: most severe first, then most recently updated."""
    updated = incident.last_updated
    return (incident.severity.rank, -(updated.timestamp() if updated else 0.0))
