"""Synthetic incident sets of realistic size, and the same words as plain Markdown.

Every figure in ``docs/performance.md`` is measured on sets made here. Two
promises keep the figures honest:

- **Valid**: every file goes through darksite's own loader
  (:func:`darksite.loader.load_incident_text`) before it is written, and a
  file with any error stops the benchmark. A benchmark of files the build
  rejects would time the error path.
- **Realistic**: each incident has what the sample incidents have (a
  statement of several paragraphs with lists, an apology, 3-8 actions, 2-10
  updates, 3-6 contacts including a private one, an FAQ, a spokesperson),
  in YAML written the way people write it (comments, block scalars). Most are
  resolved, a few are active and some are drafts with placeholders: the mix
  of a dark site a few years into its life.

:func:`markdown_page` renders the same words as an ordinary Markdown page,
for the bare mkdocs-material baseline the build is compared with.

Generation is seeded, so a set of size N is the same set on every run.
"""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from bench.corpus import (
    APOLOGIES,
    CONTACT_LABELS,
    DURATIONS,
    IMPACTS,
    PEOPLE,
    PLACES,
    TEAMS,
    TOPICS,
    Topic,
)
from bench.prose import Prose
from darksite import clock

OFFSETS = (0, 0, 0, 1, 1, 2, -5)
"""UTC offsets (hours) incidents are written in: mostly UK time, some abroad."""

SCHEMA_MODELINE = "# yaml-language-server: $schema=../schema/incident.schema.json"


@dataclass(frozen=True)
class SyntheticIncident:
    """One generated incident: its file text and, when public, its Markdown twin."""

    id: str
    status: str
    yaml_text: str
    data: dict[str, Any] = field(repr=False)

    @property
    def is_public(self) -> bool:
        return self.status in ("active", "resolved")


