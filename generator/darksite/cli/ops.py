"""CLI commands for a crisis: ``new``, ``activate``, ``update``, ``resolve``, ``approve``,
``publish``, ``rollback``, ``rehearse`` and ``watch``.

Each handler parses its arguments, calls :mod:`darksite.ops` and prints one
line saying what happened; every refusal is a DarksiteError that
:func:`~darksite.cli.common.run_command` prints before exiting 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from darksite.cli.common import EXIT_OK, EXIT_PROBLEM, add_project_option, print_diagnostics
from darksite.errors import DarksiteError, InvalidIncidentsError, ProjectNotFoundError
from darksite.model import Phase


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this group's commands to the top-level parser."""
    new = subparsers.add_parser(
        "new", help="start a new draft incident from a scenario or a skeleton",
        description="Write incidents/ID.yaml as a draft: a copy of SCENARIO, or a commented "
                    "skeleton to fill in. Never overwrites an existing incident.",
    )
    add_project_option(new)
    new.add_argument("id", metavar="ID", help="the new incident's id (lower-case, hyphens)")
    new.add_argument("--from", dest="scenario", metavar="SCENARIO",
                     help="prepared scenario to copy (its id, or a path to its file)")
    new.set_defaults(handler=run_new)

    activate = subparsers.add_parser(
        "activate", help="make a draft (or a copy of a scenario) active",
        description="Fill placeholders, set status: active and started_at, all at once. "
                    "Refuses, changing nothing, while a placeholder is unfilled or any error "
                    "remains.",
    )
    add_project_option(activate)
    activate.add_argument("id", metavar="ID", help="the draft to activate (or the new id)")
    activate.add_argument("--from", dest="scenario", metavar="SCENARIO",
                          help="activate a copy of this scenario under the id ID")
    activate.add_argument("--set", dest="values", action="append", default=[],
                          metavar="NAME=VALUE", help="fill placeholder {{ NAME }} (repeatable)")
    activate.add_argument("--at", metavar="TIME",
                          help="started_at: 05:40, 'yesterday 23:10', '2h ago' or a full timestamp "
                               "(default: now)")
    activate.set_defaults(handler=run_activate)

    update = subparsers.add_parser(
        "update", help="post a timestamped update to an incident's timeline",
        description="Append an update, keeping every comment and the rest of the file as it "
                    "is. TEXT is Markdown; '-' reads it from standard input.",
    )
    add_project_option(update)
    update.add_argument("id", metavar="ID")
    update.add_argument("text", metavar="TEXT", help="the update (Markdown), or - for stdin")
    update.add_argument("--phase", choices=[str(p) for p in Phase])
    update.add_argument("--translation", nargs=2, action="append", default=[],
                        metavar=("LANG", "TEXT"),
                        help="the same update in a declared language, written to "
                             "incidents/ID.LANG.yaml (repeatable: --translation cy '...' "
                             "--translation ar '...')")
    update.add_argument("--next-update", metavar="TIME|+SPAN",
                        help="promise the next update: 18:00, tomorrow 09:00, a full timestamp, "
                             "or +2h, +30m, +1d (rounded up to the quarter hour); read in the "
                             "site's time_zone")
    update.add_argument("--at", metavar="TIME",
                        help="when the update was issued: 09:40, '20m ago' or a full timestamp "
                             "(default: now; never in the future)")
    update.set_defaults(handler=run_update)

    resolve = subparsers.add_parser(
        "resolve", help="post the final update and mark the incident resolved",
        description="Append a final update (phase resolved), set status: resolved and "
                    "resolved_at, and drop next_update, in one atomic edit. Refused, changing "
                    "nothing, while the page would still say the incident is going on (each "
                    "such sentence, open action and a missing resolution: block is listed).",
    )
    add_project_option(resolve)
    resolve.add_argument("id", metavar="ID")
    resolve.add_argument("text", metavar="TEXT", help="the final update (Markdown), or -")
    resolve.add_argument("--at", metavar="TIME",
                         help="when it was resolved: 15:47, '20m ago' or a full timestamp "
                              "(default: now)")
    resolve.add_argument("--ended", metavar="TEXT",
                         help="what ended the incident, written as resolution.ended (when "
                              "the file has no resolution: block yet)")
    resolve.set_defaults(handler=run_resolve)

    approve = subparsers.add_parser(
        "approve", help="record who approved the incident's current text",
        description="Write approval: {by, at, digest}. publish holds back an active incident "
                    "whose approved fields changed since (see docs/operations.md).",
    )
    add_project_option(approve)
    approve.add_argument("id", metavar="ID")
    approve.add_argument("--by", required=True, metavar="NAME", help="who approves")
    approve.set_defaults(handler=run_approve)

    publish = subparsers.add_parser(
        "publish", help="build, verify and switch the live site atomically",
        description="Build a new release under DIR/releases/, check it, then point "
                    "DIR/current at it in one atomic rename. Serve DIR/current. Every further "
                    "--to (s3://BUCKET/PREFIX, git:REPO#BRANCH, another folder) then gets the "
                    "same release and is read back; one that fails exits 75, never stopping "
                    "the others.",
    )
    add_project_option(publish)
    _add_publish_options(publish, mirrors=True)
    publish.add_argument("-v", "--verbose", action="store_true")
    publish.add_argument("--note", metavar="TEXT",
                         help="the readers' note for a correction this publish records "
                              "(default: one made from the words that changed)")
    publish.add_argument("--notify", action="store_true",
                         help="then notify the audiences of every public incident it changed")
    publish.set_defaults(handler=run_publish)

    rollback = subparsers.add_parser(
        "rollback", help="point the live site back at the previous release, or one incident",
        description="Without ID: switch DIR/current back to the previous release, after "
                    "listing what changes for readers; refused if an active incident would "
                    "disappear, unless --yes. With ID: publish a new release in which only "
                    "that incident has its earlier public text (its file is not changed).",
    )
    add_project_option(rollback)
    rollback.add_argument("--to", required=True, metavar="DIR",
                          help="the publish folder, or s3://BUCKET/PREFIX")
    rollback.add_argument("--endpoint-url", metavar="URL", default=None,
                          help="the S3-compatible endpoint (default: boto3's configuration)")
    rollback.add_argument("id", metavar="ID", nargs="?", default=None,
                          help="roll back only this incident to its earlier public text")
    rollback.add_argument("--yes", action="store_true",
                          help="roll back even if active incidents disappear from the site")
    rollback.add_argument("--keep", type=int, default=5, metavar="N",
                          help="complete releases to keep (with ID; as for publish)")
    rollback.set_defaults(handler=run_rollback)

    rehearse = subparsers.add_parser(
        "rehearse", help="serve the site with drafts, marked REHEARSAL, with live reload",
    )
    add_project_option(rehearse)
    rehearse.add_argument("-a", "--dev-addr", metavar="HOST:PORT", default=None,
                          help="address to serve on (default: mkdocs.yml's dev_addr)")
    rehearse.add_argument("--replies", metavar="[ID=]FILE", action="append", default=[],
                          help="also serve this comments file (JSON Lines or CSV) as the "
                               "incident's reply queue at /replies/ID/ (ID: the file's name "
                               "unless given); files in the project's replies/ folder named "
                               "<id>.jsonl or <id>.csv are served without this")
    rehearse.set_defaults(handler=run_rehearse)

    watch = subparsers.add_parser(
        "watch", help="publish on every valid change; keep the last good site on a bad one",
    )
    add_project_option(watch)
    _add_publish_options(watch)
    watch.set_defaults(handler=run_watch)


