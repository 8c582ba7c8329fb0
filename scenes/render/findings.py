"""A rendered scene's layout findings, kept beside its clip (`<Scene>.layout.json`).

The render worker checks the layout while it draws (see kit/base.py) and publishes what it
found with the clip, so a later run that finds the clip fresh still reports them, and a
clip whose record is missing or unreadable is known to be unchecked rather than clean.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the kit imports manim; commands that only read findings must not
    from scenes.kit.layout import Finding

FINDINGS_SUFFIX = ".layout.json"


def write_findings(path: Path, findings: Sequence[Finding]) -> None:
    records = [
        {"beat": f.beat, "seconds": f.seconds, "kind": f.kind, "sentence": f.sentence()}
        for f in findings
    ]
    path.write_text(json.dumps({"findings": records}, indent=2) + "\n", encoding="utf-8")


def read_findings(path: Path) -> list[str] | None:
    """The sentences recorded for a clip; None when there is no readable record."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [str(record["sentence"]) for record in data["findings"]]
    except (OSError, ValueError, TypeError, KeyError):
        return None
