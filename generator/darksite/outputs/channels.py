"""The texts for every channel, all written from the same incident file.

One approved message, many channels: each text is built from ``title``,
``summary`` and the incident's public URL (and, for the long forms, the
statement, actions, updates and contacts), so an edit to the summary changes
every channel at the next run. ``channels:`` in the file overrides a channel
word for word.

Generated short posts (X, Bluesky, Mastodon, SMS) are composed from whole
parts, never cut (:mod:`darksite.short_texts`): the state (``Resolved:``
once resolved), as many whole sentences of the news as fit, the one thing to
do, and the URL, which is never cut, because a broken link in a crisis post
sends people nowhere; when the essentials cannot fit, ``check`` asks for an
override. SMS uses plain quotes and dashes, because one typographic
character switches the whole message to UCS-2 and cuts it from 160 to 70
characters.

The internal memo is for employees only: it is produced for ``darksite posts``
and never written into the site.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, tzinfo

from darksite.channel_names import CHANNELS
from darksite.model import ActionStatus, Contact, Incident, Status
from darksite.outputs.context import OutputContext
from darksite.render.times import date_text
from darksite.render.times import moment_text as format_moment
from darksite.short_texts import composed, plain, sentences, sms_safe
from darksite.textlength import channel_length, channel_limit, has_limit

__all__ = ["ChannelWriter", "channel_texts", "overridden_channels", "short_post", "sms_safe"]

ELLIPSIS = "…"
SMS_ELLIPSIS = "..."


def _fits(channel: str, text: str) -> bool:
    return not has_limit(channel) or channel_length(channel, text) <= channel_limit(channel, text)


def shorten_to_fit(
    channel: str, text: str, compose: Callable[[str], str], ellipsis: str = ELLIPSIS
) -> str | None:
    """The longest ``compose(prefix of text)`` that fits, cut at a word boundary.

    Returns ``compose(text)`` when it fits whole, else ``compose(words + ellipsis)``
    for as many words as fit, else ``None`` (not even one word fits).

    A longer prefix is never shorter on any channel (each adds characters; a
    character outside GSM-7 only lowers the SMS limit), so whether ``count``
    words fit is monotone and a binary search finds the longest in about
    log2(words) length counts instead of one count per word dropped.
    """
    whole = compose(text)
    if _fits(channel, whole):
        return whole
    words = text.split()

    def candidate(count: int) -> str:
        return compose(" ".join(words[:count]).rstrip(",;:-–—(") + ellipsis)

    low, high, best = 1, len(words) - 1, None
    while low <= high:
        middle = (low + high) // 2
        text_middle = candidate(middle)
        if _fits(channel, text_middle):
            best, low = text_middle, middle + 1
        else:
            high = middle - 1
    return best


def short_post(channel: str, title: str, summary: str, url: str, separator: str = "\n\n") -> str:
    """Title, summary and URL within ``channel``'s limit; the summary gives way first."""
    ellipsis = SMS_ELLIPSIS if channel == "sms" else ELLIPSIS

    def with_summary(text: str) -> str:
        return separator.join(part for part in (title, text, url) if part)

    post = shorten_to_fit(channel, summary, with_summary, ellipsis)
    if post is not None:
        return post

    def title_only(text: str) -> str:
        return separator.join(part for part in (text, url) if part)

    post = shorten_to_fit(channel, title, title_only, ellipsis)
    return post if post is not None else url  # the link alone: never cut


def _contact_line(contact: Contact) -> str:
    value = contact.value
    details = ", ".join(part for part in (contact.hours, contact.audience) if part)
    line = f"{contact.label}: {value}"
    return f"{line} ({details})" if details else line


def _moment(moment: date | datetime | None, zone: tzinfo | None) -> str | None:
    return format_moment(moment, zone) if moment is not None else None


def _action_lines(incident: Incident, zone: tzinfo | None) -> list[str]:
    labels = {ActionStatus.DONE: "done", ActionStatus.IN_PROGRESS: "in progress",
              ActionStatus.PLANNED: "planned"}
    lines = []
    for action in incident.actions:
        state = labels[action.status]
        when = action.done_at if action.status is ActionStatus.DONE else action.due
        if when is not None:
            word = "on" if action.status is ActionStatus.DONE else "by"
            state += f", {word} {_moment(when, zone)}"
        lines.append(f"- {action.step} ({state})")
    return lines


PRESS_BACKGROUND = "Background"
PRESS_ENDS = "Ends"
PRESS_NOTES = "Notes to editors"
"""The press release's section names, as newsrooms know them (one place, for translation)."""


def _quoted(text: str, name: str, role: str) -> str:
    """A press-release quote: ``“We are sorry,” said Dana Reyes, Chief Executive Officer.``"""
    words = " ".join(text.split())
    if words.endswith("."):
        words = words[:-1] + ","
    elif not words.endswith(("?", "!")):
        words += ","
    return f"“{words}” said {name}, {role}."