def _add_publish_options(parser: argparse.ArgumentParser, *, mirrors: bool = False) -> None:
    if mirrors:  # publish: several targets (darksite.targets, docs/operations.md "Mirrors")
        parser.add_argument("--to", required=True, action="append", metavar="TARGET",
                            help="a publish folder (served as DIR/current), s3://BUCKET/PREFIX "
                                 "or git:REPO#BRANCH; repeat for mirrors")
        parser.add_argument("--endpoint-url", metavar="URL", default=None,
                            help="the S3-compatible endpoint (default: boto3's configuration, "
                                 "e.g. AWS_ENDPOINT_URL)")
    else:
        parser.add_argument("--to", required=True, metavar="DIR",
                            help="the publish folder; the web server serves DIR/current")
    parser.add_argument("--keep", type=int, default=5, metavar="N",
                        help="complete releases to keep (default 5; the live one and the "
                             "rollback target are always kept)")
    parser.add_argument("--allow-unapproved-changes", nargs="+", default=[], metavar="ID",
                        help="let these incidents out although their approved text changed "
                             "since approval (every other such incident stays held back)")
    parser.add_argument("--full", action="store_true",
                        help="always rebuild the whole site (by default only what a change "
                             "to active incidents affects is rebuilt, when that is safe)")


def incident_folder(config_file: str | None):
    """The project's incidents; a folder with only ``incidents/`` works for file edits."""
    from darksite.mkdocs.project import open_project, read_folders
    from darksite.ops.incidents import IncidentFolder

    try:
        folders = read_folders(config_file)
        if folders is not None:
            return IncidentFolder(root=folders.root, incidents_dir=folders.incidents_dir,
                                  docs_dir=folders.docs_dir, time_zone=folders.time_zone,
                                  languages=folders.languages)
        return IncidentFolder.from_settings(open_project(config_file).settings)
    except ProjectNotFoundError:
        here = Path.cwd()
        if config_file is None and (here / "incidents").is_dir():
            return IncidentFolder(root=here, incidents_dir=here / "incidents")
        raise


