"""View models: what the templates see of an incident, already safe to print.

MkDocs' Jinja environment does not autoescape, so the templates must never
print a raw string from an incident file. Every text here is therefore a
:class:`markupsafe.Markup`: plain fields escaped, Markdown fields rendered
by :class:`~darksite.render.markdown.MarkdownRenderer`, times as ``<time>``
elements. Templates print these as they are; ``.model`` (the frozen
:class:`~darksite.model.Incident`) is there for logic (``status``, counts),
not for printing.

Two sizes, because the home page, the banner, the archive and the 404 page
need only a headline while an incident page needs everything:
:class:`IncidentCard` costs no Markdown rendering, :class:`IncidentView`
renders every field once.

URLs are site-relative without a leading slash (``<id>/``); templates pass
them through MkDocs' ``url`` filter, which makes them relative to the page.
"""

from __future__ import annotations

import posixpath
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from markupsafe import Markup, escape

from darksite import clock
from darksite.diagnostics import Diagnostic
from darksite.identity import identity_css
from darksite.model import (
    Action,
    ActionStatus,
    Contact,
    ContactKind,
    Incident,
    Phase,
    Severity,
    Status,
    prominence_order,
)
from darksite.render.markdown import MarkdownRenderer
from darksite.render.safety import safe_url
from darksite.render.times import time_element
from darksite.settings import Settings

SEVERITY_LABELS = {Severity.CRITICAL: "Critical", Severity.MAJOR: "Major",
                   Severity.MINOR: "Minor"}
STATUS_LABELS = {Status.ACTIVE: "Ongoing", Status.RESOLVED: "Resolved",
                 Status.DRAFT: "Draft (not public)"}
PHASE_LABELS = {Phase.INVESTIGATING: "Investigating", Phase.IDENTIFIED: "Cause identified",
                Phase.MONITORING: "Monitoring", Phase.RESOLVED: "Resolved"}
ACTION_STATUS_LABELS = {ActionStatus.PLANNED: "Planned", ActionStatus.IN_PROGRESS: "In progress",
                        ActionStatus.DONE: "Done"}
CONTACT_KIND_LABELS = {
    ContactKind.PHONE: "Phone", ContactKind.SMS: "Text message", ContactKind.EMAIL: "Email",
    ContactKind.WEB: "Web", ContactKind.CHAT: "Chat", ContactKind.SOCIAL: "Social media",
    ContactKind.ADDRESS: "Address", ContactKind.OTHER: "Other",
}

NEXT_UPDATE_LABEL = "Next update by"
NEXT_UPDATE_OVERDUE_LABEL = "Update overdue since"
"""A promised update that has not come is said so, never left as a promise in the past."""
OVERDUE_ACTION_LABEL = "Overdue"
"""An open action past its due date: never shown as silently "In progress"."""

ARCHIVE_URL = "archive/"
LITE_URL = "lite/"

UrlFor = Callable[[str], str]
"""Maps an incident id to its page's site-relative URL."""


def directory_url(incident_id: str) -> str:
    """``<id>/``: the page URL with MkDocs' default ``use_directory_urls: true``."""
    return f"{incident_id}/"


def text(value: str | None) -> Markup:
    """A plain field, escaped; empty Markup for no value."""
    return escape(value) if value else Markup("")


# ---------------------------------------------------------------------------
# Cards: a headline, for lists and banners


@dataclass(frozen=True, kw_only=True)
class IncidentCard:
    """An incident's headline: enough for the home page, the banner and the archive."""

    model: Incident
    id: str
    url: str
    lite_url: str
    feed_url: str
    press_url: str
    title: Markup
    summary: Markup
    status: str
    status_label: str
    severity: str
    severity_label: str
    phase_label: str | None
    started: Markup
    resolved: Markup
    last_updated: Markup
    next_update: Markup
    primary_contact: ContactView | None
    """The route shown first (home card, first screen): the first public one people can follow."""
    next_update_overdue: bool = False
    """The promised next update's time has passed (on :func:`darksite.clock.now`)."""

    @property
    def next_update_label(self) -> str:
        """"Next update by", or "Update overdue since" once that time has gone by."""
        return NEXT_UPDATE_OVERDUE_LABEL if self.next_update_overdue else NEXT_UPDATE_LABEL

    @property
    def is_active(self) -> bool:
        return self.model.is_active

    @property
    def shows_next_update(self) -> bool:
        """A promised update matters while the incident is not resolved."""
        return bool(self.next_update) and self.model.status is not Status.RESOLVED

    @property
    def is_draft(self) -> bool:
        return self.model.status is Status.DRAFT


