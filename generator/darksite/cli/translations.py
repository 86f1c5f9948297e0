"""``darksite translations ID``: what each declared language still needs, and confirming it."""

from __future__ import annotations

import argparse

from darksite.cli.common import EXIT_OK, EXIT_PROBLEM, add_project_option


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add this group's commands to the top-level parser."""
    command = subparsers.add_parser(
        "translations", help="list the missing and stale translations of an incident",
        description="For each language declared in mkdocs.yml, list the texts of incident ID "
                    "that are missing or stale (the source changed after translation) in "
                    "incidents/ID.LANG.yaml. Exit 1 while any is not complete.",
    )
    add_project_option(command)
    command.add_argument("id", metavar="ID")
    command.add_argument("--done", metavar="LANG", action="append", default=[],
                         help="confirm that LANG's texts translate the source as it is now "
                              "(records their digests; repeatable)")
    command.add_argument("--start", metavar="LANG", action="append", default=[],
                         help="write a skeleton incidents/ID.LANG.yaml for a translator")
    command.set_defaults(handler=run_translations)


def run_translations(args: argparse.Namespace) -> int:
    from darksite import clock
    from darksite.cli.ops import incident_folder
    from darksite.mkdocs.project import open_project
    from darksite.ops import translations

    settings = open_project(args.config_file).settings
    folder = incident_folder(args.config_file)
    for lang in args.start:
        path = translations.start(folder, settings, args.id, lang)
        print(f"started {folder.relative(path)}")
    for lang in args.done:
        count = translations.confirm(folder, settings, args.id, lang)
        print(f"confirmed {count} {lang} text(s) of {args.id} against the source")
    states = translations.states(folder, settings, args.id)
    now = clock.now()
    for state in states:
        print(state.format_text(now))
    complete = all(state.parity.complete and not state.diagnostics for state in states)
    return EXIT_OK if complete or args.done or args.start else EXIT_PROBLEM