def _text(value: str) -> str:
    """TEXT, or standard input for ``-``; refused unless it is UTF-8 (never half-written)."""
    from darksite.fs_errors import file_boundary
    from darksite.ops.errors import IncidentEditError

    where = "the text on the command line"
    if value == "-":
        where = "the text from standard input"
        with file_boundary("standard input", doing="cannot read the text from standard input",
                           outcome="nothing was changed"):
            value = sys.stdin.read()
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        byte = value[error.start].encode("utf-8", "surrogateescape")
        raise IncidentEditError(
            f"{where} is not UTF-8 (byte 0x{byte.hex()} at character {error.start + 1}): "
            "convert it, e.g. iconv -f latin1 -t utf-8, then run the same command again; "
            "nothing was changed") from None
    return value


def _values(pairs: list[str]) -> dict[str, str]:
    from darksite.ops.errors import IncidentEditError

    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise IncidentEditError(f"--set '{pair}': write NAME=VALUE, e.g. --set "
                                    "area_text='Greater Manchester'")
        name = name.strip()
        if name in values and values[name] != value:
            raise IncidentEditError(f"--set {name} is given twice with different values")
        values[name] = value
    return values


def _moment(value: str | None, option: str, folder=None):
    """``--at`` in the operator's words, read in the site's ``time_zone`` (if it has one)."""
    from darksite.ops.moments import parse_at, site_zone

    if value is None:
        return None
    return parse_at(value, option=option, zone=site_zone(getattr(folder, "time_zone", None)))


def _warn(warnings) -> None:
    if warnings:
        print_diagnostics(warnings)


def run_new(args: argparse.Namespace) -> int:
    from darksite.ops.scenarios import new_incident

    created = new_incident(incident_folder(args.config_file), args.id, scenario=args.scenario)
    _warn(created.warnings)
    print(f"created draft {created.file}")
    if created.placeholders:
        print(f"placeholders to fill: {', '.join(created.placeholders)}")
    return EXIT_OK


def run_activate(args: argparse.Namespace) -> int:
    from darksite.ops.errors import UnfilledPlaceholdersError
    from darksite.ops.moments import format_moment
    from darksite.ops.scenarios import activate

    folder = incident_folder(args.config_file)
    try:
        result = activate(folder, args.id, scenario=args.scenario,
                          values=_values(args.values), at=_moment(args.at, "--at", folder))
    except UnfilledPlaceholdersError as error:
        for use in error.uses:
            print(use.format_text(), file=sys.stderr)
        raise
    _warn(result.warnings)
    print(f"activated {result.file}: status active, started_at "
          f"{format_moment(result.started_at)}")
    if result.approval_note:
        print(f"note: {result.approval_note}")
    return EXIT_OK


