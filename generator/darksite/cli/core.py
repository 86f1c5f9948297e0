"""CLI commands: ``check``, ``build`` and ``schema``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from darksite.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    add_project_option,
    diagnostics_json,
    print_diagnostics,
)
from darksite.diagnostics import has_errors

if TYPE_CHECKING:
    from darksite.api import Report


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser(
        "check", help="validate every incident file and check its messages",
        description="Exit 0 with no error (warnings allowed unless --strict), 1 with any.",
    )
    add_project_option(check)
    check.add_argument("--strict", action="store_true",
                       help="warnings fail too (info never fails)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(handler=run_check)

    build = subparsers.add_parser(
        "build", help="build the public site (or a rehearsal with drafts)",
    )
    add_project_option(build)
    build.add_argument("-d", "--site-dir", metavar="DIR", default=None,
                       help="where to write the site (default: mkdocs.yml's site_dir)")
    build.add_argument("--rehearsal", action="store_true",
                       help="include drafts, banner 'REHEARSAL - NOT PUBLIC', noindex")
    build.add_argument("--renderer", metavar="NAME", default=None,
                       help="generate the source tree, then render it with NAME "
                            "(mkdocs-material or zensical; default: mkdocs build with the plugin)")
    build.add_argument("-v", "--verbose", action="store_true")
    build.set_defaults(handler=run_build)

    schema = subparsers.add_parser("schema", help="print the incident file JSON Schema")
    schema.set_defaults(handler=run_schema)


def run_check(args: argparse.Namespace) -> int:
    from darksite import api  # here, not at the top: start-up time of every command counts
    from darksite.mkdocs.project import open_project

    project = open_project(args.config_file)
    report = api.check_incidents(project.settings)
    report = _with_translations(report, project.settings)  # darksite.i18n
    if args.format == "json":
        print(diagnostics_json(report.diagnostics))
    else:
        print_diagnostics(report.diagnostics, stream=sys.stdout)
        if not report.diagnostics:
            print(f"{len(report.incidents)} incident file(s): no problems")
    warned = any(d.is_warning for d in report.diagnostics)
    failed = has_errors(report.diagnostics) or (args.strict and warned)
    return EXIT_PROBLEM if failed else EXIT_OK


def _with_translations(report, settings):
    """The report with what ``check`` says about each declared language (docs/languages.md)."""
    from darksite import api
    from darksite.diagnostics import sorted_diagnostics
    from darksite.i18n.report import translation_diagnostics

    extra = translation_diagnostics(report.incidents, settings, api.now_utc())
    if not extra:
        return report
    return api.Report(incidents=report.incidents,
                      diagnostics=tuple(sorted_diagnostics([*report.diagnostics, *extra])))


def run_build(args: argparse.Namespace) -> int:
    import logging

    from darksite import api

    # The plugin logs each diagnostic for plain `mkdocs build`; here they are printed once,
    # in file order with a count, below.
    logging.getLogger("mkdocs.plugins.darksite").setLevel(logging.ERROR)
    drawn: int | None = None
    if args.renderer is not None:
        report, drawn = _build_with_pipeline(args)
    else:
        report = api.build_site(args.config_file, args.site_dir, rehearsal=args.rehearsal)
    print_diagnostics(report.diagnostics)
    kind = "rehearsal site" if args.rehearsal else "site"
    how = "" if drawn is None else (
        "; nothing changed since the last build into this folder" if drawn == 0 else
        f"; {drawn} changed page(s) drawn, every other file kept from the last build")
    print(f"built the {kind}: {len(report.public)} public incident(s){how}", file=sys.stderr)
    return EXIT_OK


def _build_with_pipeline(args: argparse.Namespace) -> tuple[Report, int | None]:
    """``build --renderer NAME``: the generated tree, rendered behind the port (docs/site.md);
    with how many pages were drawn when only the changed ones were."""
    from pathlib import Path

    from darksite.mkdocs.project import open_project, pipeline_templates
    from darksite.pipeline.build import build
    from darksite.pipeline.port import renderer_named

    renderer = renderer_named(args.renderer)
    project = open_project(args.config_file)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else project.settings.site_dir
    result = build(project.settings, pipeline_templates(project), site_dir, renderer,
                   rehearsal=args.rehearsal)
    return result.report, result.drawn


def run_schema(args: argparse.Namespace) -> int:
    from darksite.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK
