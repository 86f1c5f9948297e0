"""Secrets (SMTP password, webhook URL, signing key) never appear in any output.

They come from the environment or a secrets file outside the project; a
secret written into mkdocs.yml is refused without repeating it; and every
line ``darksite notify`` prints, in success and in failure, and the outbox
file itself, are searched for each secret value.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import DARKSITE, incident_yaml
from tests.notify_support import (
    SMTP_PASSWORD,
    HookReceiver,
    MailSink,
    approve_and_publish,
    notify_options,
    run_cli,
    write_recipients,
)

HOOK_KEY = "hook-signing-key-5f4e3d2c1b"


def _run(root: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([DARKSITE, *args], cwd=root, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


def _assert_clean(texts: list[str], secrets: list[str]) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text, f"a secret leaked into: {text[:400]}"


def test_secrets_from_file_outside_repo_never_printed(project, tmp_path):
    secrets_file = tmp_path / "private" / "notify.secrets"
    secrets_file.parent.mkdir()
    with HookReceiver(secret=HOOK_KEY) as hook, MailSink(password=SMTP_PASSWORD) as sink:
        url = hook.url
        secrets_file.write_text(f"# darksite\nSMTP_PASSWORD={SMTP_PASSWORD}\n"
                                f"HOOK_URL='{url}'\nexport HOOK_KEY=\"{HOOK_KEY}\"\n")
        secrets_file.chmod(0o600)
        write_recipients(tmp_path / "staff.csv", 3)
        audiences = {
            "staff": {"kind": "email", "internal": True, "recipients": str(tmp_path / "staff.csv")},
            "systems": {"kind": "webhook", "internal": True, "url_secret": "HOOK_URL",
                        "signing_secret": "HOOK_KEY"},
        }
        options = notify_options(sink.port, audiences, secrets_file=str(secrets_file))
        options["smtp"].update(username="incidents", password_secret="SMTP_PASSWORD")
        root = project({"water.yaml": incident_yaml("water")},
                       plugin_options={"notify": options})
        approve_and_publish(root, "water")
        ok = _run(root, "notify", "water", env={})
        assert ok.returncode == 0, ok.stderr
        assert len(sink.messages) == 3 and len(hook.accepted) == 1 and hook.bad == []
        status = _run(root, "notify", "--status", env={})
        texts = [ok.stdout, ok.stderr, status.stdout, status.stderr]
        texts += [data.decode("utf-8", "replace") for _, _, data in sink.messages]
        texts += [str(hook.bodies)]
    # Everything down now: the failures name the audience, never the URL or the password.
    write_recipients(tmp_path / "staff.csv", 4)
    (root / "incidents" / "water.yaml").write_text(
        (root / "incidents" / "water.yaml").read_text().replace("MARK-UPDATE-NEW", "NEWER"))
    approve_and_publish(root, "water")
    down = _run(root, "notify", "water", env={})
    assert down.returncode == 1
    assert "cannot reach" in down.stderr
    texts += [down.stdout, down.stderr]
    outbox = root / ".darksite-notify" / "outbox.sqlite"
    texts += [path.read_bytes().decode("latin-1") for path in outbox.parent.glob("outbox*")]
    _assert_clean(texts, [SMTP_PASSWORD, HOOK_KEY, url, url.split("?")[0]])


def test_wrong_password_error_shows_no_password(project, tmp_path, monkeypatch, capsys):
    with MailSink(password="the-right-one-123") as sink:
        write_recipients(tmp_path / "staff.csv", 1)
        options = notify_options(sink.port, {"staff": {
            "kind": "email", "internal": True, "recipients": str(tmp_path / "staff.csv")}})
        options["smtp"].update(username="incidents", password_secret="SMTP_PASSWORD")
        root = project({"water.yaml": incident_yaml("water")},
                       plugin_options={"notify": options})
        approve_and_publish(root, "water")
        monkeypatch.setenv("SMTP_PASSWORD", SMTP_PASSWORD)
        assert run_cli(root, "notify", "water") == 1
        captured = capsys.readouterr()
        assert "refused the login for incidents" in captured.err
        _assert_clean([captured.out, captured.err], [SMTP_PASSWORD])


def test_secret_written_in_mkdocs_yml_is_refused_without_echo(project, capsys):
    leaked = "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX"
    root = project({"water.yaml": incident_yaml("water")}, plugin_options={"notify": {
        "audiences": {"ops": {"kind": "slack", "url": leaked}}}})
    approve_and_publish(root, "water")
    assert run_cli(root, "notify", "water") == 1
    err = capsys.readouterr().err
    assert "audiences.ops.url: a secret must never be written in mkdocs.yml" in err
    assert "url_secret: NAME" in err
    _assert_clean([err], [leaked, "XXXXsecretXXXX"])


def test_missing_secret_names_the_variable_only(project, capsys, monkeypatch):
    monkeypatch.delenv("NOT_SET_URL", raising=False)
    root = project({"water.yaml": incident_yaml("water")}, plugin_options={"notify": {
        "audiences": {"ops": {"kind": "slack", "url_secret": "NOT_SET_URL",
                              "internal": True}}}})
    approve_and_publish(root, "water")
    assert run_cli(root, "notify", "water") == 1
    err = capsys.readouterr().err
    assert "the secret NOT_SET_URL is not set" in err
    assert not (root / ".darksite-notify").exists()  # nothing queued before secrets are read


def test_secrets_file_inside_repo_or_readable_is_refused(project, tmp_path, capsys):
    root = project({"water.yaml": incident_yaml("water")}, plugin_options={"notify": {
        "secrets_file": "notify.secrets",
        "audiences": {"ops": {"kind": "slack", "url_secret": "X_URL", "internal": True}}}})
    approve_and_publish(root, "water")
    (root / "notify.secrets").write_text("X_URL=https://example.invalid/x\n")
    assert run_cli(root, "notify", "water") == 1
    assert "inside the project folder" in capsys.readouterr().err
    outside = tmp_path / "world-readable.secrets"
    outside.write_text("X_URL=https://example.invalid/x\n")
    outside.chmod(0o644)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace('"notify.secrets"', f'"{outside}"'))
    assert run_cli(root, "notify", "water") == 1
    assert f"chmod 600 {outside}" in capsys.readouterr().err


