"""``python -m bench.notify``: the notification goals of issue 14, on this machine.

1. throughput: 10,000 email recipients (one public audience) to a local SMTP
   server in its own process (aiosmtpd), messages per second (goal >= 200/s);
2. time to the first internal notification after the publish that
   triggered it (``darksite publish --to DIR --notify``; goal < 2 s): from
   the moment ``publish`` reports the release live to the moment the SMTP
   server has the first staff message;
3. resume after ``kill -9``: a run killed part-way and run again re-sends
   nothing the server already accepted (duplicates by Message-ID: goal 0),
   and every recipient has the message.

Writes ``bench/results/notify.md`` (not committed); the figures are copied
into docs/notify.md by hand with the machine they were measured on. Not part
of the test suite: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "bench" / "results" / "notify.md"
DARKSITE = shutil.which("darksite") or str(Path(sys.executable).parent / "darksite")

INCIDENT = """\
id: outage
title: Broadband outage in Eastfield
status: active
severity: major
started_at: 2026-11-26T08:00:00+00:00
summary: >-
  Broadband and home phone are down for about 6,000 homes in Eastfield. Engineers are on site.
statement: |
  A cable was cut during road works on Mill Road at 07:40. Engineers are splicing it now.
actions:
  - step: We are splicing the cut cable on Mill Road.
    owner: Network Repairs
    status: in-progress
    due: 2026-11-26
updates:
  - at: 2026-11-26T08:30:00+00:00
    phase: identified
    text: The cut is under Mill Road; splicing has started.
next_update: 2026-11-26T12:00:00+00:00
contacts:
  - {label: Customer helpline, kind: phone, value: "+44 161 496 0200", hours: 24/7}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PIPELINING = [True]
"""Whether the benchmark's SMTP server offers PIPELINING (``--no-pipelining`` turns it off)."""


