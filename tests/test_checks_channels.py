"""Channel overrides: over the limit is an error; a text without the page link is a warning."""

from __future__ import annotations

from tests.test_checks_support import BASE, PAGE, check, codes, incident_data, load


def _channels(**texts: str):
    return check(incident_data(channels=dict(BASE["channels"], **texts)))


def test_x_post_over_280_is_an_error_with_the_counts():
    text = "Water update. " * 20 + PAGE
    [diagnostic] = [d for d in _channels(x=text) if d.code == "channel-too-long"]
    assert diagnostic.severity == "error"
    assert diagnostic.path == "channels.x"
    assert f"{len('Water update. ' * 20) + 23} characters, over the x limit of 280" in \
        diagnostic.message
    assert "23 characters" in diagnostic.hint


def test_long_link_counts_as_23_on_x_so_the_post_fits():
    long_link = PAGE + "?utm_source=x&utm_medium=social&utm_campaign=" + "a" * 200
    assert "channel-too-long" not in codes(_channels(x=f"No water in Eastfield. {long_link}"))


def test_sms_with_a_curly_apostrophe_is_held_to_70_and_says_why():
    text = f"Eastfield Water: we’re repairing the main. Bottled water at the centre. {PAGE}"
    [diagnostic] = [d for d in _channels(sms=text) if d.code == "channel-too-long"]
    assert "over the sms limit of 70" in diagnostic.message
    assert "UCS-2" in diagnostic.message and "’" in diagnostic.message
    assert "160" in diagnostic.hint
    assert "channel-too-long" not in codes(_channels(sms=text.replace("’", "'")))


def test_channel_without_the_incident_link_is_a_warning():
    found = _channels(x="No water in Eastfield: 2,300 homes. https://status.example.com/")
    assert [(d.code, d.path, d.severity) for d in found] == [
        ("channel-without-link", "channels.x", "warning")]
    assert PAGE in found[0].hint


def test_email_subject_needs_no_link_and_press_release_does():
    found = _channels(email_subject="Water supply cut in Eastfield",
                      press_release="A water main burst under Mill Road.")
    assert [(d.code, d.path) for d in found] == [("channel-without-link", "channels.press_release")]


def test_without_site_url_any_absolute_link_to_the_page_is_accepted():
    incident = load(incident_data())
    assert codes(check(incident, site_url=None)) == []
    relative = load(incident_data(channels={"x": "No water in Eastfield. See /water-outage/"}))
    [diagnostic] = check(relative, site_url=None)
    assert "site_url" in diagnostic.hint
