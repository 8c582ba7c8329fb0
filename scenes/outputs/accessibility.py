"""The lecture against WCAG 2.1 AA, one criterion at a time, from its renders and its plans.

What an accessibility office asks of course video, each answered from what the render
wrote (OUT/<quality>/): captions for every spoken beat (1.2.2), a transcript (1.2.1,
1.2.8), text descriptions of what is shown and narration that says each step's numbers
(1.2.3, 1.2.5), no sound or motion the viewer did not ask for in the deck (1.4.2, 2.2.2),
text and graphics that stand out from what lies under them (1.4.3, 1.4.11: the layout
check's contrast findings) and no more than three flashes in any second (2.3.1). Each
result is one line; a criterion that fails says where and what to change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scenes.content.loader import Lecture, display_path
from scenes.maths.descriptions import unsaid_steps
from scenes.outputs.captions import parse_srt
from scenes.outputs.descriptions import LECTURE_DESCRIPTIONS, descriptions_path

MAX_SHOWN = 3  # places named in one line; the rest are counted


@dataclass(frozen=True)
class Result:
    """One criterion's outcome for the lecture: passed, or the places it fails."""

    number: str
    name: str
    passed: bool
    detail: str

    def line(self) -> str:
        return f"{'pass' if self.passed else 'FAIL':<5}{self.number} {self.name}: {self.detail}"


