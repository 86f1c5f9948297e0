"""Webhooks (signed, idempotent), Slack and Teams to real HTTP receivers on loopback.

The receiver (:class:`tests.notify_support.HookReceiver`) checks every
signature, drops repeats of an idempotency key, and answers 500, hangs, or
answers too late when told to. Slack's and Teams' bodies are checked against
the subset of their documented schemas that darksite uses, written here from
their documentation:

- Slack incoming webhooks and Block Kit (docs.slack.dev, "Header block",
  "Section block", "Context block", "Actions block", "Button element"):
  ``text`` is the notification fallback; a header's ``plain_text`` is at most
  150 characters; a section's text at most 3,000; at most 50 blocks; a
  button's text at most 75 characters and its ``url`` at most 3,000.
- Teams incoming webhooks (learn.microsoft.com, msteams-docs "Create
  Incoming Webhooks", "Send Adaptive Cards using an Incoming Webhook"): a
  ``message`` whose ``attachments`` hold one
  ``application/vnd.microsoft.card.adaptive`` with ``contentUrl`` null and
  an ``AdaptiveCard`` ``content`` (``$schema``, ``version``, ``body`` of
  ``TextBlock`` / ``FactSet``, ``actions`` of ``Action.OpenUrl``).
"""

from __future__ import annotations

import jsonschema
import pytest

from tests.conftest import incident_yaml
from tests.notify_support import (
    HOOK_SECRET,
    HookReceiver,
    approve_and_publish,
    free_port,
    notify_options,
    run_cli,
)

PLAIN_TEXT = {"type": "object", "required": ["type", "text"],
              "properties": {"type": {"const": "plain_text"}, "text": {"type": "string"},
                             "emoji": {"type": "boolean"}}}


def _text(limit: int) -> dict:
    return {"type": "object", "required": ["type", "text"], "properties": {
        "type": {"enum": ["plain_text", "mrkdwn"]},
        "text": {"type": "string", "minLength": 1, "maxLength": limit}}}


SLACK_SCHEMA = {
    "type": "object", "required": ["text", "blocks"],
    "properties": {
        "text": {"type": "string", "minLength": 1},
        "blocks": {"type": "array", "maxItems": 50, "items": {"oneOf": [
            {"type": "object", "required": ["type", "text"], "additionalProperties": False,
             "properties": {"type": {"const": "header"}, "block_id": {"maxLength": 255},
                            "text": {**PLAIN_TEXT, "properties": {
                                **PLAIN_TEXT["properties"],
                                "text": {"type": "string", "minLength": 1, "maxLength": 150}}}}},
            {"type": "object", "required": ["type", "text"],
             "properties": {"type": {"const": "section"}, "text": _text(3000)}},
            {"type": "object", "required": ["type", "elements"],
             "properties": {"type": {"const": "context"},
                            "elements": {"type": "array", "minItems": 1, "maxItems": 10,
                                         "items": _text(3000)}}},
            {"type": "object", "required": ["type", "elements"],
             "properties": {"type": {"const": "actions"}, "elements": {
                 "type": "array", "minItems": 1, "maxItems": 25, "items": {
                     "type": "object", "required": ["type", "text"],
                     "properties": {"type": {"const": "button"},
                                    "text": {**PLAIN_TEXT, "properties": {
                                        **PLAIN_TEXT["properties"],
                                        "text": {"type": "string", "maxLength": 75}}},
                                    "url": {"type": "string", "maxLength": 3000},
                                    "action_id": {"type": "string", "maxLength": 255}}}}}},
        ]}},
    },
}

TEAMS_SCHEMA = {
    "type": "object", "required": ["type", "attachments"],
    "properties": {
        "type": {"const": "message"},
        "attachments": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["contentType", "content"],
            "properties": {
                "contentType": {"const": "application/vnd.microsoft.card.adaptive"},
                "contentUrl": {"type": "null"},
                "content": {
                    "type": "object", "required": ["type", "version", "body"],
                    "properties": {
                        "$schema": {"const": "http://adaptivecards.io/schemas/adaptive-card.json"},
                        "type": {"const": "AdaptiveCard"},
                        "version": {"type": "string", "pattern": r"^1\.[0-5]$"},
                        "body": {"type": "array", "items": {"oneOf": [
                            {"type": "object", "required": ["type", "text"],
                             "properties": {"type": {"const": "TextBlock"},
                                            "text": {"type": "string"},
                                            "wrap": {"type": "boolean"},
                                            "size": {"enum": ["Small", "Default", "Medium",
                                                             "Large", "ExtraLarge"]},
                                            "weight": {"enum": ["Lighter", "Default",
                                                               "Bolder"]}}},
                            {"type": "object", "required": ["type", "facts"],
                             "properties": {"type": {"const": "FactSet"}, "facts": {
                                 "type": "array", "items": {
                                     "type": "object", "required": ["title", "value"],
                                     "properties": {"title": {"type": "string"},
                                                    "value": {"type": "string"}}}}}},
                        ]}},
                        "actions": {"type": "array", "items": {
                            "type": "object", "required": ["type", "url"],
                            "properties": {"type": {"const": "Action.OpenUrl"},
                                           "title": {"type": "string"},
                                           "url": {"type": "string", "format": "uri"}}}},
                    },
                },
            }}},
    },
}


