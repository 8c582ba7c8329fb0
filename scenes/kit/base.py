"""The lecture's scene base: a scene is a sequence of beats, each one idea.

`construct` walks the template's beats in order. Each beat is a method named after
it (`ShowTheSecants` -> `show_the_secants`); around it the base opens a manim
section of the same name, holds the beat until its narration has been said (the
renderer knows each beat's spoken length before a frame is drawn; without it, until
the caption can be read), adds the narration as a subcaption spanning the beat, and
records where every text ended up (for the layout tests). Scenes draw; they never
touch files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from manim import (
    Mobject,
    MovingCameraScene,
    Scene,
    ThreeDCamera,
    ThreeDScene,
    Wait,
    config,
)
from tqdm import tqdm

from scenes.content.loader import Beat, Lecture, SceneContent, content_path
from scenes.content.reading import reading_time
from scenes.kit import style
from scenes.kit.layout import (
    TEXT_TYPES,
    Finding,
    describe,
    is_visible,
    picture_of,
    problems_in,
    same_place,
    text_mobjects,
)
from scenes.kit.shaded_camera import ShadedFaceCamera

__all__ = ["TEXT_TYPES", "BeatScene", "BeatRecord", "TextBox"]

# Inside each animation the layout is checked at these fractions of its run time (and every
# beat's finished picture at its end).
CHECK_FRACTIONS = (0.25, 0.5, 0.75)


def method_name(beat: str) -> str:
    """`ShowTheSecants` -> `show_the_secants`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", beat).lower()


@dataclass(frozen=True)
class TextBox:
    """Where one text mobject lies on the frame at the end of a beat."""

    text: str
    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True)
class BeatRecord:
    """What a beat left on screen and how long it ran."""

    beat: str
    start: float
    end: float
    texts: tuple[TextBox, ...]
    animation: float = 0.0  # how long the beat would last if its narration were short
    steps: tuple[float, ...] = ()  # when each step began, in seconds from the beat's start
    # how long each part (the opening, then each step) would last if its sentence were short
    parts: tuple[float, ...] = ()


@dataclass(frozen=True)
class PlannedScene:
    """What a scene draws: one scene instance's content and its plan."""

    content: SceneContent
    plan: Any
    beat_seconds: Mapping[str, float] | None = None  # each beat's least length: its speech
    # a step-by-step beat's parts' least lengths: the opening's speech, then each step's
    step_seconds: Mapping[str, tuple[float, ...]] | None = None


