"""Issue 12, end to end: a whole incident through the CLI, every public output at every step.

One incident is played as a night would play it, on a copy of the shipped
sample, with the clock moved by ``DARKSITE_NOW`` before each command:
activate, approve and publish; three updates, each published; two publishes
with nothing changed (one ``--full``); a correction of the summary (and so
the statement) and of a past update, approved and published; resolve and
publish. After every publish the test reads the live release as readers do:
the page, the lite page, both feeds (``feedparser`` and RFC 4287's RELAX NG
grammar, ``tests/data/atom-rfc4287.rnc``, must accept each), ``status.json``,
the sitemap, the page's JSON-LD and every channel text, and asserts that
every stamp says when this incident's public content last changed (never the
build's clock), that the other incidents' stamps never move, and that the
correction is shown wherever the text is. Finally a fresh copy of the project
(with its correction log) builds the same feeds, ``status.json`` and sitemap.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from lxml import etree

from darksite.cli import main
from darksite.textlength import channel_length, channel_limit
from tests.conftest import REPO

pytestmark = pytest.mark.slow

ID = "2026-12-01-broadband-outage"
SITE = "https://status.example.com/"
URL = f"{SITE}{ID}/"
OTHERS = ("2026-11-customer-data-exposure", "2026-10-broadband-outage")
START = datetime.fromisoformat("2026-12-01T06:30:00+00:00")
ATOM = "{http://www.w3.org/2005/Atom}"
SHORT = ("x", "bluesky", "mastodon", "sms")
RNC = Path(__file__).parent / "data" / "atom-rfc4287.rnc"


@functools.cache
def atom_schema() -> etree.RelaxNG:
    """RFC 4287's grammar (Appendix B, as RNC), converted by rnc2rng, compiled by libxml2."""
    import rnc2rng

    rng = rnc2rng.dumps(rnc2rng.loads(RNC.read_text(encoding="utf-8")))
    # rnc2rng declares the RFC's ``namespace local = ""`` as xmlns:local="", which XML
    # forbids; the grammar refers to it only as <nsName ns=""/>, so the declaration goes.
    rng = rng.replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


