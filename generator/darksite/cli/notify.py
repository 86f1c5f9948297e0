"""CLI command ``darksite notify ID [--public] [--status]``, and the glue for ``publish --notify``.

Everything this module prints passes through
:func:`darksite.notify.secrets.redact`, and every error becomes a plain
message (never a traceback that could carry a URL or a password).
"""

from __future__ import annotations

import argparse
import sys
import time

from darksite.cli.common import EXIT_OK, EXIT_PROBLEM, add_project_option
from darksite.errors import DarksiteError, InvalidIncidentsError


def register(subparsers: argparse._SubParsersAction) -> None:
    notify = subparsers.add_parser(
        "notify", help="send what was just published: staff first, then the public, once each",
        description="Send an incident's published, approved text to the audiences in "
                    "mkdocs.yml: internal audiences now, public ones after the lead time "
                    "(or now with --public). Safe to run again: nothing is sent twice, and "
                    "whatever an interrupted run did not send goes out.",
    )
    notify.add_argument("id", metavar="ID", nargs="?", help="the incident id")
    add_project_option(notify)
    notify.add_argument("--public", action="store_true",
                        help="send to the public audiences now, without waiting for the lead time")
    notify.add_argument("--status", action="store_true",
                        help="show what is pending, sent and failed per audience; sends nothing")
    notify.add_argument("--rehearsal", action="store_true",
                        help="send to rehearsal audiences only, [REHEARSAL] in every subject")
    notify.add_argument("--to", metavar="DIR", default=None,
                        help="the publish folder: refuse unless its live release has this text")
    notify.add_argument("--resend-uncertain", action="store_true",
                        help="send again every message left uncertain (the server may have "
                             "it: check its log first; may duplicate)")
    notify.add_argument("--resend-to", metavar="ADDRESS", action="append", default=[],
                        help="send again the uncertain message to ADDRESS only, after the "
                             "relay's log showed it never arrived (repeatable)")
    notify.set_defaults(handler=run_notify)


def _say(line: str, stream=None) -> None:
    from darksite.notify.secrets import redact

    print(redact(line), file=stream or sys.stdout, flush=True)


def _guarded(action):
    """Run ``action``; any failure becomes a redacted DarksiteError (no traceback, no secret)."""
    from darksite.notify.errors import NotifyError
    from darksite.notify.secrets import redact

    try:
        return action()
    except InvalidIncidentsError:
        raise
    except DarksiteError as error:
        raise type(error)(redact(str(error))) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:
        raise NotifyError(redact(f"unexpected error ({type(error).__name__}: {error}); "
                                 "the outbox keeps every message: run the same command "
                                 "again")) from None


def print_report(report) -> bool:
    """One line per audience; True when everything due went out."""
    what = " (REHEARSAL)" if report.rehearsal else ""
    _say(f"notify {report.incident}{what}: revision {report.revision}, "
         f"{report.added} new message(s) recorded in the outbox")
    for line in report.skipped_rows:
        _say(f"warning: {line}", sys.stderr)
    if report.resent:
        _say(f"note: {report.resent} uncertain message(s) sent again on your word", sys.stderr)
    for address in report.not_uncertain:
        _say(f"warning: --resend-to {address}: no uncertain message to that address for this "
             "incident; nothing resent (darksite notify --status lists the uncertain ones)",
             sys.stderr)
    if report.recovered:
        _say(f"note: {report.recovered} message(s) an interrupted run left in flight were settled "
             "(see darksite notify --status)", sys.stderr)
    if not report.runs and not report.waiting:
        _say("  no audience asked for this incident (their severity:, affected: and rehearsal: "
             "settings leave it out)")
    for run in report.runs:
        counts = ", ".join(f"{n} {state}" for state, n in sorted(run.counts.items())) or \
            "nothing to send"
        _say(f"  {run.audience.label}: {counts} in {run.seconds:.1f} s")
        if run.stopped:
            _say(f"    stopped: {run.stopped}; its messages stay pending: run the same command "
                 "again once it is reachable", sys.stderr)
        for address, state, detail in run.problems[:20]:
            _say(f"    {state}: {address}: {detail}", sys.stderr)
        if len(run.problems) > 20:
            _say(f"    ... and {len(run.problems) - 20} more (darksite notify --status)",
                 sys.stderr)
    if report.earlier_failed > 0:
        _say(f"note: {report.earlier_failed} address(es) refused for good earlier are not tried "
             "again (darksite notify --status lists them)", sys.stderr)
    if report.earlier_uncertain > 0:
        _say(f"note: {report.earlier_uncertain} message(s) left uncertain earlier are not sent "
             "again (darksite notify --status lists them; check the relay's log, then --resend-to "
             "ADDRESS for one that never arrived, or --resend-uncertain for all)", sys.stderr)
    if report.waiting:
        names = ", ".join(a.name for a in report.waiting)
        _say(f"  public audiences ({names}) wait until {report.public_at} (the lead time): run "
             f"darksite notify {report.incident} again then, or --public to send now")
    for error in report.fatal:
        _say(f"darksite: stopped: {error}", sys.stderr)
    return report.ok