def _card_fields(incident: Incident, url_for: UrlFor,
                 zone: tzinfo | None = None) -> dict[str, object]:
    phase = incident.phase
    return {
        "model": incident,
        "id": incident.id,
        "url": url_for(incident.id),
        "lite_url": f"{LITE_URL}{incident.id}/",
        "feed_url": f"{incident.id}/feed.xml",
        "press_url": f"{incident.id}/press-release/",
        "title": text(incident.title),
        "summary": text(incident.summary),
        "status": str(incident.status),
        "status_label": STATUS_LABELS[incident.status],
        "severity": str(incident.severity),
        "severity_label": SEVERITY_LABELS[incident.severity],
        "phase_label": PHASE_LABELS[phase] if phase else None,
        "started": time_element(incident.started_at, zone),
        "resolved": time_element(incident.resolved_at, zone),
        "last_updated": time_element(incident.last_updated, zone),
        "next_update": time_element(incident.next_update, zone),
        "primary_contact": _primary_contact(incident),
        "next_update_overdue": (incident.next_update is not None
                                and clock.is_past(incident.next_update, zone)),
    }


def _primary_contact(incident: Incident) -> ContactView | None:
    public = incident.public_contacts
    linked = [contact for contact in public if contact_href(contact)]
    chosen = linked or list(public)
    return contact_view(chosen[0]) if chosen else None


def incident_card(incident: Incident, url_for: UrlFor = directory_url,
                  zone: tzinfo | None = None) -> IncidentCard:
    return IncidentCard(**_card_fields(incident, url_for, zone))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# The full page


@dataclass(frozen=True, kw_only=True)
class PersonView:
    name: Markup
    role: Markup


@dataclass(frozen=True, kw_only=True)
class ApologyView:
    text: Markup
    by: PersonView


@dataclass(frozen=True, kw_only=True)
class ActionView:
    step: Markup
    owner: Markup
    status: str
    status_label: str
    due: Markup
    done_at: Markup
    carried_over: bool = False
    """A follow-up that goes on after the incident was resolved (shown as such)."""
    overdue: bool = False
    """Not done and past its due date: shown as overdue, whatever its status says."""


CARRIED_OVER_LABEL = "Continues after the incident"


@dataclass(frozen=True, kw_only=True)
class ResolutionView:
    """What ended the incident and what readers still need to do: leads the resolved page."""

    ended: Markup
    still_to_do: tuple[Markup, ...]


@dataclass(frozen=True, kw_only=True)
class ReviewChangeView:
    change: Markup
    at: Markup


@dataclass(frozen=True, kw_only=True)
class ReviewView:
    """The post-incident review: what happened, the root cause, what changed, with dates."""

    published: Markup
    url: str | None
    what_happened: Markup
    root_cause: Markup
    changes: tuple[ReviewChangeView, ...]


@dataclass(frozen=True, kw_only=True)
class UpdateView:
    at: Markup
    phase: str | None
    phase_label: str | None
    text: Markup


@dataclass(frozen=True, kw_only=True)
class CorrectionView:
    """One entry of the public correction log: ``Corrected <time>: <note>``."""

    at: Markup
    note: Markup


@dataclass(frozen=True, kw_only=True)
class ContactView:
    """A contact route; ``href`` is None for routes that are not links (postal address)."""

    label: Markup
    kind: str
    kind_label: str
    value: Markup
    href: str | None
    hours: Markup
    audience: Markup
    private: bool


@dataclass(frozen=True, kw_only=True)
class FaqView:
    question: Markup
    answer: Markup


@dataclass(frozen=True, kw_only=True)
class VideoView:
    src: str
    captions: str
    poster: str | None
    srclang: str
    transcript: Markup
    """Everything said in the video, on the page for those who cannot play or hear it."""


@dataclass(frozen=True, kw_only=True)
class SpokespersonView:
    name: Markup
    role: Markup
    quote: Markup
    photo: str | None
    video: VideoView | None


@dataclass(frozen=True, kw_only=True)
class WarningView:
    """A check finding as the team reads it on a rehearsal page, not as a compiler line."""

    severity_label: str
    line: int
    field: Markup
    message: Markup
    hint: Markup
    code: str


WARNING_SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Advice"}


def warning_view(diagnostic: Diagnostic) -> WarningView:
    return WarningView(
        severity_label=WARNING_SEVERITY_LABELS.get(str(diagnostic.severity),
                                                   str(diagnostic.severity).title()),
        line=diagnostic.line, field=text(diagnostic.path),
        message=text(diagnostic.message.rstrip(".")),
        hint=text((diagnostic.hint or "").rstrip(".")), code=diagnostic.code)


@dataclass(frozen=True, kw_only=True)
class IncidentView(IncidentCard):
    """Everything the incident page shows, in page order, rendered once."""

    lang: str
    affected: tuple[Markup, ...]
    advice: tuple[Markup, ...]
    """What readers should do, most important first: the first step leads the page."""
    statement: Markup
    apology: ApologyView | None
    actions: tuple[ActionView, ...]
    updates: tuple[UpdateView, ...]
    """Newest first: a reader wants the latest news at the top."""
    public_contacts: tuple[ContactView, ...]
    private_contacts: tuple[ContactView, ...]
    faq: tuple[FaqView, ...]
    spokesperson: SpokespersonView | None
    warnings: tuple[WarningView, ...]
    """Check diagnostics for this file; filled in rehearsal only, never public."""
    resolution: ResolutionView | None = None
    """Only for a resolved incident: a prepared resolution is not news while it goes on."""
    review: ReviewView | None = None
    corrections: tuple[CorrectionView, ...] = ()
    """The public correction log, newest first: what changed in text already public."""



def incident_view(
    incident: Incident,
    renderer: MarkdownRenderer,
    settings: Settings,
    *,
    url_for: UrlFor = directory_url,
    warnings: Sequence[Diagnostic] = (),
) -> IncidentView:
    """The incident page's view: deterministic from (incident, renderer, settings)."""
    md = renderer.render
    lang = incident.lang or settings.lang
    zone = settings.zone
    return IncidentView(
        **_card_fields(incident, url_for, zone),  # type: ignore[arg-type]
        lang=lang,
        affected=tuple(text(item) for item in incident.affected),
        advice=tuple(text(item) for item in incident.advice),
        statement=md(incident.statement),
        apology=(
            ApologyView(
                text=md(incident.apology.text),
                by=PersonView(name=text(incident.apology.by.name),
                              role=text(incident.apology.by.role)),
            )
            if incident.apology else None
        ),
        actions=tuple(action_view(action, zone) for action in incident.actions),
        updates=tuple(
            UpdateView(
                at=time_element(update.at, zone),
                phase=str(update.phase) if update.phase else None,
                phase_label=PHASE_LABELS[update.phase] if update.phase else None,
                text=md(update.text),
            )
            for update in incident.updates_newest_first
        ),
        public_contacts=tuple(contact_view(c) for c in incident.public_contacts),
        private_contacts=tuple(contact_view(c) for c in incident.private_contacts),
        faq=tuple(FaqView(question=text(entry.q), answer=md(entry.a)) for entry in incident.faq),
        spokesperson=_spokesperson_view(incident, md, lang),
        warnings=tuple(warning_view(d) for d in warnings),
        resolution=resolution_view(incident),
        review=review_view(incident, md, zone),
        corrections=tuple(
            CorrectionView(at=time_element(c.at, zone), note=text(c.note))
            for c in reversed(incident.corrections)
        ),
    )


def action_view(action: Action, zone: tzinfo | None = None) -> ActionView:
    """An action as the page shows it: overdue first, then carried over, then its status."""
    open_ = action.status is not ActionStatus.DONE
    overdue = open_ and action.due is not None and clock.is_past(action.due, zone)
    if overdue:
        label = OVERDUE_ACTION_LABEL
    elif open_ and action.carried_over:
        label = CARRIED_OVER_LABEL
    else:
        label = ACTION_STATUS_LABELS[action.status]
    return ActionView(
        step=text(action.step), owner=text(action.owner),
        status="overdue" if overdue else str(action.status), status_label=label,
        due=time_element(action.due, zone), done_at=time_element(action.done_at, zone),
        carried_over=action.carried_over, overdue=overdue,
    )


def resolution_view(incident: Incident) -> ResolutionView | None:
    """The resolution block of a resolved incident; None while it is active (or a draft)."""
    resolution = incident.resolution
    if resolution is None or incident.status is not Status.RESOLVED:
        return None
    return ResolutionView(ended=text(resolution.ended),
                          still_to_do=tuple(text(step) for step in resolution.still_to_do))


def review_view(incident: Incident, md: Callable[[str], Markup],
                zone: tzinfo | None = None) -> ReviewView | None:
    """The post-incident review, whenever the file has one (it is written after the fact)."""
    review = incident.review
    if review is None:
        return None
    return ReviewView(
        published=time_element(review.published_at, zone),
        url=media_path(review.url) if review.url else None,
        what_happened=md(review.what_happened) if review.what_happened else Markup(""),
        root_cause=md(review.root_cause) if review.root_cause else Markup(""),
        changes=tuple(ReviewChangeView(change=text(item.change), at=time_element(item.at, zone))
                      for item in review.changes),
    )


_SHARED_VIEWS: weakref.WeakKeyDictionary[MarkdownRenderer, dict[tuple[int, int, str], Any]] = (
    weakref.WeakKeyDictionary()
)


def shared_incident_view(
    incident: Incident,
    renderer: MarkdownRenderer,
    settings: Settings,
    *,
    url_for: UrlFor = directory_url,
    last_use: bool = False,
) -> IncidentView:
    """:func:`incident_view` made once per build (one renderer is one build).

    The page and the lite page show the same view; building it twice cost a
    third of a 1,000-incident build. Views with check warnings (rehearsal)
    are not shared: call :func:`incident_view` for those.

    ``last_use``: the caller is the view's last reader (the lite page, written
    after every page), so the build lets go of it: held to the end, the
    views of 1,000 realistic incidents were 20 MB of the build's peak
    (issue 18).
    """
    memo = _SHARED_VIEWS.setdefault(renderer, {})
    key = (id(incident), id(settings), url_for(incident.id))
    hit = memo.pop(key, None) if last_use else memo.get(key)
    if hit is not None and hit[0] is incident and hit[1] is settings:
        return hit[2]  # type: ignore[no-any-return]
    view = incident_view(incident, renderer, settings, url_for=url_for)
    if not last_use:
        memo[key] = (incident, settings, view)  # holding both keeps their id() from being reused
    return view


def contact_href(contact: Contact) -> str | None:
    """The link for a contact route: ``tel:``/``sms:`` without spaces, ``mailto:``, https."""
    value = contact.value.strip()
    if contact.kind in (ContactKind.PHONE, ContactKind.SMS):
        scheme = "tel" if contact.kind is ContactKind.PHONE else "sms"
        return f"{scheme}:{''.join(value.split())}"
    if contact.kind is ContactKind.EMAIL:
        return f"mailto:{value}"
    if contact.kind in (ContactKind.WEB, ContactKind.CHAT, ContactKind.SOCIAL):
        return value if value.lower().startswith("https://") and safe_url(value) else None
    return None


def contact_view(contact: Contact) -> ContactView:
    return ContactView(
        label=text(contact.label),
        kind=str(contact.kind),
        kind_label=CONTACT_KIND_LABELS[contact.kind],
        value=text(contact.value),
        href=contact_href(contact),
        hours=text(contact.hours),
        audience=text(contact.audience),
        private=contact.private,
    )


def media_path(path: str) -> str:
    """A docs-folder path as a site-relative URL: ``./media/a.jpg`` -> ``media/a.jpg``."""
    if "://" in path:
        return path
    return posixpath.normpath(path.replace("\\", "/")).lstrip("/")


def _spokesperson_view(
    incident: Incident, md: Callable[[str | None], Markup], lang: str
) -> SpokespersonView | None:
    person = incident.spokesperson
    if person is None:
        return None
    video = None
    if person.video is not None:
        video = VideoView(
            src=media_path(person.video.src),
            captions=media_path(person.video.captions),
            poster=media_path(person.video.poster) if person.video.poster else None,
            srclang=lang,
            transcript=md(person.video.transcript),
        )
    return SpokespersonView(
        name=text(person.name),
        role=text(person.role),
        quote=md(person.quote),
        photo=media_path(person.photo) if person.photo else None,
        video=video,
    )


# ---------------------------------------------------------------------------
# The site: what every page may show (banner, home, archive, 404)


