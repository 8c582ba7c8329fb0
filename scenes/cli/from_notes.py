"""`lecture new --from NOTES`: the notes read, drafted and planned, or one sentence (exit 2)."""

from __future__ import annotations

from pathlib import Path

from scenes.cli.common import fail


def draft_from_notes(notes: Path) -> tuple[str, tuple[str, ...], int, str]:
    """The drafted lecture file's text, the report (one line per section, one per element
    left out), the number of scenes, and the notes' title."""
    from scenes.notes.document import NotesError, read_notes
    from scenes.notes.drafting import draft_lecture
    from scenes.notes.lecture_file import written_lecture

    try:
        read = read_notes(notes)
    except NotesError as error:
        fail(str(error))
    draft = draft_lecture(read)
    written = written_lecture(draft)
    return written.text, written.report, written.scenes, draft.title