def assert_valid_feed(text: str, where: str) -> feedparser.FeedParserDict:
    """RFC 4287's RELAX NG grammar and its two co-occurrence rules, then feedparser."""
    document = etree.fromstring(text.encode("utf-8"))
    schema = atom_schema()
    assert schema.validate(document), f"{where}: {schema.error_log}"
    # The RFC's Schematron rules: an author for the feed (or every entry), and at most one
    # alternate link per type and hreflang.
    assert document.find(f"{ATOM}author") is not None, where
    for element in [document, *document.iter(f"{ATOM}entry")]:
        alternates = [(link.get("type"), link.get("hreflang"))
                      for link in element.findall(f"{ATOM}link")
                      if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == len(set(alternates)), where
    parsed = feedparser.parse(text)
    assert not parsed.bozo, f"{where}: {parsed.get('bozo_exception')}"
    return parsed


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass
class Outputs:
    """Every public output of the live release, as readers get it."""

    page: str
    lite: str
    site_feed: str
    incident_feed: str
    status: dict[str, Any]
    sitemap: str
    jsonld: dict[str, Any]
    posts: dict[str, str]
    files: dict[str, bytes]

    def lastmod(self, url: str) -> str | None:
        found = re.search(rf"<loc>{re.escape(url)}</loc>\s*<lastmod>([^<]+)</lastmod>",
                          self.sitemap)
        return found.group(1) if found else None

    def status_of(self, incident_id: str) -> dict[str, Any]:
        every = self.status["incidents"] + self.status["resolved_incidents"]
        return next(i for i in every if i["id"] == incident_id)

    def stamps_of(self, incident_id: str) -> tuple[object, ...]:
        """Every stamp a consumer reads about one incident."""
        feed = (Path(self.files["root"].decode()) / incident_id / "feed.xml").read_text()
        return (self.status_of(incident_id)["updated_at"],
                self.lastmod(f"{SITE}{incident_id}/"),
                re.search(r"<updated>([^<]+)</updated>", feed).group(1))  # type: ignore[union-attr]


def read_outputs(live: Path, capsys: pytest.CaptureFixture[str]) -> Outputs:
    page = (live / ID / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found, "the incident page has no JSON-LD"
    capsys.readouterr()
    assert main(["posts", ID, "--format", "json"]) == 0
    posts = json.loads(capsys.readouterr().out)["posts"]
    names = ("feed.xml", f"{ID}/feed.xml", "status.json", "sitemap.xml", "sitemap.xml.gz",
             f"lite/{ID}/index.html")
    return Outputs(
        page=page,
        lite=(live / "lite" / ID / "index.html").read_text(encoding="utf-8"),
        site_feed=(live / "feed.xml").read_text(encoding="utf-8"),
        incident_feed=(live / ID / "feed.xml").read_text(encoding="utf-8"),
        status=json.loads((live / "status.json").read_text(encoding="utf-8")),
        sitemap=(live / "sitemap.xml").read_text(encoding="utf-8"),
        jsonld=json.loads(found.group(1)),
        posts=posts,
        files={**{name: (live / name).read_bytes() for name in names},
               "root": str(live.resolve()).encode()},
    )


class Night:
    """The project, the publish folder and the clock of one incident's night."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.serve = root.parent / "srv"
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        self.now = START
        self.updates: list[tuple[datetime, str]] = []
        self.corrected_at: datetime | None = None
        self.resolved_at: datetime | None = None
        self.reviewed_at: datetime | None = None
        self.started_at: datetime | None = None
        self.entry_ids: dict[datetime, str] = {}
        self.said = ""

    def run(self, *argv: str, at: datetime | None = None) -> None:
        if at is not None:
            self.now = at
        self.monkeypatch.setenv("DARKSITE_NOW", self.now.isoformat())
        assert main(list(argv)) == 0, f"darksite {' '.join(argv)}"

    def publish(self, *extra: str) -> Outputs:
        self.now += timedelta(minutes=5)
        self.capsys.readouterr()
        self.run("publish", "--to", str(self.serve), *extra)
        self.said = self.capsys.readouterr().out
        return read_outputs(self.serve / "current", self.capsys)

    @property
    def last_change(self) -> datetime:
        moments = [m for m in (self.started_at, self.corrected_at, self.resolved_at,
                               self.reviewed_at) if m]
        return max([*moments, *(at for at, _ in self.updates)])

    @property
    def file(self) -> Path:
        return self.root / "incidents" / f"{ID}.yaml"


@pytest.fixture
def night(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> Night:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("mkdocs.yml", "themes", "site_src", "incidents", "schema"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    monkeypatch.chdir(root)
    return Night(root, monkeypatch, capsys)


def assert_every_output(out: Outputs, night: Night, *, resolved: bool = False) -> None:
    """What every step must show: valid feeds, true stamps, fitting texts, nothing leaked."""
    expected = night.last_change
    site = assert_valid_feed(out.site_feed, "feed.xml")
    mine = assert_valid_feed(out.incident_feed, f"{ID}/feed.xml")
    # Feed stamps: the incident feed's updated is its newest change; each entry's its own.
    assert moment(mine.feed.updated) == expected
    assert moment(site.feed.updated) >= expected
    entries = {entry.id: entry for entry in mine.entries}
    # The opening entry, one per update, and the post-incident review's once published.
    assert len(entries) == len(night.updates) + 1 + (night.reviewed_at is not None)
    for at, _ in night.updates:
        [entry] = [e for e in mine.entries if moment(e.published) == at]
        assert moment(entry.updated) >= at
        assert entry.id.startswith(f"tag:status.example.com,{at.date().isoformat()}:{ID}/")
        assert night.entry_ids.setdefault(at, entry.id) == entry.id  # never changes
    assert max(moment(e.updated) for e in mine.entries) == expected
    # status.json
    mine_status = out.status_of(ID)
    assert moment(mine_status["updated_at"]) == expected
    assert moment(out.status["page"]["updated_at"]) >= expected
    assert mine_status["draft"] is False
    assert mine_status["status"] == ("resolved" if resolved else mine_status["status"])
    assert [moment(u["created_at"]) for u in mine_status["incident_updates"]] == \
        sorted((at for at, _ in night.updates), reverse=True)
    # The sitemap: the incident's pages carry its last change, never the build date.
    assert out.lastmod(URL) == expected.isoformat(timespec="seconds")
    assert f"<lastmod>{night.now.date().isoformat()}</lastmod>" not in out.sitemap
    # JSON-LD
    assert moment(out.jsonld["dateModified"]) == expected
    assert moment(out.jsonld["datePosted"]) == night.started_at
    if resolved:
        assert moment(out.jsonld["expires"]) >= moment(out.jsonld["dateModified"])
    else:
        assert "expires" not in out.jsonld
    # The page and the lite page carry every update.
    for _, text in night.updates:
        assert text in out.page and text in out.lite
    # Every channel text fits its channel, links the page, and is never cut.
    for channel, text in out.posts.items():
        if channel in ("press_release", "internal_memo", "email_body"):
            continue
        assert channel_length(channel, text) <= channel_limit(channel, text), channel
        assert "**" not in text, channel
    for channel in SHORT:
        text = out.posts[channel]
        assert text.endswith(URL), channel
        assert "…" not in text and not text.rstrip().endswith("..."), channel
        assert text.startswith("Resolved: ") == resolved, channel
    assert "{{" not in out.page + out.lite + out.site_feed + json.dumps(out.status)


def _rewrite(text: str, old: str, new: str) -> str:
    """``old`` replaced by ``new`` in the YAML text, whatever the line folding of ``old``."""
    pattern = r"\s+".join(re.escape(word) for word in old.split())
    changed, count = re.subn(pattern, lambda _: new, text)
    assert count, old
    return changed


def worded_as_resolved(text: str) -> str:
    """The activated scenario reworded as a comms lead does before ``resolve``."""
    since = "Since 06:02 on Tuesday 1 December, about 62,000"
    text = _rewrite(text, f"{since} customers in Greater Manchester have had no",
                    "From 06:02 to 15:47 on Tuesday 1 December, about 62,000 customers in "
                    "Greater Manchester had no")
    text = _rewrite(text, f"**{since} Northwind customers in Greater Manchester have had no",
                    "**From 06:02 to 15:47 on Tuesday 1 December, about 62,000 Northwind "
                    "customers in Greater Manchester had no")
    text = text.replace("We expect service back by 18:00.",
                        "Service was back for every customer at 15:47.")
    text = text.replace("### What we do not know yet", "### When service came back")
    text = _rewrite(text, "We will update this page at least every two hours until service "
                    "is back.", "")
    text = _rewrite(text, "right now we are not doing that. We will keep you informed every "
                    "step of the way and we will", "on 1 December we did not do that. We will")
    text = _rewrite(text, "We will not go quiet: you will hear from us at least every two "
                    "hours until this is fixed.", "We are sorry, and we are putting it right.")
    text = text.replace("    status: in-progress\n",
                        "    status: done\n    done_at: 2026-12-01\n")
    text = text.replace("    status: planned\n",
                        "    status: planned\n    carried_over: true\n    due: 2026-12-15\n")
    return text + ("resolution:\n"
                   "  ended: Engineers replaced the cut cable; every customer was back at 15:47.\n"
                   "  still_to_do:\n"
                   "    - If you are still offline, switch your router off for 30 seconds.\n")


def test_a_whole_incident_keeps_the_public_record_true(night: Night) -> None:
    night.run("activate", ID, "--from", "scenario-service-outage",
              "--set", "service_name=broadband and home phone",
              "--set", "area_text=Greater Manchester",
              "--set", "started_at_text=06:02 on Tuesday 1 December",
              "--set", "customer_count=about 61,000",
              "--set", "cause_text=A fibre cable was cut during roadworks.",
              "--set", "restore_estimate_text=We expect service back by 18:00.",
              "--set", "md_name=Sam Okafor")
    night.started_at = START
    night.run("approve", ID, "--by", "Dana Reyes")
    first = night.publish()
    assert_every_output(first, night)
    others = {other: first.stamps_of(other) for other in OTHERS}

    # Three updates, each published: only this incident's stamps move, each time.
    steps = [("08:00", "Engineers are on site in Salford.", "identified"),
             ("10:00", "Engineers found the cut cable under Chapel Street.", "identified"),
             ("12:00", "The new cable is in; we are testing each line.", "monitoring")]
    previous = first
    for clock, text, phase in steps:
        at = datetime.fromisoformat(f"2026-12-01T{clock}:00+00:00")
        night.run("update", ID, text, "--phase", phase, "--next-update", "+2h", at=at)
        night.updates.append((at, text))
        out = night.publish()
        assert_every_output(out, night)
        assert out.stamps_of(ID) != previous.stamps_of(ID)
        assert {other: out.stamps_of(other) for other in OTHERS} == others
        previous = out

    # A rebuild moves nothing: the same bytes an hour later, on the fast path and in full.
    for extra in ((), ("--full",)):
        night.now += timedelta(minutes=30)
        again = night.publish(*extra)
        assert again.files | {"root": b""} == previous.files | {"root": b""}, extra
        assert again.jsonld == previous.jsonld

    # A correction: the customer count in the summary (and statement), and a past update.
    text = night.file.read_text(encoding="utf-8")
    text = text.replace("about 61,000", "about 62,000")
    text = text.replace("under Chapel Street.", "under Cross Street.")
    night.file.write_text(text, encoding="utf-8")
    night.now = datetime.fromisoformat("2026-12-01T14:05:00+00:00")
    night.run("approve", ID, "--by", "Dana Reyes")
    night.updates[1] = (night.updates[1][0], "Engineers found the cut cable under Cross Street.")
    corrected = night.publish()  # at 14:10
    night.corrected_at = night.now
    assert f"correction recorded in corrections/{ID}.yaml ({ID}): the summary said “61,000”, " \
        "now “62,000”" in night.said
    log_file = night.root / "corrections" / f"{ID}.yaml"
    log = yaml.safe_load(log_file.read_text(encoding="utf-8"))
    fields = [entry["field"] for entry in log["corrections"]]
    assert fields == ["summary", "statement",
                      f"updates[{night.updates[1][0].isoformat()}].text"]
    assert log["corrections"][0]["note"] == "the summary said “61,000”, now “62,000”"
    assert {moment(entry["at"]) for entry in log["corrections"]} == {night.corrected_at}
    assert_every_output(corrected, night)
    shown = "Corrected 1 December 2026, 14:10 GMT: the summary said “61,000”, now “62,000”"
    assert "Corrected" in corrected.page and "the summary said “61,000”, now “62,000”" in \
        corrected.page
    assert "the summary said “61,000”, now “62,000”" in corrected.lite
    assert shown.replace("“", "&#8220;") in corrected.incident_feed or \
        shown in corrected.incident_feed
    notes = [c["note"] for c in corrected.status_of(ID)["corrections"]]
    assert notes[-1] == "the summary said “61,000”, now “62,000”"
    feed = feedparser.parse(corrected.incident_feed)
    [update_entry] = [e for e in feed.entries if "Cross Street" in e.content[0].value]
    assert moment(update_entry.updated) == night.corrected_at
    assert "the update of 1 December 10:00 said “Chapel”, now “Cross”" in \
        update_entry.content[0].value  # the note says what it said
    assert {other: corrected.stamps_of(other) for other in OTHERS} == others
    # The log is not an incident, and a second publish records nothing twice.
    night.run("check")
    again = night.publish()
    assert "correction recorded" not in night.said
    assert yaml.safe_load(log_file.read_text(encoding="utf-8")) == log
    assert again.files | {"root": b""} == corrected.files | {"root": b""}

    # Resolve: first the words are rewritten as they stand now (resolve refuses the
    # present tense, open actions and no resolution block), then every short text says so.
    at = datetime.fromisoformat("2026-12-01T16:00:00+00:00")
    final = "Service is back for every customer since 15:47."
    night.file.write_text(worded_as_resolved(night.file.read_text(encoding="utf-8")),
                          encoding="utf-8")
    night.run("resolve", ID, final, at=at)
    night.run("approve", ID, "--by", "Dana Reyes")
    night.updates.append((at, final))
    night.resolved_at = at
    resolved = night.publish()
    # The rewording of already-public text is in the log too, at this publish's time.
    log = yaml.safe_load(log_file.read_text(encoding="utf-8"))["corrections"]
    assert {"summary", "statement", "apology.text"} <= \
        {entry["field"] for entry in log}
    night.corrected_at = max(moment(entry["at"]) for entry in log)
    assert night.corrected_at > at
    assert_every_output(resolved, night, resolved=True)
    for channel in ("x", "bluesky", "mastodon"):
        assert final in resolved.posts[channel], channel
    # The SMS has room for the state and the link only, never a cut sentence.
    assert resolved.posts["sms"] == f"Resolved: broadband and home phone outage in Greater " \
        f"Manchester\n{URL}"
    assert resolved.status_of(ID)["status"] == "resolved"
    assert {other: resolved.stamps_of(other) for other in OTHERS} == others

    # The post-incident review, a week later: on the page, the lite page, its own feed
    # entry, status.json; every stamp moves to its publication, and no other incident's.
    night.reviewed_at = datetime.fromisoformat("2026-12-08T12:00:00+00:00")
    with night.file.open("a", encoding="utf-8") as file:
        file.write("review:\n"
                   "  published_at: 2026-12-08T12:00:00+00:00\n"
                   "  what_happened: A contractor's digger cut our fibre cable at 05:58.\n"
                   "  root_cause: The cable's route was missing from the map we share.\n"
                   "  changes:\n"
                   "    - change: Every route is now on the shared map, checked weekly.\n"
                   "      at: 2026-12-07\n")
    night.now = night.reviewed_at
    night.run("approve", ID, "--by", "Dana Reyes")
    reviewed = night.publish()
    assert_every_output(reviewed, night, resolved=True)
    for shown in (reviewed.page, reviewed.lite):
        assert "Post-incident review" in shown and "missing from the map" in shown
    review = feedparser.parse(reviewed.incident_feed)
    assert [e for e in review.entries if e.title.startswith("Post-incident review: ")]
    assert reviewed.status_of(ID)["review"]["root_cause"] == \
        "The cable's route was missing from the map we share."
    assert reviewed.status_of(ID)["resolution"]["ended"].startswith("Engineers replaced")
    assert {other: reviewed.stamps_of(other) for other in OTHERS} == others
    resolved = reviewed

    # A fresh clone (incidents and their correction log) builds the same public record.
    clone = night.root.parent / "clone"
    clone.mkdir()
    for name in ("mkdocs.yml", "themes", "site_src", "incidents", "corrections"):
        source = night.root / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, clone / name)
    night.monkeypatch.chdir(clone)
    night.now += timedelta(days=3)
    night.run("build", "-d", str(clone / "site"))
    for name in ("feed.xml", f"{ID}/feed.xml", "status.json", "sitemap.xml",
                 f"lite/{ID}/index.html"):
        assert (clone / "site" / name).read_bytes() == resolved.files[name], name


def test_a_rehearsal_build_is_stable_marks_drafts_and_has_its_own_feed_ids(
        night: Night) -> None:
    builds = []
    for day in (0, 2):
        site = night.root / f"rehearsal-{day}"
        night.run("build", "--rehearsal", "-d", str(site), at=START + timedelta(days=day))
        builds.append(site)
    for name in ("feed.xml", "status.json", "scenario-service-outage/feed.xml"):
        assert (builds[0] / name).read_bytes() == (builds[1] / name).read_bytes(), name
    feed = assert_valid_feed((builds[0] / "feed.xml").read_text(encoding="utf-8"), "feed.xml")
    assert feed.feed.id == "tag:status.example.com,2000-01-01:darksite/rehearsal-feed"
    assert all("/rehearsal/" in entry.id for entry in feed.entries)
    status = json.loads((builds[0] / "status.json").read_text(encoding="utf-8"))
    every = status["incidents"] + status["resolved_incidents"]
    drafts = {i["id"] for i in every if i["lifecycle"] == "draft"}
    assert "scenario-service-outage" in drafts
    assert all(i["draft"] is (i["id"] in drafts) for i in every)
    night.run("build", "-d", str(night.root / "public"))
    public = feedparser.parse((night.root / "public" / "feed.xml").read_text(encoding="utf-8"))
    assert public.feed.id == "tag:status.example.com,2000-01-01:darksite/feed"
    assert not {e.id for e in public.entries} & {e.id for e in feed.entries}