def status_mix(count: int) -> list[str]:
    """Statuses for ``count`` incidents: ~5% drafts, a few active, the rest resolved.

    At least one active incident whenever there are two or more, so that the
    home page carries a live incident as it does in a crisis.
    """
    drafts = count // 20
    active = 0 if count < 2 else max(1, min(5, count // 200))
    resolved = count - drafts - active
    return ["active"] * active + ["resolved"] * resolved + ["draft"] * drafts


def generate_incidents(count: int, *, now: datetime | None = None,
                       seed: int = 2026) -> list[SyntheticIncident]:
    """``count`` valid incidents; raises :class:`InvalidSyntheticIncident` on a bad one."""
    moment = (now or clock.now()).replace(second=0, microsecond=0)
    rng = random.Random(f"{seed}:{count}")
    prose = Prose(rng)
    incidents = []
    for index, status in enumerate(status_mix(count)):
        data = _incident_data(rng, index, status, moment, prose)
        text = incident_yaml(data)
        validate(text, data["id"], moment)
        incidents.append(SyntheticIncident(id=data["id"], status=status, yaml_text=text,
                                           data=data))
    return incidents


class InvalidSyntheticIncident(RuntimeError):
    """Raised when a generated file does not load cleanly: a bug in the generator."""


def validate(text: str, incident_id: str, now: datetime) -> None:
    """Load ``text`` with darksite's loader; any error is a generator bug."""
    from darksite.diagnostics import has_errors
    from darksite.loader import load_incident_text

    name = f"incidents/{incident_id}.yaml"
    incident, diagnostics = load_incident_text(text.encode("utf-8"), file=name, now=now)
    if incident is None or has_errors(diagnostics):
        lines = "\n".join(d.format_text() for d in diagnostics)
        raise InvalidSyntheticIncident(f"generated {name} does not load:\n{lines}")


# -- the data -------------------------------------------------------------------


def _incident_data(rng: random.Random, index: int, status: str, now: datetime,
                   prose: Prose) -> dict[str, Any]:
    """One incident of the realistic size: about 1,850 words, every Markdown field unique."""
    topic = TOPICS[index % len(TOPICS)]
    zone = timezone(timedelta(hours=rng.choice(OFFSETS)))
    started, resolved = _window(rng, status, now)
    slots = _slots(rng, topic, started.astimezone(zone), resolved)
    incident_id = f"{started:%Y-%m}-{topic.slug}-{slots['place_slug']}-{index:04d}"
    if status == "draft":
        incident_id = f"scenario-{topic.slug}-{index:04d}"
    fill = _filler(slots, draft=status == "draft")
    data: dict[str, Any] = {
        "id": incident_id,
        "title": fill(rng.choice(topic.titles))[:100].rstrip() + f" (ref {index + 1})",
        "status": status,
        "severity": rng.choice(("critical", "major", "major", "minor")),
    }
    if status != "draft":
        data["started_at"] = started.astimezone(zone)
    if status == "resolved":
        data["resolved_at"] = resolved.astimezone(zone)
    data["summary"] = fill(rng.choice(topic.summaries))[:280].rstrip()
    data["affected"] = [fill("Customers in {place}"), _cap(slots["service"])]
    data["statement"] = _statement(prose, fill, status)
    person = rng.choice(PEOPLE)
    data["apology"] = {
        "text": fill(rng.choice(APOLOGIES).replace("{impact}", rng.choice(IMPACTS)))
        + " " + prose.paragraph(25),
        "by": {"name": person[0], "role": person[1]},
    }
    data["actions"] = _actions(rng, prose, status, started, now, zone)
    if status != "draft":
        data["updates"] = _updates(rng, prose, status, started, resolved, now, zone)
    if status == "active":
        data["next_update"] = (now + timedelta(hours=rng.choice((2, 3, 4)))).astimezone(zone)
    data["contacts"] = _contacts(rng, index)
    data["faq"] = [{"q": prose.question(), "a": prose.paragraph(FAQ_WORDS)}
                   for _ in range(FAQ_ANSWERS)]
    speaker = rng.choice(PEOPLE)
    data["spokesperson"] = {
        "name": speaker[0], "role": speaker[1],
        "quote": fill("We caused this, and we will put it right in {place}. ")
        + prose.paragraph(QUOTE_WORDS),
    }
    data["internal"] = {
        "notes": f"INTERNAL-BENCH-NOTE {index}: legal has cleared the wording.",
        "owner": rng.choice(TEAMS),
    }
    return data


STATEMENT_WORDS = 400
ACTIONS = 5
UPDATES = 10
UPDATE_WORDS = 62
CONTACTS = 4
FAQ_ANSWERS = 5
FAQ_WORDS = 50
QUOTE_WORDS = 35
"""The realistic incident of issue 18: a 400-word statement, 5 actions, 10 updates,
4 contacts, 5 FAQ answers, a spokesperson quote (about 1,850 words in all)."""


def _window(rng: random.Random, status: str, now: datetime) -> tuple[datetime, datetime | None]:
    """When the incident started and (for resolved ones) ended."""
    if status == "active":
        started = now - timedelta(hours=rng.randint(3, 30), minutes=rng.randint(0, 59))
        return started.replace(second=0), None
    started = now - timedelta(days=rng.randint(20, 5 * 365), minutes=rng.randint(0, 1439))
    resolved = started + timedelta(hours=rng.randint(4, 96), minutes=rng.randint(0, 59))
    return started.replace(second=0), resolved.replace(second=0)


def _slots(rng: random.Random, topic: Topic, started: datetime,
           resolved: datetime | None) -> dict[str, str]:
    place = rng.choice(PLACES)
    service = rng.choice(topic.services).replace("{place}", place)
    end = resolved or started + timedelta(days=3)
    return {
        "place": place,
        "place_slug": "-".join(place.lower().replace("the ", "").split()),
        "service": service,
        "service_cap": _cap(service),
        "count": f"{rng.randint(1_200, 90_000):,}",
        "small": str(rng.randint(3, 14)),
        "day": f"{started:%A} {started.day} {started:%B}",
        "start_time": f"{started:%H:%M}",
        "due_day": f"{end.day} {end:%B}",
        "duration": rng.choice(DURATIONS),
        "restored_pct": str(rng.choice((40, 62, 75, 88, 96))),
    }


def _filler(slots: dict[str, str], *, draft: bool):
    """Fill ``{slot}``s; a draft keeps ``count`` and ``place`` as ``{{ placeholders }}``."""
    values = dict(slots)
    if draft:
        values["count"] = "{{ affected_count }}"
        values["place"] = "{{ region }}"

    def fill(template: str) -> str:
        return template.format(**values)

    return fill


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _statement(prose: Prose, fill, status: str) -> str:
    text = prose.statement(STATEMENT_WORDS)
    if status == "draft":  # a prepared scenario keeps its placeholders
        text += fill("\n\nAbout {count} customers in {place} are affected.")
    return text


def _bullets(lines) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _actions(rng: random.Random, prose: Prose, status: str, started: datetime,
             now: datetime, zone: timezone) -> list[dict[str, Any]]:
    actions = []
    for position in range(ACTIONS):
        action: dict[str, Any] = {"step": prose.step(), "owner": rng.choice(TEAMS)}
        if status == "draft":
            action["status"] = "planned"
        elif position < ACTIONS // 2 or (status == "resolved" and rng.random() < 0.7):
            action["status"] = "done"
            done = min(started + timedelta(hours=rng.randint(1, 48)), now)
            action["done_at"] = done.astimezone(zone) if rng.random() < 0.5 else done.date()
        else:
            action["status"] = rng.choice(("in-progress", "planned"))
            action["due"] = (now + timedelta(days=rng.randint(1, 60))).date()
        actions.append(action)
    return actions


def _updates(rng: random.Random, prose: Prose, status: str, started: datetime,
             resolved: datetime | None, now: datetime, zone: timezone) -> list[dict[str, Any]]:
    """Ten updates, strictly increasing, none in the future; a resolved one ends resolved."""
    count = UPDATES
    end = resolved if resolved is not None else now - timedelta(minutes=rng.randint(10, 50))
    span = (end - started).total_seconds()
    moments = sorted({int(span * (position + 1) / count) for position in range(count)})
    phases = ("investigating", "identified", "monitoring")
    updates = []
    for position, offset in enumerate(moments):
        at = (started + timedelta(seconds=offset)).replace(second=0)
        if updates and at <= updates[-1]["at"].astimezone(UTC):
            continue
        last = position == len(moments) - 1
        phase = "resolved" if last and status == "resolved" else \
            phases[min(len(phases) - 1, position * len(phases) // max(1, count - 1))]
        updates.append({"at": at.astimezone(zone), "phase": phase,
                        "text": prose.paragraph(UPDATE_WORDS)})
    return updates


def _contacts(rng: random.Random, index: int) -> list[dict[str, Any]]:
    public = [c for c in CONTACT_LABELS if not _is_private(c[0])]
    private = [c for c in CONTACT_LABELS if _is_private(c[0])]
    # every incident offers a private route
    picks = [*rng.sample(public, k=CONTACTS - 1), rng.choice(private)]
    contacts = []
    for label, kind, audience, hours in picks:
        contact: dict[str, Any] = {"label": label, "kind": kind,
                                   "value": _contact_value(kind, index)}
        if hours:
            contact["hours"] = hours
        contact["audience"] = audience
        if _is_private(label):
            contact["private"] = True
        contacts.append(contact)
    return contacts


def _is_private(label: str) -> bool:
    """The private routes of :data:`CONTACT_LABELS`: for one person's own case."""
    return "privately" in label or "Text us" in label


def _contact_value(kind: str, index: int) -> str:
    line = 300 + index % 700
    return {
        "phone": f"+44 161 496 {line:04d}",
        "sms": f"+44 7700 900{index % 1000:03d}",
        "email": f"incident{index}@example.com",
        "web": f"https://www.example.com/help/incident-{index}/private-callback",
        "chat": "https://www.example.com/help/chat",
        "social": "https://mastodon.example.org/@northwind",
    }[kind]


# -- YAML ---------------------------------------------------------------------


def _scalar(value: Any) -> str:
    """An inline YAML scalar: JSON strings are valid YAML double-quoted scalars."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def _folded(text: str, indent: str) -> str:
    """A plain-text field as a folded block, wrapped as people write it."""
    lines = textwrap.wrap(text, width=76 - len(indent))
    return ">-\n" + "\n".join(indent + line for line in lines)


def _literal(text: str, indent: str) -> str:
    """A Markdown field as a literal block, so its lists and headings keep their lines."""
    body = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            body.append("")
            continue
        wrapped = textwrap.wrap(paragraph, width=76 - len(indent),
                                subsequent_indent="  " if paragraph.startswith("- ") else "")
        body.extend(indent + line for line in wrapped)
    return "|\n" + "\n".join(body)


def incident_yaml(data: dict[str, Any]) -> str:
    """The incident file for ``data``: comments, block scalars, keys in the spec's order."""
    out = [SCHEMA_MODELINE, "#", f"# {data['status'].upper()} incident (synthetic, for the "
           "benchmarks). Everything except `internal:` is public once active.", ""]
    out.append(f"id: {data['id']}")
    out.append(f"title: {_folded(data['title'], '  ')}")
    out.append(f"status: {data['status']}")
    out.append(f"severity: {data['severity']}")
    for key in ("started_at", "resolved_at"):
        if key in data:
            out.append(f"{key}: {_scalar(data[key])}")
    out.append("")
    out.append("# Plain text, at most 280 characters: banners, social cards and feeds.")
    out.append(f"summary: {_folded(data['summary'], '  ')}")
    out.append("affected:")
    out.extend(f"  - {_scalar(item)}" for item in data["affected"])
    out.append("")
    out.append("# Markdown: what happened, what we know, what we do not know yet.")
    out.append(f"statement: {_literal(data['statement'], '  ')}")
    out.append("")
    apology = data["apology"]
    out.append("apology:")
    out.append(f"  text: {_literal(apology['text'], '    ')}")
    out.append(f"  by: {{name: {_scalar(apology['by']['name'])}, "
               f"role: {_scalar(apology['by']['role'])}}}")
    out.append("")
    out.append("actions:")
    for action in data["actions"]:
        out.append(f"  - step: {_folded(action['step'], '      ')}")
        for key in ("owner", "status", "due", "done_at"):
            if key in action:
                out.append(f"    {key}: {_scalar(action[key])}")
    if data.get("updates"):
        out.append("")
        out.append("updates:")
        for update in data["updates"]:
            out.append(f"  - at: {_scalar(update['at'])}")
            out.append(f"    phase: {update['phase']}")
            out.append(f"    text: {_literal(update['text'], '      ')}")
    if "next_update" in data:
        out.append("")
        out.append("# The promise of the next update. Keep it.")
        out.append(f"next_update: {_scalar(data['next_update'])}")
    out.append("")
    out.append("contacts:")
    for contact in data["contacts"]:
        fields = ", ".join(f"{key}: {_scalar(value)}" for key, value in contact.items())
        out.append(f"  - {{{fields}}}")
    out.append("")
    out.append("faq:")
    for entry in data["faq"]:
        out.append(f"  - q: {_scalar(entry['q'])}")
        out.append(f"    a: {_literal(entry['a'], '      ')}")
    speaker = data["spokesperson"]
    out.append("")
    out.append("spokesperson:")
    out.append(f"  name: {_scalar(speaker['name'])}")
    out.append(f"  role: {_scalar(speaker['role'])}")
    out.append(f"  quote: {_literal(speaker['quote'], '    ')}")
    out.append("")
    out.append("# NEVER PUBLISHED.")
    out.append("internal:")
    for key, value in data["internal"].items():
        out.append(f"  {key}: {_scalar(value)}")
    return "\n".join(out) + "\n"


# -- the Markdown twin -------------------------------------------------------------


CONTACT_SCHEMES = {"phone": "tel:", "sms": "sms:", "email": "mailto:"}


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%d %B %Y, %H:%M} (UTC{value:%z})"
    return f"{value:%d %B %Y}"


def _contact_link(contact: dict[str, Any]) -> str:
    value = contact["value"]
    scheme = CONTACT_SCHEMES.get(contact["kind"])
    href = f"{scheme}{value.replace(' ', '')}" if scheme else value
    return f"[{value}]({href})"


def markdown_page(data: dict[str, Any]) -> str:
    """The incident's public words as one Markdown page, sections in the page's order.

    This is what a team would write by hand in plain mkdocs-material: the bare
    baseline of the build ratio and of the page weight.
    """
    out = [f"# {data['title']}", ""]
    out.append(f"**Status:** {data['status']} · **Severity:** {data['severity']}")
    out.append("")
    times = [f"Started {_when(data['started_at'])}"]
    if "resolved_at" in data:
        times.append(f"resolved {_when(data['resolved_at'])}")
    if data.get("updates"):
        times.append(f"last updated {_when(data['updates'][-1]['at'])}")
    out += ["; ".join(times) + ".", "", data["summary"], ""]
    out += ["Affected: " + "; ".join(data["affected"]) + ".", ""]
    out += ["## Statement", "", data["statement"], ""]
    apology = data["apology"]
    out += ["## Our apology", "", apology["text"], "",
            f"*{apology['by']['name']}, {apology['by']['role']}*", ""]
    out += ["## What we are doing", ""]
    for action in data["actions"]:
        detail = [action.get("owner", ""), action.get("status", "planned")]
        if "due" in action:
            detail.append(f"due {_when(action['due'])}")
        if "done_at" in action:
            detail.append(f"done {_when(action['done_at'])}")
        out.append(f"- {action['step']} ({'; '.join(d for d in detail if d)})")
    out.append("")
    if data.get("updates"):
        out += ["## Updates", ""]
        for update in reversed(data["updates"]):
            out += [f"### {_when(update['at'])}: {update['phase']}", "", update["text"], ""]
    if "next_update" in data:
        out += [f"**Next update by {_when(data['next_update'])}.**", ""]
    out += ["## Contact us", ""]
    for contact in data["contacts"]:
        extra = [contact.get("hours", ""), contact.get("audience", "")]
        if contact.get("private"):
            extra.append("private")
        out.append(f"- **{contact['label']}**: {_contact_link(contact)} "
                   f"({'; '.join(e for e in extra if e)})")
    out += ["", "## Questions and answers", ""]
    for entry in data["faq"]:
        out += [f"### {entry['q']}", "", entry["a"], ""]
    speaker = data["spokesperson"]
    out += ["## Spokesperson", "", f"**{speaker['name']}**, {speaker['role']}", "",
            "> " + speaker["quote"].replace("\n", "\n> "), ""]
    return "\n".join(out)


# -- how realistic the set is -------------------------------------------------------


def markdown_fields(data: dict[str, Any]) -> list[str]:
    """Every Markdown field of one incident (docs/format.md): what a build must render."""
    fields = [data["statement"], data["apology"]["text"]]
    fields += [u["text"] for u in data.get("updates", ())]
    fields += [f["a"] for f in data.get("faq", ())]
    if data.get("spokesperson", {}).get("quote"):
        fields.append(data["spokesperson"]["quote"])
    return fields


def unique_markdown_share(incidents: list[SyntheticIncident]) -> tuple[int, int]:
    """(unique Markdown fields, all Markdown fields) over the set."""
    fields = [text for i in incidents for text in markdown_fields(i.data)]
    return len(set(fields)), len(fields)


def public_words(data: dict[str, Any]) -> int:
    """Words in the incident's public fields (title to quote; not ``internal``)."""
    texts = [data["title"], data["summary"], *data["affected"], *markdown_fields(data)]
    texts += [a["step"] for a in data["actions"]]
    texts += [f"{c['label']} {c['value']} {c.get('hours', '')} {c['audience']}"
              for c in data["contacts"]]
    texts += [f["q"] for f in data["faq"]]
    texts += [data["spokesperson"]["name"], data["spokesperson"]["role"],
              data["apology"]["by"]["name"], data["apology"]["by"]["role"]]
    return sum(len(t.split()) for t in texts)