def run_notify(args: argparse.Namespace) -> int:
    if args.status:
        return _guarded(lambda: show_status(args.config_file, args.id))
    if not args.id:
        _say("darksite: notify needs an incident ID (or --status)", sys.stderr)
        return 2
    from darksite.notify.service import notify

    report = _guarded(lambda: notify(args.config_file, args.id, public=args.public,
                                     rehearsal=args.rehearsal, publish_dir=args.to,
                                     resend_uncertain=args.resend_uncertain,
                                     resend_to=args.resend_to))
    return EXIT_OK if print_report(report) else EXIT_PROBLEM


def show_status(config_file: str | None, incident_id: str | None) -> int:
    from darksite.notify.service import status

    lines, problems, public = status(config_file, incident_id)
    if not lines:
        _say("the outbox is empty: nothing has been sent or queued yet")
        return EXIT_OK
    states = ("pending", "sending", "sent", "failed", "uncertain", "superseded")
    current = None
    for line in lines:
        if line.incident != current:
            current = line.incident
            _say(f"{current} (public audiences from {public.get(current)})")
        counts = ", ".join(f"{line.counts[s]} {s}" for s in states if line.counts.get(s))
        kind = "internal" if line.internal else "public"
        _say(f"  {line.audience} ({kind}): {counts}")
    for incident, audience, address, state, detail in problems:
        _say(f"  {state}: {incident} {audience} {address}: {detail}")
    from darksite.notify.service import PROBLEMS_SHOWN

    if incident_id is None and len(problems) == PROBLEMS_SHOWN:
        _say(f"  (the first {PROBLEMS_SHOWN}; darksite notify --status ID lists every one)")
    return EXIT_OK


def notify_after_publish(args: argparse.Namespace, published) -> int:
    """``publish --notify``: notify each public incident this publish changed.

    Which incidents: those whose file differs between the new live release's
    manifest and the previous release's (new ones included). One incident's
    failure is reported and the others still go out.
    """
    from pathlib import Path

    from darksite.notify.service import notify
    from darksite.ops.manifest import read_manifest
    from darksite.ops.releases import PublishDir

    started = time.monotonic()
    target = PublishDir(Path(args.to).absolute())
    new = read_manifest(target.root, published.release)
    old = read_manifest(target.root, target.previous(published.release))
    before = {r.id: r.sha256 for r in old.incidents} if old else {}
    changed = [r.id for r in (new.incidents if new else ())
               if r.id and r.is_public and before.get(r.id) != r.sha256
               and (old is not None or r.status == "active")]
    if not changed:
        _say("notify: no public incident changed in this release; nothing to send")
        return EXIT_OK
    code = EXIT_OK
    for incident_id in changed:
        try:
            report = _guarded(lambda i=incident_id: notify(args.config_file, i,
                                                           publish_dir=args.to,
                                                           started=started))
        except DarksiteError as error:
            _say(f"darksite: notify {incident_id}: {error} (the site is published)", sys.stderr)
            code = EXIT_PROBLEM
            continue
        if not print_report(report):
            code = EXIT_PROBLEM
    return code
