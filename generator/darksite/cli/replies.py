"""CLI command ``darksite replies ID --from FILE``: a reply queue that stays on message.

Reads comments (JSON Lines or CSV, or one ``--comment``), and prints the
queue as a table or JSON Lines: each comment's kind with the reason, and a
draft built only from the incident's approved public text and approved
reply lines. ``--suggest-faq OUT`` writes the recurring unanswered questions
as a draft ``faq:`` block to OUT for approval, never to the incident file.

Only the named incident is read: a broken file elsewhere never stops the
desk from answering people about this one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from darksite.cli.common import EXIT_OK, add_project_option
from darksite.errors import DarksiteError


class SuggestionPathError(DarksiteError):
    """``--suggest-faq`` named a file darksite must not write."""


def register(subparsers: argparse._SubParsersAction) -> None:
    replies = subparsers.add_parser(
        "replies", help="draft on-message replies to incoming comments, one by one",
        description=(
            "Classify incoming comments (question, complaint, sensitive, hostile, no reply "
            "needed) and draft each reply from the incident's approved public text only, "
            "with a link to the exact section; sensitive cases get only the private route. "
            "Also lists the questions that keep coming back and no FAQ entry answers."
        ),
    )
    replies.add_argument("id", metavar="ID", help="the incident id (its file name without .yaml)")
    add_project_option(replies)
    replies.add_argument("--from", dest="source", metavar="FILE", default=None,
                         help="comments as JSON Lines (.jsonl) or CSV (.csv) with the columns "
                              "id, channel, author, text, time")
    replies.add_argument("--comment", metavar="TEXT", default=None,
                         help="one comment typed here instead of (or as well as) --from")
    replies.add_argument("--channel", metavar="C", default="x",
                         help="the channel of --comment (x, facebook, sms, ...; default x)")
    replies.add_argument("--author", metavar="NAME", default="",
                         help="the name shown with --comment, for the greeting")
    replies.add_argument("--format", choices=("table", "jsonl", "html"), default="table",
                         help="table (default) for people, jsonl for tools, html for a "
                              "self-contained page to open in a browser (> queue.html)")
    replies.add_argument("--suggest-faq", metavar="OUT", default=None,
                         help="write the recurring unanswered questions to OUT as a draft FAQ "
                              "block for approval (never to the incident file)")
    replies.set_defaults(handler=run_replies)


def run_replies(args: argparse.Namespace) -> int:
    from darksite import clock
    from darksite.mkdocs.project import open_project
    from darksite.ops.incidents import IncidentFolder, read_text, require_valid_text
    from darksite.render.markdown import MarkdownRenderer
    from darksite.replies.comments import CommentFileError, one_comment, read_comments
    from darksite.replies.desk import build_queue
    from darksite.replies.monitor import faq_block
    from darksite.replies.report import jsonl, table

    if args.source is None and args.comment is None:
        raise CommentFileError("give the comments with --from FILE (JSON Lines or CSV), "
                               "or one comment with --comment TEXT")
    project = open_project(args.config_file)
    settings = project.settings
    folder = IncidentFolder.from_settings(settings)
    path = folder.find(args.id)
    file = folder.relative(path)
    incident, _ = require_valid_text(folder, read_text(path, file), file=file,
                                     refused="no reply queue")
    comments = read_comments(Path(args.source)) if args.source else []
    if args.comment is not None:
        comments.append(one_comment(args.comment, args.channel, args.author))
    renderer = MarkdownRenderer(project.config.markdown_extensions, project.config.mdx_configs,
                                allow_html=settings.allow_html)
    queue = build_queue(incident, comments, settings.incident_url(incident.id),
                        render=renderer.render, lang=settings.lang)
    if not incident.is_public:
        print(f"darksite: warning: {incident.id} is a draft: these replies are for rehearsal; "
              "post nothing until it is active and approved", file=sys.stderr)
    else:
        _warn_unless_approved(incident.id, read_text(path, file))
    if args.suggest_faq:
        out = Path(args.suggest_faq)
        _refuse_incident_path(out, settings.incidents_dir, path)
        from datetime import UTC

        from darksite.ops.atomic import write_atomic

        moment = clock.now().astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        write_atomic(out, faq_block(list(queue.recurring), incident.id, moment).encode())
        print(f"darksite: wrote {len(queue.recurring)} suggested FAQ entr"
              f"{'y' if len(queue.recurring) == 1 else 'ies'} to {out} for approval",
              file=sys.stderr)
    if args.format == "html":
        from darksite.replies.page import html_page

        sys.stdout.write(html_page(queue, settings.incident_url(incident.id), settings.lang))
    else:
        sys.stdout.write(jsonl(queue) if args.format == "jsonl" else table(queue))
    return EXIT_OK


def _warn_unless_approved(incident_id: str, text: str) -> None:
    """Drafts quote the approved text: say so when the file's text is not what was approved.

    The facts and the ``replies:`` lines are part of the approval digest; a
    change since then is not approved yet (and ``publish`` holds it back), so
    a draft quoting it would be off message. A warning, not a refusal: the
    desk must keep working at 3 a.m. while the approval is being sought.
    """
    import yaml

    from darksite.ops.approval import Loader, approval_state

    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:  # validated already; nothing to add
        return
    if root is None:
        return
    state = approval_state(root)
    if state.approval is None:
        print(f"darksite: warning: {incident_id} has no recorded approval: post nothing until "
              f"it is approved (darksite approve {incident_id} --by NAME)", file=sys.stderr)
    elif state.changed:
        print(f"darksite: warning: {incident_id}: {', '.join(state.changed)} changed since "
              f"{state.approval.by} approved it; drafts may quote unapproved text: approve it "
              f"first (darksite approve {incident_id} --by NAME)", file=sys.stderr)


def _refuse_incident_path(out: Path, incidents_dir: Path, incident_file: Path) -> None:
    """Suggestions are drafts: never into the incidents folder, never over an existing file."""
    resolved = out.resolve()
    if resolved == incident_file.resolve() or incidents_dir.resolve() in resolved.parents:
        raise SuggestionPathError(
            f"--suggest-faq {out}: suggestions are a draft for approval and never go into the "
            "incidents folder; write them elsewhere (e.g. faq-suggestions.yaml) and copy the "
            "approved entries into the incident's faq: by hand")
    if out.exists():
        raise SuggestionPathError(
            f"--suggest-faq {out}: the file exists and darksite never overwrites what someone "
            "wrote; choose a new name or move the old file away")
    if not out.parent.is_dir():
        raise SuggestionPathError(f"--suggest-faq {out}: the folder {out.parent} does not exist")

