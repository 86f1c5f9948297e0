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

The texts are written in the language of the site settings they are given
(``settings.lang``): for a language with a darksite catalogue (Welsh,
Arabic) the words around the incident's own (``FOR IMMEDIATE RELEASE``,
"said", "Latest update") come from it and the dates from Babel's CLDR data
(:mod:`darksite.i18n`), so ``posts --lang cy`` and ``/cy/<id>/press-release/``
are Welsh throughout. English, and a language without a catalogue, keep
darksite's English words and dates. The internal memo stays in the source
language: staff read the approved original.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from darksite.channel_names import CHANNELS
from darksite.model import ActionStatus, Contact, Incident, Status
from darksite.outputs.context import OutputContext
from darksite.render.times import date_text
from darksite.render.times import moment_text as format_moment
from darksite.short_texts import RESOLVED_PREFIX, composed, plain, sentences, sms_safe
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


ACTION_STATES = {ActionStatus.DONE: "done", ActionStatus.IN_PROGRESS: "in progress",
                 ActionStatus.PLANNED: "planned"}


def has_labels(lang: str) -> bool:
    """Whether the channel texts of ``lang`` take their words from a darksite catalogue."""
    from darksite.i18n.languages import base_language

    if base_language(lang) == "en":
        return False
    from darksite.i18n.catalogue import has_catalogue

    return has_catalogue(lang)


PRESS_BACKGROUND = "Background"
PRESS_ENDS = "Ends"
PRESS_NOTES = "Notes to editors"
PRESS_MEDIA_CONTACT = "Media contact"
"""The press release's section names, as newsrooms know them (one place, for translation)."""


def _is_press(contact: Contact) -> bool:
    words = f"{contact.label} {contact.audience or ''}".lower()
    return any(word in words for word in ("press", "media", "journalist"))