def _sink(log: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    flags = [] if PIPELINING[0] else ["nopipelining"]
    process = subprocess.Popen([sys.executable, "-m", "bench.notify_sink", str(port), str(log),
                                *flags],
                               cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None
    process.stdout.readline()
    return process, port


def _lines(log: Path) -> list[tuple[float, str, str]]:
    rows = []
    for line in log.read_text(encoding="utf-8").splitlines():
        stamp, rcpt, message_id = line.split(" ", 2)
        rows.append((float(stamp), rcpt, message_id))
    return rows


def _project(root: Path, port: int, staff: int, public: int, connections: int) -> None:
    root.mkdir(parents=True)
    lists = root.parent / "lists"
    lists.mkdir(exist_ok=True)
    (lists / "staff.csv").write_text("email,name\n" + "".join(
        f"staff{n}@example.org,Staff {n}\n" for n in range(staff)), encoding="utf-8")
    (lists / "public.csv").write_text("email,name\n" + "".join(
        f"person{n}@example.org,Person {n}\n" for n in range(public)), encoding="utf-8")
    notify = {
        "from_address": "Northwind Utilities <incidents@northwind.example>",
        "public_lead_minutes": 0,
        "smtp": {"host": "127.0.0.1", "port": port},
        "audiences": {
            "staff": {"kind": "email", "internal": True,
                      "recipients": str(lists / "staff.csv"), "rate": 10000,
                      "connections": connections},
            "customers": {"kind": "email", "recipients": str(lists / "public.csv"),
                          "rate": 10000, "connections": connections,
                          "unsubscribe_url": "https://lists.northwind.example/u?e={email}"},
        },
    }
    (root / "mkdocs.yml").write_text(
        "site_name: Northwind status\nsite_url: https://status.example.com/\n"
        "docs_dir: site_src\ntheme: {name: material, custom_dir: themes, font: false}\n"
        "plugins:\n  - darksite: " + json.dumps({"notify": notify}) + "\n", encoding="utf-8")
    (root / "themes").symlink_to(REPO / "themes", target_is_directory=True)
    (root / "site_src").mkdir()
    (root / "site_src" / "index.md").write_text("---\ntemplate: home.html\n---\n\n# Status\n")
    (root / "incidents").mkdir()
    (root / "incidents" / "outage.yaml").write_text(INCIDENT, encoding="utf-8")
    subprocess.run([DARKSITE, "approve", "outage", "--by", "Bench"], cwd=root, check=True,
                   capture_output=True)


def throughput_and_first(work: Path, recipients: int, connections: int) -> dict:
    log = work / "sink.log"
    sink, port = _sink(log)
    try:
        root = work / "project"
        _project(root, port, staff=20, public=recipients, connections=connections)
        env = {k: v for k, v in os.environ.items() if k != "DARKSITE_NOW"}
        started = time.monotonic()
        process = subprocess.Popen([DARKSITE, "publish", "--to", "public", "--notify"], cwd=root,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=env)
        assert process.stdout is not None
        live_at = None
        output = []
        for line in process.stdout:
            output.append(line)
            if live_at is None and line.startswith("published release"):
                live_at = time.monotonic()
        process.wait()
        if process.returncode != 0:
            raise SystemExit("publish --notify failed:\n" + "".join(output)
                             + process.stderr.read())
        rows = _lines(log)
        staff = [t for t, rcpt, _ in rows if rcpt.startswith("staff")]
        public = [t for t, rcpt, _ in rows if rcpt.startswith("person")]
        return {
            "publish_s": (live_at or started) - started,
            "first_internal_after_publish_s": min(staff) - (live_at or started),
            "public_messages": len(public),
            "public_span_s": max(public) - min(public),
            "messages_per_s": (len(public) - 1) / (max(public) - min(public)),
            "duplicates": sum(n - 1 for n in Counter(m for _, _, m in rows).values() if n > 1),
            "output": "".join(output).strip(),
        }
    finally:
        sink.communicate("")


def resume_after_kill(work: Path, recipients: int, connections: int, kill_after: float) -> dict:
    log = work / "sink-kill.log"
    sink, port = _sink(log)
    try:
        root = work / "project-kill"
        _project(root, port, staff=0, public=recipients, connections=connections)
        command = [DARKSITE, "notify", "outage", "--public"]
        first = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        time.sleep(kill_after)
        first.send_signal(signal.SIGKILL)
        first.wait()
        accepted = len(_lines(log))
        done = subprocess.run(command, cwd=root, capture_output=True, text=True)
        rows = _lines(log)
        ids = Counter(m for _, _, m in rows)
        return {
            "accepted_before_kill": accepted,
            "after_resume": len(rows),
            "distinct_recipients": len({rcpt for _, rcpt, _ in rows}),
            "duplicates": sum(n - 1 for n in ids.values() if n > 1),
            "resume_output": (done.stdout + done.stderr).strip(),
        }
    finally:
        sink.communicate("")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.notify", description=__doc__)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--kill-after", type=float, default=8.0, metavar="S")
    parser.add_argument("--no-pipelining", action="store_true",
                        help="the SMTP server does not offer PIPELINING (one command a trip)")
    args = parser.parse_args(argv)
    PIPELINING[0] = not args.no_pipelining
    work = Path(tempfile.mkdtemp(prefix="darksite-bench-notify-"))
    try:
        speed = throughput_and_first(work, args.recipients, args.connections)
        resume = resume_after_kill(work, args.recipients, args.connections, args.kill_after)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()
    text = "\n".join([
        "# darksite notify benchmark",
        "",
        f"Machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f} during the run; Python {sys.version.split()[0]}.",
        "",
        "| measure | result | goal |",
        "|---|---|---|",
        f"| messages per second, {speed['public_messages']:,} recipients, "
        f"{args.connections} connections, PIPELINING "
        f"{'on' if PIPELINING[0] else 'off'} | {speed['messages_per_s']:.0f}/s | >= 200/s |",
        f"| first internal notification after the release is live | "
        f"{speed['first_internal_after_publish_s']:.2f} s | < 2 s |",
        f"| duplicates (publish --notify) | {speed['duplicates']} | 0 |",
        f"| resume after kill -9 at {args.kill_after:g} s: accepted before / after resume / "
        f"distinct recipients | {resume['accepted_before_kill']:,} / {resume['after_resume']:,}"
        f" / {resume['distinct_recipients']:,} | all, once |",
        f"| duplicates after the resume | {resume['duplicates']} | 0 |",
        "",
        "```", speed["output"], "", resume["resume_output"], "```", "",
    ])
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