class BeatScene:
    """Mixin holding the beat loop; combined below with manim's scene classes.

    The renderer hands each scene its content (`for_render`). Constructed without
    one, as plain `manim render` does, a scene reads the lecture named by
    $LECTURE_CONTENT (default render_config/lecture.toml) and draws the first instance of
    its template, preferring the one whose id is the class name.
    """

    content: SceneContent
    plan: Any
    beat_seconds: Mapping[str, float] | None
    beat_records: list[BeatRecord]
    # called with each beat's record once the beat is finished (the storyboard draws it)
    beat_ended: Callable[[BeatRecord], None] | None = None
    # whether to look for layout problems at each beat's end and inside each animation
    checks_layout: bool = False
    layout_findings: list[Finding]

    def __init__(self, *args: Any, planned: PlannedScene | None = None, **kwargs: Any) -> None:
        self._planned = planned
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]

    @classmethod
    def for_render(
        cls,
        content: SceneContent,
        *,
        beat_seconds: Mapping[str, float] | None = None,
        step_seconds: Mapping[str, tuple[float, ...]] | None = None,
        source: Path | None = None,
    ) -> BeatScene:
        """The scene instance `content` (as the command loaded it), planned here.

        The renderer hands each worker its scene's part of the lecture it read once, so a
        worker draws exactly what its job was keyed from. `beat_seconds` gives each beat's
        least length (its narration's, spoken), `step_seconds` each step-by-step beat's parts'
        lengths; `source` names the lecture file in messages.
        """
        from scenes.plans import plan_scene

        plan = plan_scene(content, source or content_path())
        planned = PlannedScene(content, plan, beat_seconds, step_seconds)
        return cls(planned=planned)

    def setup(self) -> None:
        super().setup()  # type: ignore[misc]
        planned = self._planned or _planned_from_lecture(type(self))
        self.content, self.plan = planned.content, planned.plan
        self.beat_seconds = planned.beat_seconds
        self.step_seconds = planned.step_seconds
        self._beat: Beat | None = None
        self._beat_start = 0.0
        self._step_starts: list[float] = []
        self._part_animations: list[float] = []
        self._stretched = 0.0  # seconds step_run_time added to the part being said
        self.beat_records = []
        self.layout_findings = []
        self._beat_now = ""
        self._check_times: list[float] = []
        self._play_start = 0.0
        self._problems_seen: set[tuple[str, str, str]] = (
            set()
        )  # each reported once, when it appears
        self.camera.background_color = style.BACKGROUND  # type: ignore[attr-defined]

    def construct(self) -> None:
        for beat in self.content.beats:
            self.next_section(beat.name)  # type: ignore[attr-defined]
            self._beat_now = beat.name
            start = self.time  # type: ignore[attr-defined]
            self._beat, self._beat_start, self._step_starts = beat, start, []
            self._part_animations, self._stretched = [], 0.0
            getattr(self, method_name(beat.name))()
            elapsed = self.time - start  # type: ignore[attr-defined]
            if self._step_starts:
                begun = self._step_starts[-1]
                self._part_animations.append(elapsed - begun - self._stretched + style.BEAT_HOLD)
            self.check_layout_now()
            # every beat ends on a held, finished frame (its poster) and lasts until its
            # narration has been said (or, silent, long enough to read its caption)
            linger = max(self.least_seconds(beat) - elapsed, style.BEAT_HOLD)
            self.wait(linger)  # type: ignore[attr-defined]
            end = self.time  # type: ignore[attr-defined]
            if beat.narration:
                self.add_subcaption(beat.narration, duration=end - start, offset=start - end)  # type: ignore[attr-defined]
            record = BeatRecord(
                beat.name,
                start,
                end,
                self.visible_text_boxes(),
                elapsed + style.BEAT_HOLD,
                tuple(round(t, 6) for t in self._step_starts),
                tuple(round(t, 6) for t in self._part_animations),
            )
            self.beat_records.append(record)
            if self.beat_ended is not None:
                self.beat_ended(record)

    def least_seconds(self, beat: Beat) -> float:
        """How long the beat must last: its spoken narration's length, or its reading time;
        said step by step, until its last part has been said after the step it began with."""
        if self.beat_seconds is not None and beat.name in self.beat_seconds:
            whole = self.beat_seconds[beat.name]
        else:
            whole = reading_time(beat.narration)
        parts = self.part_seconds(beat)
        if len(parts) < 2:
            return whole
        tail = max(whole - sum(parts), 0.0)  # the pause after the beat's last word
        said = len(self._step_starts)
        begun = self._step_starts[-1] if said else 0.0
        return max(whole, begun + sum(parts[said:]) + tail)

    def part_seconds(self, beat: Beat) -> tuple[float, ...]:
        """How long each part of a step-by-step beat is said (the opening, then each step);
        without the voice's lengths, each part's reading time."""
        if self.step_seconds is not None and beat.name in self.step_seconds:
            return tuple(self.step_seconds[beat.name])
        if not beat.stepped:
            return ()
        return tuple(reading_time(part) if part else 0.0 for part in beat.parts)

    # ------------------------------------------------------------ steps of a beat

    def begin_step(self) -> None:
        """Begin the beat's next step: first hold the picture until the part said before
        (the opening, or the step before) has been said, so each step's sentence starts
        with its animation. A beat narrated in one piece has no parts: its steps just play."""
        beat = self._beat
        assert beat is not None, "begin_step() is called inside a beat"
        parts = self.part_seconds(beat)
        said = len(self._step_starts)  # the part being said now: 0 is the opening
        begun = self._step_starts[-1] if said else 0.0
        ran = self.time - self._beat_start - begun  # type: ignore[attr-defined]
        self._part_animations.append(ran - self._stretched)
        self._stretched = 0.0
        if said < len(parts):
            rest = self._beat_start + begun + parts[said] - self.time  # type: ignore[attr-defined]
            if rest > 1e-6:
                self.wait(rest)  # type: ignore[attr-defined]
        self._step_starts.append(self.time - self._beat_start)  # type: ignore[attr-defined]

    def step_run_time(self, at_least: float) -> float:
        """A run time for an animation that may stretch to its step's sentence (a pen drawing
        a curve, a secant sliding): `at_least`, or longer while the step is still being said."""
        beat = self._beat
        parts = self.part_seconds(beat) if beat is not None else ()
        said = len(self._step_starts)
        if said >= len(parts):
            return at_least
        begun = self._step_starts[-1] if said else 0.0
        left = self._beat_start + begun + parts[said] - self.time  # type: ignore[attr-defined]
        self._stretched += max(0.0, left - at_least)
        return max(at_least, left)

    def visible_text_boxes(self) -> tuple[TextBox, ...]:
        """Bounding boxes, in frame units, of every visible text on screen."""
        boxes: list[TextBox] = []
        for mobject in self.screen_mobjects():
            for text in text_mobjects(mobject):
                if is_visible(text):
                    left, bottom, _ = text.get_corner([-1, -1, 0])
                    right, top, _ = text.get_corner([1, 1, 0])
                    boxes.append(TextBox(describe(text), left, bottom, right, top))
        return tuple(boxes)

    # ------------------------------------------------------------ the layout check

    def to_frame(self, mobject: Mobject, points: np.ndarray) -> np.ndarray:
        """Where a mobject's points are seen on the frame (a still 2D camera: unchanged)."""
        return same_place(mobject, points)

    def check_layout_now(self, into_play: float = 0.0) -> None:
        """Record what is wrong with the picture on screen now (once per beat and problem)."""
        if not self.checks_layout:
            return
        # a skipped play has moved the clock to its end already, a drawn one frame by frame
        seconds = (self._play_start + into_play) if into_play else self.time  # type: ignore[attr-defined]
        moving = (
            [m for a in self.animations for m in a.mobject.get_family()]  # type: ignore[attr-defined]
            if into_play and self.animations  # type: ignore[attr-defined]
            else []
        )
        picture = picture_of(self.mobjects, self.to_frame, moving)  # type: ignore[attr-defined]
        for problem in problems_in(picture):
            key = (problem.kind, problem.subject, problem.other)
            if key in self._problems_seen:
                continue
            self._problems_seen.add(key)
            self.layout_findings.append(
                Finding(
                    self.content.name,
                    self._beat_now,
                    round(seconds, 2),
                    problem.kind,
                    problem.clause,
                )
            )

    def play(self, *args: Any, **kwargs: Any) -> None:
        self._play_start = self.time  # type: ignore[attr-defined]
        super().play(*args, **kwargs)  # type: ignore[misc]

    def play_internal(self, skip_rendering: bool = False) -> None:
        animations = self.animations or []  # type: ignore[attr-defined]
        lone_wait = len(animations) == 1 and isinstance(animations[0], Wait)
        if self.checks_layout and not lone_wait:
            run_time = self.get_run_time(animations)  # type: ignore[attr-defined]
            self._check_times = [f * run_time for f in CHECK_FRACTIONS]
        else:
            self._check_times = []
        super().play_internal(skip_rendering)  # type: ignore[misc]
        self._check_times = []

    def get_time_progression(
        self,
        run_time: float,
        description: str,
        n_iterations: int | None = None,
        override_skip_animations: bool = False,
    ) -> Any:
        """Skipping, manim jumps to each animation's end; the check also stops at its samples."""
        if self._check_times and self.renderer.skip_animations and not override_skip_animations:  # type: ignore[attr-defined]
            return tqdm([*self._check_times, run_time], disable=True)
        return super().get_time_progression(  # type: ignore[misc]
            run_time, description, n_iterations, override_skip_animations
        )

    def update_to_time(self, t: float) -> None:
        super().update_to_time(t)  # type: ignore[misc]
        while self._check_times and t >= self._check_times[0] - 1e-9:
            self._check_times.pop(0)
            self.check_layout_now(t)

    def screen_mobjects(self) -> list[Mobject]:
        """Mobjects whose coordinates are frame coordinates (2D scenes: all of them)."""
        return list(self.mobjects)  # type: ignore[attr-defined]