class ChannelWriter:
    """Writes every channel's text for one incident under one site's settings."""

    def __init__(self, incident: Incident, ctx: OutputContext) -> None:
        self.incident = incident
        self.ctx = ctx
        self.settings = ctx.settings
        self.url = ctx.incident_url(incident.id)
        self.lang = ctx.settings.lang
        self.localised = has_labels(self.lang)

    # Words and dates in the text's language ------------------------------------

    def _(self, message: str, **values: str) -> str:
        """``message`` in the text's language, its ``%(name)s`` slots filled."""
        if self.localised:
            from darksite.i18n.catalogue import gettext

            return gettext(self.lang, message, **values)
        return message % values if values else message

    def _when(self, moment: date | datetime) -> str:
        if self.localised:
            from darksite.i18n.formatting import moment_text

            return moment_text(moment, self.lang, self.settings.zone)
        return format_moment(moment, self.settings.zone)

    def _action_lines(self) -> list[str]:
        lines = []
        for action in self.incident.actions:
            state = self._(ACTION_STATES[action.status])
            if action.status is ActionStatus.DONE and action.done_at is not None:
                state = self._("%(state)s, on %(time)s", state=state,
                               time=self._when(action.done_at))
            elif action.status is not ActionStatus.DONE and action.due is not None:
                state = self._("%(state)s, by %(time)s", state=state, time=self._when(action.due))
            lines.append(f"- {action.step} ({state})")
        return lines

    def _latest_update_text(self) -> str | None:
        update = self.incident.latest_update
        if update is None:
            return None
        text = self.ctx.text(update.text, self.url)
        return self._("Latest update, %(time)s:", time=self._when(update.at)) + "\n" + text

    def _quoted(self, text: str, name: str, role: str) -> str:
        """A press-release quote: ``“We are sorry,” said Dana Reyes, Chief Executive Officer.``"""
        words = " ".join(text.split())
        if words.endswith(("?", "!")):
            return self._("“%(words)s” said %(name)s, %(role)s.", words=words, name=name,
                          role=role)
        return self._("“%(words)s,” said %(name)s, %(role)s.", words=words.removesuffix("."),
                      name=name, role=role)

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

    def _composed(self, channel: str) -> str:
        return composed(self.incident, channel, self.url, self.news(),
                        self._(RESOLVED_PREFIX)).text

    def social(self, channel: str) -> str:
        return self._composed(channel)

    def sms(self) -> str:
        return self._composed("sms")

    def long_post(self, channel: str) -> str:
        """LinkedIn and Facebook: room for the latest update and what is being done."""
        incident = self.incident
        latest = self._latest_update_text()
        actions = self._action_lines()
        doing = self._("What we are doing:") + "\n" + "\n".join(actions) if actions else None
        link = self._("Full statement and every update: %(url)s", url=self.url)
        for extras in ((latest, doing), (latest,), ()):
            body = [plain(incident.title), plain(incident.summary), *[e for e in extras if e],
                    link]
            text = "\n\n".join(body)
            if _fits(channel, text):
                return text
        return self._composed(channel)

    def email_subject(self) -> str:
        incident = self.incident
        prefix = self._(RESOLVED_PREFIX) if incident.status is Status.RESOLVED else ""
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
        actions = self._action_lines()
        if actions:
            parts.append(self._("What we are doing") + "\n" + "\n".join(actions))
        latest = self._latest_update_text()
        if latest:
            parts.append(latest)
        if incident.next_update is not None and incident.is_active:
            parts.append(self._("Our next update will come by %(time)s.",
                                time=self._when(incident.next_update)))
        contacts = [_contact_line(c) for c in incident.contacts]
        if contacts:
            parts.append(self._("How to reach us") + "\n" + "\n".join(f"- {c}" for c in contacts))
        parts.append(self._("The full statement and every update: %(url)s", url=self.url))
        parts.append(settings.organisation.name)
        return "\n\n".join(parts) + "\n"

    def dateline(self) -> str:
        moment = self.incident.last_updated
        if moment is None:
            day = "{{ release_date }}"
        elif self.localised:
            from darksite.i18n.formatting import moment_text

            day = moment_text(date(moment.year, moment.month, moment.day), self.lang)
        else:
            day = date_text(moment)
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
        parts = [self._("FOR IMMEDIATE RELEASE"), plain(incident.title).upper()]
        if override is not None:
            parts.append(f"{self.dateline()} – {ctx.text(override, self.url)}")
        else:
            parts.append(f"{self.dateline()} – {plain(incident.summary)}")
            parts.append(ctx.text(incident.statement, self.url))
            parts.extend(self._quotes())
            background = []
            actions = self._action_lines()
            if actions:
                background.append(self._("What %(organisation)s is doing:",
                                         organisation=org.name) + "\n" + "\n".join(actions))
            latest = self._latest_update_text()
            if latest:
                background.append(latest)
            if background:
                parts.append(self._(PRESS_BACKGROUND) + "\n" + "\n\n".join(background))
        parts.append(self._media_contact())
        parts.append(self._(PRESS_ENDS))
        notes = []
        if org.boilerplate.strip():
            notes.append(self._("About %(organisation)s: %(text)s", organisation=org.name,
                                text=" ".join(org.boilerplate.split())))
        notes.append(self._("Every update, as it is published: %(url)s", url=self.url))
        parts.append(self._(PRESS_NOTES) + "\n" + "\n".join(
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
        return [self._quoted(text, name, role) for text, name, role in said]

    def _media_contact(self) -> str:
        org = self.settings.organisation
        lines = [self._("Email: %(address)s", address=org.media_email) if org.media_email else "",
                 self._("Phone: %(number)s", number=org.media_phone) if org.media_phone else ""]
        lines = [line for line in lines if line]
        if not lines:
            lines = [_contact_line(c) for c in self.incident.public_contacts if _is_press(c)]
        if not lines:
            lines = [self._("Press office, %(organisation)s", organisation=org.name)]
        return self._(PRESS_MEDIA_CONTACT) + "\n" + "\n".join(lines)

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
        actions = self._action_lines()
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

