"""CLI command ``darksite posts ID``: every channel's text for one incident, ready to paste.

The texts come from :mod:`darksite.outputs.channels`, rendered with the
site's own Markdown extensions, so that what is pasted into X, an SMS
gateway or a newswire says what the site says. A file with errors stops the
command with every diagnostic, as ``build`` does: a post must not link to a
page the next build will not publish.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from typing import TYPE_CHECKING

from darksite.channel_names import CHANNELS, INTERNAL_CHANNELS
from darksite.cli.common import EXIT_OK, add_project_option
from darksite.errors import IncidentNotFoundError
from darksite.model import Status
from darksite.textlength import channel_length, channel_limit, has_limit, is_gsm7

if TYPE_CHECKING:
    from darksite.model import Incident


def register(subparsers: argparse._SubParsersAction) -> None:
    posts = subparsers.add_parser(
        "posts", help="print one incident's texts for every channel, ready to paste",
        description=(
            "Print the texts for X, Bluesky, Mastodon, LinkedIn, Facebook, SMS, email, "
            "the press release and the internal memo (employees only), written from the "
            "incident file or taken from its 'channels:' overrides."
        ),
    )
    posts.add_argument("id", metavar="ID", help="the incident id (its file name without .yaml)")
    add_project_option(posts)
    posts.add_argument("-c", "--channel", choices=CHANNELS, default=None,
                       help="print only this channel's text, with nothing around it")
    posts.add_argument("--format", choices=("text", "json"), default="text",
                       help='json: {"posts": {"x": "...", "sms": "...", ...}}')
    posts.add_argument("--lang", metavar="LANG", default=None,
                       help="the texts in a language declared in mkdocs.yml, from "
                            "incidents/ID.LANG.yaml, linking to /LANG/ID/ (docs/languages.md)")
    posts.set_defaults(handler=run_posts)


def find_incident(incidents: tuple[Incident, ...], incident_id: str) -> Incident:
    """The incident with ``incident_id``, or an error that names the closest ids."""
    by_id = {incident.id: incident for incident in incidents}
    if incident_id in by_id:
        return by_id[incident_id]
    close = difflib.get_close_matches(incident_id, list(by_id), n=3)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    known = ", ".join(sorted(by_id)) or "none"
    raise IncidentNotFoundError(
        f"no incident with id '{incident_id}'{hint}; known ids: {known}"
    )


def length_note(channel: str, text: str) -> str:
    """``232/280``, or for SMS ``158/160 GSM-7``; empty for channels without a limit."""
    if not has_limit(channel):
        return ""
    note = f"{channel_length(channel, text)}/{channel_limit(channel, text)}"
    if channel == "sms":
        from darksite.i18n.report import sms_segments

        note += f", {sms_segments(text)[1]} segment(s),"  # what each recipient costs
        note += " GSM-7" if is_gsm7(text) else " UCS-2 (a character is not in GSM-7)"
    return note


def run_posts(args: argparse.Namespace) -> int:
    # Imported here, not at the top: every darksite command pays for top-level imports.
    from darksite import api
    from darksite.mkdocs.project import open_project
    from darksite.outputs.channels import channel_texts
    from darksite.outputs.context import OutputContext
    from darksite.render.markdown import MarkdownRenderer

    project = open_project(args.config_file)
    settings = project.settings
    report = api.require_valid(api.check_incidents(settings))
    incident = find_incident(report.incidents, args.id)
    renderer = MarkdownRenderer(project.config.markdown_extensions, project.config.mdx_configs,
                                allow_html=settings.allow_html)
    ctx = OutputContext.for_settings(settings, renderer)
    source, source_ctx = incident, ctx
    if args.lang and args.lang != settings.lang:
        incident, ctx = _in_language(incident, args.lang, ctx)
    channels = (args.channel,) if args.channel else CHANNELS
    texts = channel_texts(incident, ctx, channels)
    if "internal_memo" in texts and incident is not source:
        # Staff read the approved original: the memo stays in the source language.
        texts["internal_memo"] = channel_texts(source, source_ctx, ("internal_memo",))[
            "internal_memo"]
    if not settings.site_url:
        print("darksite: warning: site_url is not set in mkdocs.yml, so the links in these "
              "texts are relative; set site_url to the dark site's public address",
              file=sys.stderr)
    if args.format == "json":
        print(json.dumps({
            "posts": texts,
            "incident": {"id": incident.id, "status": incident.status.value,
                         "url": settings.incident_url(incident.id)},
        }, ensure_ascii=False, indent=2))
    elif args.channel:
        sys.stdout.write(texts[args.channel].rstrip("\n") + "\n")
    else:
        print(text_report(incident, texts))
    return EXIT_OK


def _in_language(incident: Incident, lang: str, ctx):
    """``posts --lang``: the incident's current translation, its links to ``/LANG/ID/``, and
    darksite's own words around it in LANG where it has a catalogue (:mod:`channels`)."""
    from darksite.errors import DarksiteError
    from darksite.outputs.language_press import in_language
    from darksite.outputs.languages import localised

    settings = ctx.settings
    if lang not in settings.languages:
        raise DarksiteError(f"--lang {lang}: not a declared language (declared: "
                            f"{', '.join(settings.languages) or 'none'}); add it to languages: "
                            "others: under the darksite plugin in mkdocs.yml")
    shown, untranslated = localised(incident, lang, ctx)
    if untranslated:
        print(f"darksite: warning: {len(untranslated)} text(s) of {incident.id} have no current "
              f"{lang} translation and are in {settings.lang} here (darksite translations "
              f"{incident.id})", file=sys.stderr)
    return shown, in_language(ctx, lang)


def text_report(incident: Incident, texts: dict[str, str]) -> str:
    """Every channel under a header line that names it and, where it has one, its limit."""
    lines = [f"# Posts for {incident.id} ({incident.status.value})"]
    if incident.status is Status.DRAFT:
        lines.append("# DRAFT - NOT PUBLIC: a prepared scenario; fill every {{ placeholder }} "
                     "and activate it before anything is posted.")
    for channel, text in texts.items():
        note = length_note(channel, text)
        header = f"== {channel}" + (f" ({note})" if note else "")
        if channel in INTERNAL_CHANNELS:
            header += " - INTERNAL, employees only, never public"
        lines += ["", header + " ==", text.rstrip("\n")]
    return "\n".join(lines)