def _listed(places: Sequence[str]) -> str:
    more = len(places) - MAX_SHOWN
    shown = [place.rstrip(".") for place in places[:MAX_SHOWN]]
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _sections(folder: Path, scene: str) -> list[dict[str, object]] | None:
    try:
        return list(json.loads((folder / f"{scene}.sections.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def missing_renders(folder: Path, names: Sequence[str]) -> list[str]:
    """The scenes with no published clip in `folder`."""
    return [
        name
        for name in names
        if not (folder / f"{name}.mp4").is_file() or _sections(folder, name) is None
    ]


def captions(lecture: Lecture, folder: Path, names: Sequence[str]) -> Result:
    """1.2.2: every beat with narration has a caption on screen while it plays."""
    gaps = []
    for name in names:
        srt = folder / f"{name}.srt"
        cues = parse_srt(srt.read_text(encoding="utf-8")) if srt.is_file() else []
        spans = {
            str(s["name"]): (float(s["start"]), float(s["end"]))
            for s in _sections(folder, name) or []
        }  # type: ignore[arg-type]
        for beat in lecture.scene(name).beats:
            if not beat.narration.strip() or beat.name not in spans:
                continue
            start, end = spans[beat.name]
            if not any(cue.start < end and cue.end > start for cue in cues):
                gaps.append(f"{name}, beat {beat.name} ({start:.1f}-{end:.1f} s)")
    if gaps:
        return Result(
            "1.2.2", "Captions", False, f"no caption while {_listed(gaps)} is said; render it again"
        )
    return Result(
        "1.2.2",
        "Captions",
        True,
        f"every spoken beat of {len(names)} scenes is captioned (<Scene>.srt, lecture.vtt)",
    )


def descriptions(folder: Path, names: Sequence[str], whole: bool) -> Result:
    """1.2.3: a descriptions track for every clip (and the lecture) covering every beat."""
    missing = [name for name in names if not descriptions_path(folder, name).is_file()]
    if whole and not (folder / LECTURE_DESCRIPTIONS).is_file():
        missing.append(LECTURE_DESCRIPTIONS)
    if missing:
        return Result(
            "1.2.3",
            "Audio description or media alternative",
            False,
            f"no descriptions track for {_listed(missing)}; render again to write it",
        )
    return Result(
        "1.2.3",
        "Audio description or media alternative",
        True,
        f"a descriptions track for {len(names)} clips{' and the lecture' if whole else ''}, "
        "and the transcript",
    )


def said_steps(lecture: Lecture, names: Sequence[str], plan_of: Callable[[str], object]) -> Result:
    """1.2.5: the narration says the numbers every step puts on screen."""
    shown = display_path(lecture.path)
    found = [
        step.sentence(shown)
        for name in names
        for step in unsaid_steps(lecture.scene(name), plan_of(name))
    ]
    if found:
        return Result("1.2.5", "Audio description (prerecorded)", False, _listed(found))
    return Result(
        "1.2.5",
        "Audio description (prerecorded)",
        True,
        "the narration says the numbers of every step; the descriptions track carries the rest",
    )


def transcript(written: Sequence[Path] | None, error: str = "") -> list[Result]:
    """1.2.1 and 1.2.8: the transcript was written from the renders."""
    if written is None:
        return [
            Result("1.2.1", "Audio-only and video-only", False, error),
            Result("1.2.8", "Media alternative (prerecorded)", False, error),
        ]
    where = " and ".join(path.name for path in written)
    return [
        Result("1.2.1", "Audio-only and video-only", True, f"{where}: every sentence, timed"),
        Result(
            "1.2.8", "Media alternative (prerecorded)", True, f"{where}: text, formulas as MathML"
        ),
    ]


def deck_sound_and_motion(folder: Path) -> list[Result]:
    """1.4.2 and 2.2.2: clips never start with sound, and the deck pauses from the keyboard.

    The lecture and scene clips are files a player opens: they play when asked. The HTML
    deck plays each clip muted until the viewer's first key press, `k` pauses it, and it
    plays nothing on arrival for viewers who ask for reduced motion; its page is checked
    for those parts when it has been exported.
    """
    page = folder / "slides" / "index.html"
    if not page.is_file():
        detail = "clips play only when the viewer starts them; no HTML deck exported to check"
        return [
            Result("1.4.2", "Audio control", True, detail),
            Result("2.2.2", "Pause, stop, hide", True, detail),
        ]
    html = page.read_text(encoding="utf-8")
    videos = re.findall(r"<video\b[^>]*>", html)
    loud = [tag for tag in videos if not re.search(r"\smuted\b", tag)]
    reduced = "prefers-reduced-motion: reduce" in html
    muted = bool(videos) and not loud and reduced
    paused = 'key === "k"' in html
    fix = "export the deck again (lecture export slides)"
    sound = (
        f"the deck's {len(videos)} clips play muted until the first key press; none autoplays "
        "for reduced motion"
        if muted
        else f"{len(loud)} of the deck's {len(videos)} clips may start with sound ({page}); {fix}"
    )
    return [
        Result("1.4.2", "Audio control", muted, sound),
        Result(
            "2.2.2",
            "Pause, stop, hide",
            paused,
            "k pauses and plays the deck's clip; reduced motion stops autoplay"
            if paused
            else f"the deck at {page} has no pause key; {fix}",
        ),
    ]


def contrast(findings: Sequence[str]) -> list[Result]:
    """1.4.3 and 1.4.11: the layout check's contrast findings, by the criterion they cite."""
    text = [f for f in findings if "1.4.3" in f]
    graphics = [f for f in findings if "1.4.11" in f]
    return [
        Result(
            "1.4.3",
            "Contrast (minimum)",
            not text,
            _listed(text) if text else "every text is at least 4.5:1 against what lies under it",
        ),
        Result(
            "1.4.11",
            "Non-text contrast",
            not graphics,
            _listed(graphics) if graphics else "every curve, axis, arrow and dot is at least 3:1",
        ),
    ]


def flashes(reports: Sequence[tuple[str, float, float]]) -> Result:
    """2.3.1: (clip, most flashes in any one second, when) for each clip measured."""
    over = [(clip, most, at) for clip, most, at in reports if most > 3]
    if over:
        places = [
            f"{clip} flashes {most:g} times a second at {at:.1f} s" for clip, most, at in over
        ]
        return Result("2.3.1", "Three flashes or below threshold", False, _listed(places))
    worst = max((most for _, most, _ in reports), default=0)
    clips = [clip for clip, _, _ in reports]
    return Result(
        "2.3.1",
        "Three flashes or below threshold",
        bool(reports),
        f"at most {worst:g} flashes in any second of {_listed(clips)}"
        if reports
        else "no clip to measure; render the lecture first",
    )