class LectureScene(BeatScene, Scene):
    """A 2D lecture scene."""


class LectureCameraScene(BeatScene, MovingCameraScene):
    """A 2D lecture scene whose camera can pan and zoom."""

    def to_frame(self, mobject: Mobject, points: np.ndarray) -> np.ndarray:
        frame = self.camera.frame
        return (points - frame.get_center()) * (config.frame_width / frame.width)

    def screen_mobjects(self) -> list[Mobject]:
        frame = self.camera.frame
        unzoomed = abs(frame.width - config.frame_width) < 1e-6
        return list(self.mobjects) if unzoomed else []


class LectureThreeDScene(BeatScene, ThreeDScene):
    """A 3D lecture scene; only text fixed in the frame is laid out in frame units.

    It draws through ShadedFaceCamera, which gives manim's frames in a fraction of the time.
    """

    def __init__(self, camera_class: type[ThreeDCamera] = ShadedFaceCamera, **kwargs: Any) -> None:
        super().__init__(camera_class=camera_class, **kwargs)

    def screen_mobjects(self) -> list[Mobject]:
        fixed = self.renderer.camera.fixed_in_frame_mobjects
        return [m for m in self.mobjects if m in fixed]

    def to_frame(self, mobject: Mobject, points: np.ndarray) -> np.ndarray:
        self.refresh_rotation()
        return self.renderer.camera.transform_points_pre_display(mobject, points)

    def refresh_rotation(self) -> None:
        """The camera's rotation for its angles now. manim refreshes it only when it draws,
        so a skipped run would see a stale angle; refreshed only when the angles moved
        (reading one picture projects thousands of mobjects at one angle), and never
        trusting a matrix set elsewhere."""
        camera = self.renderer.camera
        angles = (camera.get_phi(), camera.get_theta(), camera.get_gamma())
        seen = getattr(self, "_rotation", None)
        if seen is None or seen[0] != angles or seen[1] is not camera.rotation_matrix:
            camera.reset_rotation_matrix()
            self._rotation = (angles, camera.rotation_matrix)


def _planned_from_lecture(cls: type) -> PlannedScene:
    """The plain-manim path: the default lecture's instance of this class's template."""
    from scenes.plans import build_plan, load_lecture, template_of_class

    template = template_of_class(cls)
    if template is None:
        raise TypeError(f"{cls.__name__} is not the Scene class of any template")
    lecture: Lecture = load_lecture()
    instances = [scene for scene in lecture.scenes if scene.template == template.name]
    if not instances:
        raise LookupError(f"{lecture.path} has no scene drawn with the template {template.name}")
    chosen = next((s for s in instances if s.name == cls.__name__), instances[0])
    return PlannedScene(chosen, build_plan(lecture, chosen.name))
