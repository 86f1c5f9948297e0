"""Sign-up stays with the organisation's list: the incident page links to what mkdocs.yml names."""

from __future__ import annotations

from tests.conftest import build_new_project, incident_yaml


def test_incident_page_links_to_the_subscribe_target(tmp_path):
    site = build_new_project(tmp_path / "with", {"water.yaml": incident_yaml("water")},
                             plugin_options={"notify": {
                                 "subscribe_url": "https://lists.testwind.example/join",
                                 "subscribe_text": "Email me every update"}})
    page = (site / "water" / "index.html").read_text(encoding="utf-8")
    assert ('<a href="https://lists.testwind.example/join">Email me every update</a>' in page)


def test_no_link_without_a_subscribe_url(tmp_path):
    site = build_new_project(tmp_path / "without", {"water.yaml": incident_yaml("water")})
    page = (site / "water" / "index.html").read_text(encoding="utf-8")
    assert "darksite-subscribe" not in page
