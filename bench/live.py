"""Update-to-live: from ``darksite update`` to the new words on the live site.

What a crisis team waits for after posting an update is the whole chain:
the file edit, the rebuild, the verification and the switch of the live
folder. The figure is the wall time of the commands a person runs, each in
its own process, and it counts only when the new text is then really in the
live incident page (``LIVE/current/<id>/index.html``).

The commands are templates so that a faster path can be measured without
touching this module: ``--update-command`` and ``--publish-command`` on
``python -m bench`` replace them. Placeholders: ``{python}`` (this
interpreter), ``{id}``, ``{text}`` and ``{live}`` (the publish folder).
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.measure import BenchError, Run, bench_env, run

UPDATE_COMMAND = "{python} -m darksite update {id} {text}"
PUBLISH_COMMAND = "{python} -m darksite publish --to {live}"


@dataclass(frozen=True)
class LiveMeasurement:
    """One update made live: the seconds of each step and of the whole chain."""

    update: Run
    publish: Run

    @property
    def seconds(self) -> float:
        return self.update.seconds + self.publish.seconds


@dataclass(frozen=True)
class CommandChain:
    """An update command then a publish command, given as templates."""

    update_template: str = UPDATE_COMMAND
    publish_template: str = PUBLISH_COMMAND

    @property
    def description(self) -> str:
        update, publish = (t.replace("{python} -m ", "") for t in
                           (self.update_template, self.publish_template))
        return f"`{update}` then `{publish}`"

    def _argv(self, template: str, **values: str) -> list[str]:
        values = {"python": sys.executable, **values}
        return [part.format(**values) for part in shlex.split(template)]

    def unavailable_reason(self, project: Path) -> str | None:
        """Why the chain cannot run here (a command missing), or ``None``.

        Each command's fixed words (up to its first option or placeholder) are
        run with ``--help``: argparse exits 2 for a command it does not know.
        """
        for template in (self.update_template, self.publish_template):
            words = shlex.split(template)
            fixed = []
            for word in words:
                if fixed and (word.startswith("--") or "{" in word):
                    break
                fixed.append(word)
            command = self._argv(" ".join(shlex.quote(w) for w in fixed))
            probe = run([*command, "--help"], cwd=project, check=False)
            if probe.returncode != 0:
                shown = " ".join(fixed).replace("{python} -m ", "")
                return f"`{shown}` is not available (exit {probe.returncode})"
        return None

    def prepare(self, project: Path, live: Path) -> None:
        """The first publish, not timed: a live site exists before the crisis update."""
        run(self._argv(self.publish_template, id="", text="", live=str(live)), cwd=project)

    def make_live(self, project: Path, live: Path, incident_id: str, text: str) -> LiveMeasurement:
        """Post ``text`` to ``incident_id`` and publish; checks that the page shows it."""
        env = bench_env()
        update = run(self._argv(self.update_template, id=incident_id, text=text,
                                live=str(live)), cwd=project, env=env)
        publish = run(self._argv(self.publish_template, id=incident_id, text=text,
                                 live=str(live)), cwd=project, env=env)
        page = live / "current" / incident_id / "index.html"
        if not page.is_file() or text not in page.read_text(encoding="utf-8"):
            raise BenchError(f"after publishing, {page} does not show the update {text!r}")
        return LiveMeasurement(update=update, publish=publish)


def measure_update_to_live(chain: CommandChain, project: Path, live: Path,
                           incident_id: str, runs: int) -> Sequence[LiveMeasurement]:
    """``runs`` updates made live one after another on the same project."""
    chain.prepare(project, live)
    return [chain.make_live(project, live, incident_id,
                            f"Bench update {n + 1}: crews are still on site and the next "
                            f"update follows within two hours.")
            for n in range(runs)]