def run_update(args: argparse.Namespace) -> int:
    from darksite.ops.moments import format_moment
    from darksite.ops.timeline import draft_note, post_update

    folder = incident_folder(args.config_file)
    _translation_languages(args, folder.languages)
    posted = post_update(folder, args.id, _text(args.text),
                         phase=Phase(args.phase) if args.phase else None,
                         next_update=args.next_update, at=_moment(args.at, "--at", folder))
    _warn(posted.edit.warnings)
    line = f"posted update at {format_moment(posted.at)} to {posted.edit.file}"
    line += _post_translations(args, folder, posted.edit.incident)
    if posted.next_update is not None:
        line += f"; next update promised by {format_moment(posted.next_update)}"
    print(line)
    if posted.draft:
        print(f"darksite: note: {draft_note(posted.edit.file, posted.edit.incident.id)}",
              file=sys.stderr)
    return EXIT_OK


def _translation_languages(args: argparse.Namespace, declared: tuple[str, ...]) -> None:
    """Refuse undeclared languages before the source update is posted (nothing half-done)."""
    if not args.translation:
        return
    from darksite.ops.errors import IncidentEditError

    for lang, _ in args.translation:
        if lang not in declared:
            raise IncidentEditError(
                f"--translation {lang}: not a declared language (declared: "
                f"{', '.join(declared) or 'none'}); add it to languages: others: in mkdocs.yml. "
                "Nothing was changed")


def _post_translations(args: argparse.Namespace, folder, incident) -> str:
    """``update --translation LANG TEXT``: each text added to its sidecar (darksite.i18n)."""
    if not args.translation:
        return ""
    from darksite.ops.translations import add_update

    files = [add_update(folder, incident, lang, _text(text))
             for lang, text in args.translation]
    return "; translated in " + ", ".join(files)


def run_resolve(args: argparse.Namespace) -> int:
    from darksite.ops.moments import format_moment
    from darksite.ops.timeline import resolve

    folder = incident_folder(args.config_file)
    posted = resolve(folder, args.id, _text(args.text), at=_moment(args.at, "--at", folder),
                     ended=args.ended)
    _warn(posted.edit.warnings)
    print(f"resolved {posted.edit.file} at {format_moment(posted.at)}")
    return EXIT_OK


def run_approve(args: argparse.Namespace) -> int:
    from darksite.ops.approval import approve
    from darksite.ops.moments import format_moment

    approved = approve(incident_folder(args.config_file), args.id, by=args.by)
    print(f"approved {approved.file} by {approved.by} at {format_moment(approved.at)}")
    return EXIT_OK


def _report_held(published) -> None:
    """Loudly, on stderr: each incident not published as it is now, with every diagnostic."""
    for draft in published.broken_drafts:
        print_diagnostics(draft.diagnostics)
        print(f"darksite: note: {draft.file}: {draft.reason}", file=sys.stderr)
    for held in published.held:
        if held.diagnostics:
            print_diagnostics(held.diagnostics)
        print(f"darksite: {held.format_text()}", file=sys.stderr)
    for note in published.notes:
        print(f"darksite: {note}", file=sys.stderr)


def _report_summary(published) -> None:
    if not published.held:
        return
    names = ", ".join(held.file for held in published.held)
    unapproved = [Path(held.file).stem for held in published.held
                  if held.reason.startswith("approved text changed")]
    urgent = (f"; or, if it must go out now unreviewed: publish --allow-unapproved-changes "
              f"{' '.join(unapproved)}") if unapproved else ""
    print(f"darksite: {len(published.held)} incident(s) held back: {names}. Every other "
          "incident is live as it is now. Fix the file, or have the change reviewed and run "
          f"darksite approve ID --by NAME, then publish again{urgent}",
          file=sys.stderr, flush=True)


def _report_published(published) -> None:
    _report_held(published)
    for problem in published.overridden:
        print(f"warning: published despite a changed approval: {problem.format_text()}",
              file=sys.stderr)
    for file in published.unapproved:
        print(f"warning: {file} is active but not approved (darksite approve ID --by NAME)",
              file=sys.stderr)
    written = "" if published.files_written is None else \
        f", {published.files_written} file(s) written"
    line = (f"published release {published.release} "
            f"({published.public} public incident(s)) in {published.seconds:.1f} s "
            f"({published.way}{written}); current -> releases/{published.release}")
    if published.pruned:
        line += f"; pruned {len(published.pruned)} old release(s)"
    print(line, flush=True)
    for recorded in getattr(published, "corrections", ()):
        print(f"correction recorded in corrections/{recorded.log.name} "
              f"({recorded.incident_id}): "
              f"{recorded.correction.note}", flush=True)
    _report_summary(published)