def _is_press(contact: Contact) -> bool:
    words = f"{contact.label} {contact.audience or ''}".lower()
    return any(word in words for word in ("press", "media", "journalist"))


def _latest_update_text(incident: Incident, ctx: OutputContext) -> str | None:
    update = incident.latest_update
    if update is None:
        return None
    text = ctx.text(update.text, ctx.incident_url(incident.id))
    return f"Latest update, {format_moment(update.at, ctx.settings.zone)}:\n{text}"


class ChannelWriter:
    """Writes every channel's text for one incident under one site's settings."""

    def __init__(self, incident: Incident, ctx: OutputContext) -> None:
        self.incident = incident
        self.ctx = ctx
        self.settings = ctx.settings
        self.url = ctx.incident_url(incident.id)

    # The short posts -------------------------------------------------------------

    def news(self) -> list[str]:
        """The whole sentences a short text may carry: the final update once resolved
        (what ended it), else the summary."""
        incident = self.incident
        final = incident.latest_update
        if incident.status is Status.RESOLVED and final is not None:
            text = self.ctx.text(final.text, self.url).replace("\n", " ")
            return sentences(text)
        return sentences(plain(incident.summary))

    def social(self, channel: str) -> str:
        return composed(self.incident, channel, self.url, self.news()).text

    def sms(self) -> str:
        return composed(self.incident, "sms", self.url, self.news()).text

    def long_post(self, channel: str) -> str:
        """LinkedIn and Facebook: room for the latest update and what is being done."""
        incident = self.incident
        latest = _latest_update_text(incident, self.ctx)
        actions = _action_lines(incident, self.ctx.settings.zone)
        doing = "What we are doing:\n" + "\n".join(actions) if actions else None
        link = f"Full statement and every update: {self.url}"
        for extras in ((latest, doing), (latest,), ()):
            body = [plain(incident.title), plain(incident.summary), *[e for e in extras if e],
                    link]
            text = "\n\n".join(body)
            if _fits(channel, text):
                return text
        return composed(incident, channel, self.url, self.news()).text

    def email_subject(self) -> str:
        incident = self.incident
        prefix = "Resolved: " if incident.status is Status.RESOLVED else ""
        subject = shorten_to_fit("email_subject", plain(incident.title), lambda t: prefix + t)
        return subject if subject is not None else plain(incident.title)[: channel_limit(
            "email_subject") - 1] + ELLIPSIS

    # The long forms --------------------------------------------------------------

    def email_body(self) -> str:
        incident, settings, ctx = self.incident, self.settings, self.ctx
        parts = [plain(incident.title), plain(incident.summary),
                 ctx.text(incident.statement, self.url)]
        if incident.apology is not None:
            by = incident.apology.by
            parts.append(f"{ctx.text(incident.apology.text, self.url)}\n"
                         f"{by.name}, {by.role}")
        actions = _action_lines(incident, ctx.settings.zone)
        if actions:
            parts.append("What we are doing\n" + "\n".join(actions))
        latest = _latest_update_text(incident, ctx)
        if latest:
            parts.append(latest)
        if incident.next_update is not None and incident.is_active:
            promise = format_moment(incident.next_update, ctx.settings.zone)
            parts.append(f"Our next update will come by {promise}.")
        contacts = [_contact_line(c) for c in incident.contacts]
        if contacts:
            parts.append("How to reach us\n" + "\n".join(f"- {c}" for c in contacts))
        parts.append(f"The full statement and every update: {self.url}")
        parts.append(settings.organisation.name)
        return "\n\n".join(parts) + "\n"

    def dateline(self) -> str:
        moment = self.incident.last_updated
        day = date_text(moment) if moment is not None else "{{ release_date }}"
        city = self.settings.organisation.dateline_city
        return f"{city.upper()}, {day}" if city else day

    def press_release(self) -> str:
        """The release as journalists expect it (issue 11): headline, dateline and lead, body,
        one quote, background, media contact, "Ends", notes to editors.

        The apology and the spokesperson's words become one quote when the same
        person says both, so a name is not given twice.
        """
        incident, ctx = self.incident, self.ctx
        org = self.settings.organisation
        override = incident.channels.press_release if incident.channels else None
        parts = ["FOR IMMEDIATE RELEASE", plain(incident.title).upper()]
        if override is not None:
            parts.append(f"{self.dateline()} – {ctx.text(override, self.url)}")
        else:
            parts.append(f"{self.dateline()} – {plain(incident.summary)}")
            parts.append(ctx.text(incident.statement, self.url))
            parts.extend(self._quotes())
            background = []
            actions = _action_lines(incident, ctx.settings.zone)
            if actions:
                background.append(f"What {org.name} is doing:\n" + "\n".join(actions))
            latest = _latest_update_text(incident, ctx)
            if latest:
                background.append(latest)
            if background:
                parts.append(PRESS_BACKGROUND + "\n" + "\n\n".join(background))
        parts.append(self._media_contact())
        parts.append(PRESS_ENDS)
        notes = []
        if org.boilerplate.strip():
            notes.append(f"About {org.name}: {' '.join(org.boilerplate.split())}")
        notes.append(f"Every update, as it is published: {self.url}")
        parts.append(PRESS_NOTES + "\n" + "\n".join(
            f"{number}. {note}" for number, note in enumerate(notes, 1)))
        return "\n\n".join(parts) + "\n"

    def _quotes(self) -> list[str]:
        incident, ctx = self.incident, self.ctx
        apology, speaker = incident.apology, incident.spokesperson
        said = [] if apology is None else [(ctx.text(apology.text, self.url), apology.by.name,
                                            apology.by.role)]
        if speaker is not None and speaker.quote:
            words = ctx.text(speaker.quote, self.url)
            if said and said[0][1] == speaker.name:
                said[0] = (f"{said[0][0].strip()} {words.strip()}", speaker.name, speaker.role)
            else:
                said.append((words, speaker.name, speaker.role))
        return [_quoted(text, name, role) for text, name, role in said]

    def _media_contact(self) -> str:
        org = self.settings.organisation
        lines = [f"Email: {org.media_email}" if org.media_email else "",
                 f"Phone: {org.media_phone}" if org.media_phone else ""]
        lines = [line for line in lines if line]
        if not lines:
            lines = [_contact_line(c) for c in self.incident.public_contacts if _is_press(c)]
        if not lines:
            lines = [f"Press office, {org.name}"]
        return "Media contact\n" + "\n".join(lines)

    def internal_memo(self) -> str:
        """For employees: what happened, what we are doing, where questions go. Never public."""
        incident, ctx = self.incident, self.ctx
        org = self.settings.organisation
        parts = [
            f"INTERNAL - FOR {org.name.upper()} EMPLOYEES ONLY. Do not forward outside "
            f"{org.name}.",
            f"Subject: {plain(incident.title)}",
            "What happened\n" + plain(incident.summary) + "\n\n"
            + ctx.text(incident.statement, self.url),
        ]
        actions = _action_lines(incident, ctx.settings.zone)
        if actions:
            parts.append("What we are doing\n" + "\n".join(
                line + (f" - {a.owner}" if a.owner else "")
                for line, a in zip(actions, incident.actions, strict=True)))
        parts.append(
            "What we have said publicly\n"
            f"Our public statement and every update are at {self.url}. Point anyone who "
            "asks to that page, and please do not add to it or speculate, on social media "
            "or elsewhere."
        )
        media = [value for value in (org.media_email, org.media_phone) if value]
        press = [f"Media relations: {value}" for value in media]
        press += [_contact_line(c) for c in incident.contacts
                  if _is_press(c) and c.value not in media]
        customers = [_contact_line(c) for c in incident.contacts if not _is_press(c)]
        routing = ["Where to send questions",
                   "Press and media: do not comment yourself; pass every journalist's "
                   "question to:"]
        routing += [f"- {line}" for line in press or [f"the press office of {org.name}"]]
        routing.append("Customers and the public: point them to the page above and to:")
        routing += [f"- {line}" for line in customers or ["the contacts on the page above"]]
        parts.append("\n".join(routing))
        if incident.next_update is not None and incident.is_active:
            promise = format_moment(incident.next_update, ctx.settings.zone)
            parts.append(f"Next public update by {promise}.")
        return "\n\n".join(parts) + "\n"

    # Every channel ---------------------------------------------------------------

    def generated(self, channel: str) -> str:
        if channel in ("x", "bluesky", "mastodon"):
            return self.social(channel)
        if channel in ("linkedin", "facebook"):
            return self.long_post(channel)
        builders: Mapping[str, Callable[[], str]] = {
            "sms": self.sms,
            "email_subject": self.email_subject,
            "email_body": self.email_body,
            "press_release": self.press_release,
            "internal_memo": self.internal_memo,
        }
        if channel not in builders:
            raise KeyError(channel)
        return builders[channel]()

    def text(self, channel: str) -> str:
        """The text for ``channel``: the file's override if any, else the generated text."""
        overrides = self.incident.channels.overrides() if self.incident.channels else {}
        if channel in overrides and channel != "press_release":
            return overrides[channel]
        return self.generated(channel)


def channel_texts(
    incident: Incident, ctx: OutputContext, channels: tuple[str, ...] = CHANNELS
) -> dict[str, str]:
    """Every channel's text for ``incident``, in :data:`CHANNELS` order."""
    writer = ChannelWriter(incident, ctx)
    return {channel: writer.text(channel) for channel in channels}


def overridden_channels(incident: Incident) -> frozenset[str]:
    """The channels whose text (or, for the press release, body) comes from ``channels:``."""
    return frozenset(incident.channels.overrides()) if incident.channels else frozenset()