def published(incidents: Iterable[Incident], settings: Settings) -> tuple[Incident, ...]:
    """The incidents this build shows: public ones, and drafts too in a rehearsal."""
    return tuple(i for i in incidents if i.is_public or settings.rehearsal)


def _newest_first_key(incident: Incident) -> tuple[float, str]:
    moment: date | datetime | None = incident.resolved_at or incident.last_updated
    stamp = moment.timestamp() if isinstance(moment, datetime) else 0.0
    return (-stamp, incident.id)


def active_in_prominence_order(incidents: Iterable[Incident]) -> list[Incident]:
    """Active incidents, most severe first, then most recently updated (then id, for ties)."""
    return sorted((i for i in incidents if i.is_active),
                  key=lambda i: (*prominence_order(i), i.id))


def resolved_newest_first(incidents: Iterable[Incident]) -> list[Incident]:
    """Resolved incidents, most recently resolved first."""
    return sorted((i for i in incidents if i.status is Status.RESOLVED), key=_newest_first_key)


BANNER_LIMIT = 3
"""At most this many incidents are named in the banner; it must not push the page off screen."""


def banner_order(card: IncidentCard) -> tuple[int, float, str]:
    """The banner's order: most severe first, then most recently started, then id.

    Unlike the home page it does not move an incident up when it gets an
    update: the banner is on every page, and an order that changed with each
    update would change every page of the site (see "Fast path" in
    docs/operations.md), for no gain to a reader who sees at most three names.
    """
    started = card.model.started_at
    return (card.model.severity.rank, -(started.timestamp() if started else 0.0), card.id)


@dataclass(frozen=True, kw_only=True)
class SiteView:
    """The ``darksite`` Jinja global: the state of the whole site."""

    active: tuple[IncidentCard, ...]
    resolved: tuple[IncidentCard, ...]
    drafts: tuple[IncidentCard, ...]
    rehearsal: bool
    settings: Settings
    archive_url: str = ARCHIVE_URL
    lite_url: str = LITE_URL
    home_url: str = ""

    @property
    def has_active(self) -> bool:
        return bool(self.active)

    @property
    def identity_css(self) -> Markup:
        """The brand colours or the sombre tone, for one ``<style>`` (darksite.identity)."""
        return Markup(identity_css(self.settings))  # hex colours only, checked by the build

    @property
    def banner_incidents(self) -> tuple[IncidentCard, ...]:
        return tuple(sorted(self.active, key=banner_order)[:BANNER_LIMIT])

    @property
    def languages(self) -> tuple[tuple[str, str], ...]:
        """Every language of the site as (tag, its own name), source first, for the language
        switcher and the hreflang links; empty when only one (darksite.i18n)."""
        if not self.settings.languages:
            return ()
        from darksite.i18n.languages import native_name

        tags = (self.settings.lang, *self.settings.languages)
        return tuple((tag, native_name(tag)) for tag in tags)

    @property
    def banner_more(self) -> int:
        """How many active incidents the banner does not name."""
        return max(0, len(self.active) - BANNER_LIMIT)


def site_view(
    incidents: Iterable[Incident], settings: Settings, url_for: UrlFor = directory_url
) -> SiteView:
    """The site view for the incidents this build shows (see :func:`published`)."""
    shown = published(incidents, settings)
    zone = settings.zone
    return SiteView(
        active=tuple(incident_card(i, url_for, zone) for i in active_in_prominence_order(shown)),
        resolved=tuple(incident_card(i, url_for, zone) for i in resolved_newest_first(shown)),
        drafts=tuple(
            incident_card(i, url_for, zone)
            for i in sorted(shown, key=lambda i: i.id) if i.status is Status.DRAFT
        ),
        rehearsal=settings.rehearsal,
        settings=settings,
    )


def site_wide_facts(site: SiteView) -> dict[str, object]:
    """What every page of the site shows about incidents: today, the banner.

    The fast path of ``publish`` re-renders only the pages of changed
    incidents, so it compares these facts before and after a change; when
    they differ it draws the banner again into every other page
    (:mod:`darksite.mkdocs.banner`), from these facts alone. Anything a
    template shows on every page (``main.html`` and the partials it
    includes) must be here.
    """
    return {
        "rehearsal": site.rehearsal,
        "home_url": site.home_url,
        "active_count": len(site.active),
        "banner": [[card.id, card.url, str(card.title)] for card in site.banner_incidents],
        "banner_more": site.banner_more,
    }