def run_publish(args: argparse.Namespace) -> int:
    from darksite.cli.targets import mirroring, print_deliveries, split_targets
    from darksite.ops.publish import publish

    args.to, mirrors = split_targets(args.to, args.config_file, args.endpoint_url)
    published = publish(args.config_file, args.to, keep=args.keep,
                        allow_unapproved_changes=args.allow_unapproved_changes, full=args.full,
                        note=args.note, mirror=mirroring(mirrors, keep=args.keep))
    _report_published(published)  # the build itself has shown its warnings
    status = EXIT_OK if published.complete else EXIT_PROBLEM
    if mirrors:
        status = max(status, print_deliveries(args.to, published.release, published.delivered))
    if args.notify:
        from darksite.cli.notify import notify_after_publish

        status = max(status, notify_after_publish(args, published))
    return status


def _print_changes(changes, stream) -> None:
    if not changes:
        print("no incident changes for readers", file=stream)
    for change in changes:
        mark = "WARNING: " if change.removes_active else ""
        print(f"  {mark}{change.format_text()}", file=stream)


def run_rollback(args: argparse.Namespace) -> int:
    from darksite.ops.publish import rollback, rollback_incident
    from darksite.ops.rollback import RollbackRefusedError
    from darksite.targets import is_remote

    if args.id is not None and is_remote(args.to):
        raise DarksiteError(f"rollback --to {args.to} {args.id}: roll one incident back in the "
                            "local publish folder (rollback --to DIR ID), then publish to "
                            f"{args.to} again")
    if args.id is not None:
        published, restored = rollback_incident(args.config_file, args.to, args.id,
                                                keep=args.keep)
        when = restored.record.last_updated or "?"
        print(f"rolled back {restored.record.file} to its text from release "
              f"{restored.release} (last update {when}); every other incident is unchanged")
        _report_published(published)
        print(f"note: {restored.record.file} itself was not changed: the next publish puts its "
              "text live again unless you edit it first", file=sys.stderr)
        return EXIT_OK if published.complete else EXIT_PROBLEM
    try:
        if is_remote(args.to):
            from darksite.cli.targets import rollback_remote

            rolled = rollback_remote(args.to, args.endpoint_url, args.yes)
        else:
            rolled = rollback(args.to, yes=args.yes)
    except RollbackRefusedError as refused:
        print("what would change for readers:", file=sys.stderr)
        _print_changes(refused.changes, sys.stderr)
        raise
    print(f"rolled back: current -> releases/{rolled.after} (was {rolled.before})")
    print("what changed for readers:")
    _print_changes(rolled.changes, sys.stdout)
    return EXIT_OK


def run_rehearse(args: argparse.Namespace) -> int:
    import logging

    from darksite.ops.rehearse import rehearse

    for name in ("mkdocs.livereload", "mkdocs.commands.serve"):
        logging.getLogger(name).setLevel(logging.INFO)
    rehearse(args.config_file, args.dev_addr, announce=lambda line: print(line, flush=True),
             replies=args.replies)
    return EXIT_OK


def run_watch(args: argparse.Namespace) -> int:
    from darksite.ops.releases import PublishDir
    from darksite.ops.signals import stop_on_sigterm
    from darksite.ops.watch import watch

    def refused(error: DarksiteError) -> None:
        if isinstance(error, InvalidIncidentsError):
            print_diagnostics(error.diagnostics)
        live = PublishDir(Path(args.to).absolute()).current_name()
        still = f"still live: releases/{live}" if live else "nothing is live yet"
        print(f"darksite: not published: {error}\n({still})", file=sys.stderr, flush=True)

    def ready(paths: list[Path]) -> None:
        listed = ", ".join(str(path) for path in paths)
        print(f"watching {listed}; Ctrl+C to stop", flush=True)

    stop_on_sigterm()
    try:
        watch(args.config_file, args.to, keep=args.keep,
              allow_unapproved_changes=args.allow_unapproved_changes, full=args.full,
              on_published=_report_published, on_refused=refused, on_ready=ready)
    except KeyboardInterrupt:
        print("stopped watching; the live site stays as it is", file=sys.stderr)
    return EXIT_OK
