"""View models: everything escaped or rendered, in page order, deterministic per incident."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from darksite.diagnostics import Diagnostic, Severity
from darksite.loader import load_incident_text
from darksite.model import Contact, ContactKind, Incident
from darksite.render.markdown import MarkdownRenderer
from darksite.render.pages import incident_page_markdown
from darksite.render.views import (
    active_in_prominence_order,
    contact_href,
    incident_view,
    published,
    resolved_newest_first,
    site_view,
)
from darksite.settings import Settings
from tests.conftest import incident_yaml


def load(text: str, name: str) -> Incident:
    incident, diagnostics = load_incident_text(text.encode(), file=f"incidents/{name}.yaml")
    assert incident is not None, [d.format_text() for d in diagnostics]
    return incident


def settings(*, rehearsal: bool = False) -> Settings:
    root = Path("/project")
    return Settings(root=root, incidents_dir=root / "incidents", docs_dir=root / "site_src",
                    site_dir=root / "site", rehearsal=rehearsal)


@pytest.fixture(scope="module")
def renderer() -> MarkdownRenderer:
    return MarkdownRenderer(["tables", "toc"])


def test_plain_fields_are_escaped_and_markdown_fields_rendered(renderer: MarkdownRenderer) -> None:
    text = incident_yaml("tags").replace(
        'title: "MARK-TITLE', 'title: "<script>alert(1)</script> & MARK-TITLE'
    ).replace("MARK-STATEMENT A water", "MARK-STATEMENT **A** water")
    view = incident_view(load(text, "tags"), renderer, settings())
    assert view.title.startswith("&lt;script&gt;alert(1)&lt;/script&gt; &amp; MARK-TITLE")
    assert "<strong>A</strong> water" in view.statement


def test_updates_are_newest_first(renderer: MarkdownRenderer) -> None:
    view = incident_view(load(incident_yaml("order"), "order"), renderer, settings())
    assert "UPDATE-NEW" in view.updates[0].text
    assert "UPDATE-OLD" in view.updates[1].text
    assert view.updates[0].phase_label == "Cause identified"


def test_private_contacts_are_kept_apart_and_marked(renderer: MarkdownRenderer) -> None:
    view = incident_view(load(incident_yaml("contacts"), "contacts"), renderer, settings())
    assert [c.private for c in view.public_contacts] == [False, False, False]
    assert [c.href for c in view.private_contacts] == ["sms:+447700900200"]


@pytest.mark.parametrize(
    ("kind", "value", "href"),
    [
        (ContactKind.PHONE, "+44 161 496 0200", "tel:+441614960200"),
        (ContactKind.SMS, "+44 7700 900200", "sms:+447700900200"),
        (ContactKind.EMAIL, "press@example.com", "mailto:press@example.com"),
        (ContactKind.WEB, "https://example.com/help", "https://example.com/help"),
        (ContactKind.SOCIAL, "https://social.example/@northwind", "https://social.example/@northwind"),
        (ContactKind.CHAT, "javascript:alert(1)", None),
        (ContactKind.ADDRESS, "1 Example Street", None),
    ],
)
def test_contact_links_use_the_scheme_of_their_kind(kind: ContactKind, value: str,
                                                    href: str | None) -> None:
    assert contact_href(Contact(label="x", kind=kind, value=value)) == href


def test_times_carry_their_zone(renderer: MarkdownRenderer) -> None:
    view = incident_view(load(incident_yaml("times"), "times"), renderer, settings())
    assert view.started == (
        '<time datetime="2026-11-20T08:00:00+01:00">20 November 2026, 08:00 UTC+01:00</time>'
    )
    assert view.actions[1].due == '<time datetime="2026-11-26">26 November 2026</time>'


def test_the_view_is_deterministic(renderer: MarkdownRenderer) -> None:
    incident = load(incident_yaml("same"), "same")
    assert incident_view(incident, renderer, settings()) == incident_view(
        incident, renderer, settings()
    )


def test_warnings_are_escaped_text(renderer: MarkdownRenderer) -> None:
    warning = Diagnostic(file="incidents/w.yaml", line=3, column=1, severity=Severity.WARNING,
                         code="vague-action", path="actions[0].step", message="<b>vague</b>")
    view = incident_view(load(incident_yaml("w"), "w"), renderer, settings(), warnings=[warning])
    (shown,) = view.warnings
    assert (shown.severity_label, shown.line, shown.code) == ("Warning", 3, "vague-action")
    assert str(shown.field) == "actions[0].step"
    assert str(shown.message) == "&lt;b&gt;vague&lt;/b&gt;"


def test_active_incidents_are_ordered_by_severity_then_recency() -> None:
    minor_new = load(incident_yaml("minor-new", severity="minor",
                                   last_update_at="2026-11-22T09:00:00+01:00"), "minor-new")
    major_old = load(incident_yaml("major-old", last_update_at="2026-11-20T10:00:00+01:00"),
                     "major-old")
    major_new = load(incident_yaml("major-new", last_update_at="2026-11-21T10:00:00+01:00"),
                     "major-new")
    critical = load(incident_yaml("crit", severity="critical",
                                  last_update_at="2026-11-20T10:00:00+01:00"), "crit")
    ordered = active_in_prominence_order([minor_new, major_old, critical, major_new])
    assert [i.id for i in ordered] == ["crit", "major-new", "major-old", "minor-new"]


def test_resolved_incidents_are_newest_first() -> None:
    older = load(incident_yaml("older", status="resolved",
                               resolved_at="2026-11-22T10:00:00+01:00"), "older")
    newer = load(incident_yaml("newer", status="resolved",
                               resolved_at="2026-11-23T10:00:00+01:00"), "newer")
    assert [i.id for i in resolved_newest_first([older, newer])] == ["newer", "older"]


def test_drafts_are_shown_only_in_a_rehearsal() -> None:
    draft = load(incident_yaml("plan", status="draft"), "plan")
    live = load(incident_yaml("live"), "live")
    assert [i.id for i in published([draft, live], settings())] == ["live"]
    assert [i.id for i in published([draft, live], settings(rehearsal=True))] == ["plan", "live"]
    view = site_view([draft, live], settings(rehearsal=True))
    assert [c.id for c in view.drafts] == ["plan"]
    assert [c.id for c in view.active] == ["live"]


def test_the_banner_names_at_most_three_incidents() -> None:
    incidents = [load(incident_yaml(f"i{n}"), f"i{n}") for n in range(5)]
    view = site_view(incidents, settings())
    assert len(view.banner_incidents) == 3
    assert view.banner_more == 2


def test_the_generated_page_escapes_its_title_for_the_theme() -> None:
    text = incident_yaml("esc").replace('title: "MARK-TITLE', 'title: "Gas & <b>power</b>')
    source = incident_page_markdown(load(text, "esc"))
    meta = yaml.safe_load(source.split("---")[1])
    assert meta["title"].startswith("Gas &amp; &lt;b&gt;power&lt;/b&gt;")
    assert meta["template"] == "incident.html"
    assert meta["hide"] == ["navigation", "toc"]
    assert "INTERNAL" not in source
