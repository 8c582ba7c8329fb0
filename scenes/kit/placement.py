"""Labels that find their place: the best free spot around a point, read from the picture.

A template does not put a label at a fixed offset that suits one set of numbers. It asks a
`Placer` (built from what is, or will be, on screen: axes and their numbers, curves,
arrows, other labels) for a spot around the label's anchor. Candidates lie in eight
directions at growing distances; each is scored by how far it leaves the safe area, how
much text it overlaps, how much ink it covers and how far it is from the anchor, and the
best wins. Where even the best is away from the anchor, a thin leader line joins the two.
The scores read pictures exactly as the layout check does (`layout.py`), so what the
placer avoids is what the check reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from manim import DL, DOWN, DR, LEFT, RIGHT, UL, UP, UR, Axes, Line, Mobject, VGroup

from scenes.kit import style
from scenes.kit.layout import (
    ANCHOR_LIMIT,
    INK_INSET,
    INK_TOLERANCE,
    SAFE_MARGIN,
    Box,
    InkOnFrame,
    Picture,
    TextOnFrame,
    ToFrame,
    describe,
    ink_inside,
    picture_of,
    same_place,
    set_anchor,
)

DIRECTIONS = (UR, UL, DR, DL, RIGHT, LEFT, UP, DOWN)
BUFF = 0.15  # the nearest a label comes to its anchor (frame units)
REACH = (1.0, 2.0, 3.5, 5.5, 8.0)  # candidate distances, in multiples of BUFF
# Where no candidate above is free: twice the directions (every 22.5 degrees, on the square
# the eight span) and the distances between.
_ANGLES = np.linspace(0.0, 2 * np.pi, 16, endpoint=False)
FINER_DIRECTIONS = tuple(
    np.array([np.cos(a), np.sin(a), 0.0]) / max(abs(np.cos(a)), abs(np.sin(a))) for a in _ANGLES
)
FINER_REACH = (1.0, 1.5, 2.0, 2.75, 3.5, 4.5, 5.5, 6.75, 8.0)
FINER_TEXT_GAP = 0.12  # a finer spot keeps this clear of other texts: labels stacked edge to
# edge read as one, and the reader cannot tell which point each names
DOT_GAP = 0.04  # a label keeps this clear of every dot: a glyph touching a dot reads as one
# mark (its own dot, of the usual radius, lies inside BUFF and so stays clear too)
LEADER_FROM = 2.5  # a label further than this many BUFF from its anchor gets a leader
LEADER_STROKE = 1.5
LEADER_GAP = 0.08  # a leader stops this short of the anchor and of the label
SAFE_EXTRA = 0.05  # placed labels keep this much further inside than the check demands

# Penalties: leaving the frame is worst, then text on text, then ink under text.
OUTSIDE_COST = 1000.0
TEXT_COST = 300.0
INK_COST = 20.0
DISTANCE_COST = 1.0


class Placer:
    """The occupied regions of one picture, and the label placement that avoids them."""

    def __init__(
        self,
        mobjects: Iterable[Mobject] = (),
        *,
        to_frame: ToFrame = same_place,
        safe: Box | None = None,
    ) -> None:
        self.to_frame = to_frame
        self.safe = safe or Box.frame(SAFE_MARGIN + SAFE_EXTRA)
        self.texts: list[TextOnFrame] = []
        self.inks: list[InkOnFrame] = []
        self._joined: tuple[int, np.ndarray] | None = None  # (ink count, their segments)
        self._add(picture_of(list(mobjects), to_frame))

    @classmethod
    def of_pictures(cls, pictures: Iterable[Picture], *, to_frame: ToFrame = same_place) -> Placer:
        """A placer from pictures read already (one per mobject, shared between labels)."""
        placer = cls((), to_frame=to_frame)
        for picture in pictures:
            placer._add(picture)
        return placer

    def _add(self, picture: Picture) -> None:
        """A picture's texts and ink; each dot's disc, with a gap around it, as occupied as
        a text is (ink may be touched, a dot may not)."""
        self.texts.extend(picture.texts)
        self.inks.extend(picture.inks)
        for ink in picture.inks:
            if ink.solid and len(ink.segments):
                disc = Box.around(ink.segments.reshape(-1, 2)).inset(-DOT_GAP)
                self.texts.append(TextOnFrame(ink.name, disc))

    def avoid(self, *mobjects: Mobject) -> Placer:
        """Count these mobjects (drawn later, perhaps) as occupied too."""
        self._add(picture_of(mobjects, self.to_frame))
        return self

    def avoid_box(self, box: Box, name: str = "a reserved region") -> Placer:
        """Keep labels out of a region (where something will appear later)."""
        self.texts.append(TextOnFrame(name, box))
        return self

    # ------------------------------------------------------------ scoring

    def ink_segments(self) -> np.ndarray:
        """Every ink segment in one array, joined once per change, not once per candidate
        (a placement scores about 40 spots; 3D labels are placed every frame of a turn)."""
        if self._joined is None or self._joined[0] != len(self.inks):  # inks only grow
            self._joined = (len(self.inks), _segments(self.inks))
        return self._joined[1]

    def segments_near(self, area: Box) -> np.ndarray:
        """The ink segments that reach into `area`: all a label inside it can cover (a
        search around one point then clips a few hundred segments, not the whole picture)."""
        segments = self.ink_segments()
        if not len(segments):
            return segments
        low, high = segments.min(axis=1), segments.max(axis=1)
        near = (
            (high[:, 0] >= area.left)
            & (low[:, 0] <= area.right)
            & (high[:, 1] >= area.bottom)
            & (low[:, 1] <= area.top)
        )
        return segments[near]

    def cost(
        self,
        box: Box,
        anchor: Sequence[float] | None = None,
        text_gap: float = 0.0,
        segments: np.ndarray | None = None,
    ) -> float:
        """How bad a label at `box` would be: outside, on text (or within `text_gap` of it),
        on ink, away from its anchor. `segments`: the ink near it (default: all)."""
        total = OUTSIDE_COST * box.beyond(self.safe)
        spaced = box.inset(-text_gap)
        for text in self.texts:
            area = spaced.overlap_area(text.box)
            if area > 0:
                total += TEXT_COST * (area + 0.05)
        if segments is None:
            segments = self.ink_segments()
        covered = ink_inside(segments, box.inset(INK_INSET)) if len(segments) else 0.0
        total += INK_COST * covered
        if anchor is not None:
            total += DISTANCE_COST * box.distance_to(anchor)
        return total

    def is_free(self, box: Box, text_gap: float = 0.0, segments: np.ndarray | None = None) -> bool:
        """No text under it (or within `text_gap`), ink only within half the check's
        tolerance, inside the safe area."""
        if segments is None:
            segments = self.ink_segments()
        covered = ink_inside(segments, box.inset(INK_INSET)) if len(segments) else 0.0
        spaced = box.inset(-text_gap)
        return (
            box.beyond(self.safe) == 0
            and all(spaced.overlap_area(t.box) == 0 for t in self.texts)
            and covered <= INK_TOLERANCE / 2
        )

    def spot(
        self,
        width: float,
        height: float,
        anchor: Sequence[float],
        *,
        directions: Sequence[np.ndarray] = DIRECTIONS,
        buff: float = BUFF,
    ) -> tuple[np.ndarray, float]:
        """The best centre (frame x, y) for a width x height label around `anchor`, and its
        distance from it. Where none of the usual eight directions has a free spot, a finer
        set of directions is tried too; a caller that chose its own directions (an axis
        label only above or below the axis's end) keeps to them."""
        best = self._best(width, height, anchor, directions, REACH, buff)
        assert best is not None  # the nearest ring of candidates is always within reach
        if self.is_free(best[3]) or directions is not DIRECTIONS:
            return best[1], best[2]
        # the finer set's free spots, scored with a gap kept from other texts (so a spot
        # apart from them wins over one stacked against them)
        gap = FINER_TEXT_GAP
        finer = self._best(
            width, height, anchor, FINER_DIRECTIONS, FINER_REACH, buff, gap, free_only=True
        )
        if finer is not None:
            return finer[1], finer[2]
        # none free: the least bad of both sets
        least = self._best(width, height, anchor, FINER_DIRECTIONS, FINER_REACH, buff)
        if least is not None and least[0] < best[0]:
            best = least
        return best[1], best[2]

    def _best(
        self,
        width: float,
        height: float,
        anchor: Sequence[float],
        directions: Sequence[np.ndarray],
        reaches: Sequence[float],
        buff: float,
        text_gap: float = 0.0,
        free_only: bool = False,
    ) -> tuple[float, np.ndarray, float, Box] | None:
        ax, ay = float(anchor[0]), float(anchor[1])
        best: tuple[float, np.ndarray, float, Box] | None = None
        # every candidate box lies within this of the anchor
        extent = ANCHOR_LIMIT + width + height
        near = self.segments_near(Box(ax - extent, ay - extent, ax + extent, ay + extent))
        for reach_index, reach in enumerate(reaches):
            distance = buff * reach
            if distance > ANCHOR_LIMIT * 0.8:
                break
            for order, direction in enumerate(directions):
                dx, dy = float(direction[0]), float(direction[1])
                centre = np.array(
                    [ax + dx * (width / 2 + distance), ay + dy * (height / 2 + distance)]
                )
                box = Box(
                    centre[0] - width / 2,
                    centre[1] - height / 2,
                    centre[0] + width / 2,
                    centre[1] + height / 2,
                )
                if box.distance_to((ax, ay)) > ANCHOR_LIMIT * 0.9:
                    continue  # a diagonal spot is further than its reach: keep within the check
                if free_only and not self.is_free(box, segments=near):
                    continue
                score = self.cost(box, (ax, ay), text_gap, near) + 0.01 * order + 0.02 * reach_index
                if best is None or score < best[0]:
                    best = (score, centre, box.distance_to((ax, ay)), box)
        return best

    # ------------------------------------------------------------ placing

    def place(
        self,
        label: Mobject,
        anchor: Sequence[float] | np.ndarray,
        *,
        directions: Sequence[np.ndarray] = DIRECTIONS,
        buff: float = BUFF,
        leader: bool = True,
    ) -> Mobject:
        """Move `label` (in a 2D picture) to its best spot around `anchor`; returns the label,
        or VGroup(label, leader) when the best spot needed a leader line. The label is
        then occupied, so the next label avoids it."""
        point = np.asarray(anchor, dtype=float).reshape(3)
        on_frame = self.to_frame(label, point.reshape(1, 3))[0]
        centre, distance = self.spot(
            label.width, label.height, on_frame, directions=directions, buff=buff
        )
        shift = np.array([centre[0] - on_frame[0], centre[1] - on_frame[1], 0.0])
        label.move_to(point + shift)
        set_anchor(label, point)
        self.occupy(label)
        if leader and distance > LEADER_FROM * buff:
            line = leader_line(label, point)
            self.inks.extend(picture_of([line], self.to_frame).inks)
            return VGroup(label, line)
        return label

    def occupy(self, *mobjects: Mobject, gap: float = 0.0) -> Placer:
        """Count placed labels as text, so later labels keep off them (and `gap` from them:
        two labels edge to edge read as one)."""
        for mobject in mobjects:
            points = np.concatenate(
                [self.to_frame(m, m.points) for m in mobject.family_members_with_points()]
            )
            self.texts.append(TextOnFrame(describe(mobject), Box.around(points).inset(-gap)))
        return self


def _segments(inks: Sequence[InkOnFrame]) -> np.ndarray:
    """All the inks' segments in one array."""
    return Picture((), tuple(inks)).ink_segments()


def leader_line(label: Mobject, anchor: Sequence[float]) -> Line:
    """A thin line from just off the anchor to just off the label's nearest edge."""
    point = np.asarray(anchor, dtype=float).reshape(3)
    left, bottom, _ = label.get_corner(DL)
    right, top, _ = label.get_corner(UR)
    near = np.array([np.clip(point[0], left, right), np.clip(point[1], bottom, top), point[2]])
    direction = near - point
    length = float(np.linalg.norm(direction))
    unit = direction / length if length > 0 else np.zeros(3)
    start = point + unit * LEADER_GAP
    end = near - unit * LEADER_GAP
    line = Line(start, end, color=style.MUTED_COLOR, stroke_width=LEADER_STROKE)
    line.layout_name = "a leader line"
    return line


def clear_tick_numbers(axes: Axes, *mobjects: Mobject, to_frame: ToFrame = same_place) -> int:
    """Take off the tick numbers these curves or labels would run through; how many went.

    A number under a curve either hides the curve (numbers drawn in front) or is crossed out
    by it: either way it misreads, and the remaining ticks still give the scale.
    """
    picture = picture_of(mobjects, to_frame)
    segments = picture.ink_segments()
    removed = 0
    for axis in (axes.x_axis, axes.y_axis):
        numbers = getattr(axis, "numbers", None)
        if numbers is None:
            continue
        for number in list(numbers.submobjects):
            box = Box.around(to_frame(number, number.get_all_points()))
            crossed = len(segments) and ink_inside(segments, box.inset(INK_INSET)) > 0
            covered = any(text.box.overlap_area(box) > 0 for text in picture.texts)
            if crossed or covered:
                numbers.remove(number)
                removed += 1
    return removed