def _project(project, monkeypatch, audiences: dict, incident: str | None = None):
    root = project({"water.yaml": incident or incident_yaml("water")},
                   plugin_options={"notify": notify_options(free_port(), audiences)})
    approve_and_publish(root, "water")
    return root


def test_webhook_signed_idempotent_through_500_and_late_answer(project, monkeypatch):
    with HookReceiver(plan={0: "500", 1: "late"}, hang=1.0) as hook:
        monkeypatch.setenv("HOOK_URL", hook.url)
        monkeypatch.setenv("HOOK_KEY", HOOK_SECRET)
        root = _project(project, monkeypatch, {"systems": {
            "kind": "webhook", "internal": True, "url_secret": "HOOK_URL",
            "signing_secret": "HOOK_KEY", "timeout": 0.4}})
        assert run_cli(root, "notify", "water") == 0
        assert hook.bad == []
        assert hook.requests == 3  # 500, answered too late (processed), then accepted again
        assert len(hook.accepted) == 1 and hook.repeats == 1
        body = next(iter(hook.accepted.values()))
        assert body["type"] == "darksite.notice" and body["version"] == 1
        assert body["incident"]["id"] == "water"
        assert body["incident"]["url"] == "https://status.example.com/water/"
        assert "MARK-SUMMARY" in body["incident"]["summary"]
        assert "MARK-INTERNAL" not in str(hook.bodies)
        assert body["internal"] is True and body["rehearsal"] is False
        # the same command again: nothing new
        assert run_cli(root, "notify", "water") == 0
        assert hook.requests == 3


def test_webhook_hang_is_retried_with_the_same_key(project, monkeypatch):
    with HookReceiver(plan={0: "hang"}, hang=1.0) as hook:
        monkeypatch.setenv("HOOK_URL", hook.url)
        monkeypatch.setenv("HOOK_KEY", HOOK_SECRET)
        root = _project(project, monkeypatch, {"systems": {
            "kind": "webhook", "url_secret": "HOOK_URL", "signing_secret": "HOOK_KEY",
            "timeout": 0.3}})
        assert run_cli(root, "notify", "water", "--public") == 0
        assert hook.bad == [] and len(hook.accepted) == 1


def test_wrong_key_fails_verification(project, monkeypatch):
    with HookReceiver(secret="another-key-entirely") as hook:
        monkeypatch.setenv("HOOK_URL", hook.url)
        monkeypatch.setenv("HOOK_KEY", HOOK_SECRET)
        root = _project(project, monkeypatch, {"systems": {
            "kind": "webhook", "internal": True, "url_secret": "HOOK_URL",
            "signing_secret": "HOOK_KEY"}})
        assert run_cli(root, "notify", "water") == 0
        assert hook.bad == ["bad signature"]


@pytest.mark.parametrize("rehearsal", [False, True])
def test_slack_and_teams_shapes(project, monkeypatch, rehearsal):
    with HookReceiver(kind="slack") as slack, HookReceiver(kind="teams") as teams:
        monkeypatch.setenv("SLACK_URL", slack.url)
        monkeypatch.setenv("TEAMS_URL", teams.url)
        long_title = "MARK-TITLE " + "very long headline " * 5
        incident = incident_yaml("water", status="draft" if rehearsal else "active").replace(
            'title: "MARK-TITLE water supply interrupted in Eastfield"',
            f'title: "{long_title.strip()}"')
        root = _project(project, monkeypatch, {
            "ops-slack": {"kind": "slack", "internal": True, "rehearsal": True,
                          "url_secret": "SLACK_URL"},
            "ops-teams": {"kind": "teams", "url_secret": "TEAMS_URL", "rehearsal": True},
        }, incident=incident)
        args = ["notify", "water", "--public"] + (["--rehearsal"] if rehearsal else [])
        assert run_cli(root, *args) == 0
        assert len(slack.bodies) == 1 and len(teams.bodies) == 1
        jsonschema.validate(slack.bodies[0], SLACK_SCHEMA)
        jsonschema.validate(teams.bodies[0], TEAMS_SCHEMA,
                            format_checker=jsonschema.FormatChecker())
        header = slack.bodies[0]["blocks"][0]["text"]["text"]
        title = teams.bodies[0]["attachments"][0]["content"]["body"][0]["text"]
        assert header.startswith("[REHEARSAL] ") is rehearsal
        assert title.startswith("[REHEARSAL] ") is rehearsal
        assert "MARK-INTERNAL" not in str(slack.bodies) + str(teams.bodies)


def test_revoked_slack_url_is_a_reported_failure(project, monkeypatch, capsys):
    with HookReceiver(kind="slack") as slack:
        monkeypatch.setenv("SLACK_URL", slack.url.replace("/hooks/", "/nowhere/"))
        slack.server.RequestHandlerClass.do_POST = _answer_404  # type: ignore[attr-defined]
        root = _project(project, monkeypatch, {"ops": {"kind": "slack", "internal": True,
                                                       "url_secret": "SLACK_URL"}})
        assert run_cli(root, "notify", "water") == 1
        err = capsys.readouterr().err
        assert "failed: slack: HTTP 404" in err
        assert "127.0.0.1" not in err  # the URL is a secret


def _answer_404(handler) -> None:
    handler.rfile.read(int(handler.headers.get("Content-Length", "0")))
    handler.send_response(404)
    handler.send_header("Content-Length", "9")
    handler.end_headers()
    handler.wfile.write(b"no_hook!!")
