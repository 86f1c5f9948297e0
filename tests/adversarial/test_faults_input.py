"""Out-of-range times, impossible addresses and broken config files: one line, nothing changed.

Python refuses a year past 9999 or a port past 65535 with an OverflowError
deep inside; darksite must refuse them first, saying what to write.
Unreadable files are made unreadable for real: chmod 000, run as root
without the capabilities that bypass permissions (``setpriv``).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.adversarial.faults_support import (
    DROP_DAC,
    can_drop_dac,
    fault_project,
    files_of,
    one_error_line,
    run,
    run_process,
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return fault_project(tmp_path / "project", monkeypatch)


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--next-update", "+99999999d", "darksite: --next-update '+99999999d' is too far ahead: "
     "promise the next update in hours or days, like +2h or +1d"),
    ("--next-update", "+" + "9" * 30 + "d", "is too far ahead"),
    ("--next-update", "9999-12-31T23:59:59-10:00", "darksite: --next-update "
     "'9999-12-31T23:59:59-10:00' is outside the years 1 to 9999 once converted to UTC: write "
     "a real date, like 2026-11-25T09:30:00+01:00"),
    ("--at", "0001-01-01T00:30:00+01:00", "darksite: --at '0001-01-01T00:30:00+01:00' is "
     "outside the years 1 to 9999 once converted to UTC"),
])
def test_update_with_a_time_out_of_range(project: Path, option: str, value: str,
                                         message: str) -> None:
    before = files_of(project / "incidents")
    code, _, err = run("update", "water-outage", "News.", option, value)
    assert code == 1
    assert message in one_error_line(err)
    assert files_of(project / "incidents") == before


@pytest.mark.parametrize("command", [("activate", "draft-gas-leak"),
                                     ("resolve", "water-outage", "Fixed.")])
def test_activate_and_resolve_refuse_an_at_before_year_one(project: Path, command) -> None:
    before = files_of(project / "incidents")
    code, _, err = run(*command, "--at", "0001-01-01T00:00:00+14:00")
    assert code == 1
    assert "is outside the years 1 to 9999 once converted to UTC" in one_error_line(err)
    assert files_of(project / "incidents") == before


@pytest.mark.parametrize(("address", "message"), [
    ("127.0.0.1:99999", "darksite: -a 127.0.0.1:99999: port 99999 does not exist: use a port "
     "from 1 to 65535, like -a 127.0.0.1:8000"),
    ("127.0.0.1:0", "port 0 does not exist"),
    ("nohost:80", "darksite: -a nohost:80: 'nohost' does not appear to be an IPv4 or IPv6 "
     "address: write an IP address and a port, like -a 127.0.0.1:8000"),
    ("127.0.0.1", "Must be a string of format 'IP:PORT'"),
    ("127.0.0.1:http", "'http' is not a valid port"),
])
def test_rehearse_refuses_an_impossible_address_before_building(project: Path, address: str,
                                                                message: str) -> None:
    code, out, err = run("rehearse", "-a", address)
    assert code == 1
    assert message in one_error_line(err)
    assert out == ""  # refused before the "Rehearsal at ..." line: nothing was started


def test_rehearse_on_an_address_already_in_use(project: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run_process(project, "rehearse", "-a", f"127.0.0.1:{port}", timeout=60)
    assert result.returncode == 1
    assert one_error_line(result.stderr) == (
        f"darksite: the rehearsal cannot start on 127.0.0.1:{port}: Address already in use "
        "(is another server using that address? stop it, or choose another with "
        "-a 127.0.0.1:8000)")


def test_config_file_that_does_not_exist(project: Path) -> None:
    code, _, err = run("check", "-f", "missing/mkdocs.yml")
    assert code == 1
    assert one_error_line(err) == (
        "darksite: config file not found: -f missing/mkdocs.yml does not exist: check the path, "
        "or run darksite in the project folder without -f")


def test_config_file_that_is_a_folder(project: Path) -> None:
    code, _, err = run("update", "-f", "site_src", "water-outage", "News.")
    assert code == 1
    assert one_error_line(err) == (
        "darksite: config file -f site_src is a folder: name the mkdocs.yml inside it "
        "(-f site_src/mkdocs.yml)")


def test_config_file_with_invalid_yaml_is_located(project: Path) -> None:
    (project / "broken.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    for command in (("check",), ("update", "water-outage", "News.")):
        code, _, err = run(*command, "-f", "broken.yml")
        assert code == 1
        assert one_error_line(err) == (
            "darksite: broken.yml:2:1: expected ',' or ']', but got '<stream end>' (while "
            "parsing a flow sequence): fix mkdocs.yml and run again")


def test_config_file_that_is_not_utf8_is_located(project: Path) -> None:
    text = (project / "mkdocs.yml").read_bytes()
    (project / "latin1.yml").write_bytes(text.replace(b"Testwind status", b"Caf\xe9 status"))
    code, _, err = run("publish", "-f", "latin1.yml", "--to", "out")
    assert code == 1
    assert one_error_line(err) == (
        "darksite: latin1.yml:1:15: byte 0xe9 is not UTF-8 (save the file as UTF-8): fix "
        "mkdocs.yml and run again")
    assert not (project / "out" / "current").exists()


needs_drop = pytest.mark.skipif(not can_drop_dac(),
                                reason="needs root and setpriv to drop CAP_DAC_OVERRIDE")


@needs_drop
def test_config_file_that_cannot_be_read(project: Path) -> None:
    (project / "mkdocs.yml").chmod(0)
    result = run_process(project, "check", prefix=DROP_DAC)
    assert result.returncode == 74
    assert one_error_line(result.stderr) == (
        "darksite: cannot read mkdocs.yml: permission denied for mkdocs.yml: give the user "
        "running darksite access (see ls -ld mkdocs.yml), then run the same command again")


@needs_drop
def test_an_unreadable_incident_is_located_in_check_and_refused_by_update(project: Path) -> None:
    draft = project / "incidents" / "draft-gas-leak.yaml"
    before = draft.read_bytes()
    draft.chmod(0)
    checked = run_process(project, "check", prefix=DROP_DAC)
    assert checked.returncode == 1
    assert ("incidents/draft-gas-leak.yaml:1:1: error[unreadable] cannot read the file: "
            "Permission denied (give the user running darksite read access") in checked.stdout
    updated = run_process(project, "activate", "draft-gas-leak", prefix=DROP_DAC)
    assert updated.returncode == 74
    assert one_error_line(updated.stderr) == (
        "darksite: cannot read incidents/draft-gas-leak.yaml: permission denied for "
        "incidents/draft-gas-leak.yaml: give the user running darksite access (see ls -ld "
        "incidents/draft-gas-leak.yaml), then run the same command again; nothing was changed")
    draft.chmod(0o644)
    assert draft.read_bytes() == before


def _chattr(path: Path, flag: str) -> bool:
    import subprocess

    try:
        return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0
    except OSError:
        return False


def test_an_immutable_incident_file_refuses_the_update(project: Path) -> None:
    target = project / "incidents" / "water-outage.yaml"
    before = files_of(project / "incidents")
    if not _chattr(target, "+i"):
        pytest.skip("chattr +i needs root and a file system with attributes")
    try:
        code, _, err = run("update", "water-outage", "Crews are on site.")
    finally:
        _chattr(target, "-i")
    assert code == 74
    assert one_error_line(err) == (
        "darksite: cannot save incidents/water-outage.yaml: incidents/water-outage.yaml may not "
        "be changed (operation not permitted): check its owner and attributes (ls -ld "
        "incidents/water-outage.yaml; lsattr: an immutable file needs chattr -i), then run the "
        "same command again; nothing was changed")
    assert files_of(project / "incidents") == before


def test_update_text_on_standard_input_that_is_not_utf8(project: Path) -> None:
    import subprocess

    from tests.conftest import DARKSITE

    before = files_of(project / "incidents")
    result = subprocess.run([DARKSITE, "update", "water-outage", "-"], cwd=project,
                            input="Caf\xe9 is open again.\n".encode("latin-1"),
                            capture_output=True, timeout=60)
    assert result.returncode == 1
    assert one_error_line(result.stderr.decode()) == (
        "darksite: the text from standard input is not UTF-8 (byte 0xe9 at character 4): "
        "convert it, e.g. iconv -f latin1 -t utf-8, then run the same command again; nothing "
        "was changed")
    assert files_of(project / "incidents") == before


def test_an_argument_that_is_not_utf8_is_a_usage_error(project: Path) -> None:
    before = files_of(project / "incidents")
    latin1 = b"Jos\xe9".decode("utf-8", "surrogateescape")  # what Python makes of such argv
    code, _, err = run("approve", "water-outage", "--by", latin1)
    assert code == 2
    assert "Traceback" not in err
    assert err.splitlines()[-1] == (
        "darksite: error: argument 4 is not UTF-8 (byte 0xe9): type it again in a UTF-8 "
        "terminal, or convert it (iconv -f latin1 -t utf-8)")
    assert files_of(project / "incidents") == before
