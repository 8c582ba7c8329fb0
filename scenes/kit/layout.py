"""What a picture holds, read from the mobjects' own geometry, and what is wrong with it.

A picture is its texts (each a box on the frame, and the point it labels where it labels
one) and its ink (every visible stroke -- curves, axes, arrows, dots -- as line segments on
the frame). From that, `problems_in` finds what a viewer would trip over: text outside the
safe area, text over text, text over a curve or an axis, a label far from its point, and --
in a finished picture -- text or ink too faint against what lies behind it (WCAG 2.1 1.4.3,
1.4.11: see `contrast_problems`). The placement routine (`placement.py`) reads pictures the
same way, so what it avoids is what the check reports.

Coordinates are frame units (the frame is `config.frame_height` = 8 units high); a scene
whose camera moves or projects hands `picture_of` the function taking points to the frame.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from manim import (
    Axes,
    BackgroundRectangle,
    DecimalNumber,
    Dot,
    MathTex,
    Mobject,
    NumberLine,
    ParametricFunction,
    Polygram,
    SingleStringMathTex,
    Surface,
    Tex,
    Text,
    VMobject,
    config,
)
from manim.mobject.geometry.line import Arrow
from manim.mobject.geometry.tips import ArrowTip
from manim.utils.family import extract_mobject_family_members

from scenes.kit.contrast import (
    GRAPHICS_CONTRAST,
    LECTURE_BACKGROUND,
    RGB,
    TEXT_CONTRAST,
    contrast_ratio,
    hex_of,
    over,
    rgb,
)
from scenes.maths.decimals import significant_digits

TEXT_TYPES = (Text, Tex, MathTex, SingleStringMathTex, DecimalNumber)

SAFE_MARGIN = 0.15  # text keeps this far inside the frame's edges (frame units)
TEXT_OVERLAP = 0.02  # two texts' boxes may share this much in each direction
INK_INSET = 0.04  # a text's box, less this on each side, is where ink counts as covering it
INK_TOLERANCE = 0.12  # ink up to this long inside a text's box is a touch, not a cover
ANCHOR_LIMIT = 1.5  # a label at most this far from its point (frame units)
VISIBLE = 0.05  # opacity below which a mobject is not seen
CURVE_PIECES = 4  # each cubic Bezier is read as this many straight pieces
# A number on screen has at most this many significant digits: exact short values (3.8125)
# fit, a raw float (2.39935728051547) does not (maths/plan_values.shown_latex rounds it).
MAX_SHOWN_DIGITS = 6
# Text shrunk below this manim font size (48 is a formula's normal size, 28 a tick number's)
# is hard to read at 1080p and unreadable at draft: a long title or a wide table shrunk to fit.
MIN_FONT_SIZE = 20
# Ink drawn below this opacity is set aside on purpose -- a ghost of an earlier curve
# (descent's dimmed ascent at 0.35, taylor's earlier polynomials at 0.3), a see-through
# frame -- context behind what is being read, not something to read: WCAG 1.4.11 asks
# contrast only of graphics "required to understand the content", so faint ink is exempt.
# Text has no such exemption: a text on screen is there to be read.
DECORATION_OPACITY = 0.5
BACKGROUND = rgb(LECTURE_BACKGROUND)  # style.BACKGROUND, which kit/base.py gives the camera
_NUMBER = re.compile(r"\d+(?:\.\d+)?")

ToFrame = Callable[[Mobject, np.ndarray], np.ndarray]


def same_place(_mobject: Mobject, points: np.ndarray) -> np.ndarray:
    """A still 2D camera: scene coordinates are frame coordinates."""
    return points


# ------------------------------------------------------------------ boxes


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle on the frame."""

    left: float
    bottom: float
    right: float
    top: float

    @classmethod
    def around(cls, points: np.ndarray) -> Box:
        return cls(
            float(points[:, 0].min()),
            float(points[:, 1].min()),
            float(points[:, 0].max()),
            float(points[:, 1].max()),
        )

    @classmethod
    def frame(cls, margin: float = 0.0) -> Box:
        half_w, half_h = config.frame_width / 2 - margin, config.frame_height / 2 - margin
        return cls(-half_w, -half_h, half_w, half_h)

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def shared(self, other: Box) -> tuple[float, float]:
        """How far the two boxes overlap along x and along y (negative: apart)."""
        dx = min(self.right, other.right) - max(self.left, other.left)
        dy = min(self.top, other.top) - max(self.bottom, other.bottom)
        return dx, dy

    def overlap_area(self, other: Box) -> float:
        dx, dy = self.shared(other)
        return max(dx, 0.0) * max(dy, 0.0)

    def inset(self, amount: float) -> Box:
        amount = min(amount, self.width / 2, self.height / 2)
        return Box(self.left + amount, self.bottom + amount, self.right - amount, self.top - amount)

    def beyond(self, area: Box) -> float:
        """How far this box sticks out of `area`, at most (0 when inside)."""
        return max(
            area.left - self.left,
            self.right - area.right,
            area.bottom - self.bottom,
            self.top - area.top,
            0.0,
        )

    def side_beyond(self, area: Box) -> str:
        sides = {
            "left": area.left - self.left,
            "right": self.right - area.right,
            "bottom": area.bottom - self.bottom,
            "top": self.top - area.top,
        }
        return max(sides, key=lambda side: sides[side])

    def distance_to(self, point: Sequence[float]) -> float:
        dx = max(self.left - point[0], 0.0, point[0] - self.right)
        dy = max(self.bottom - point[1], 0.0, point[1] - self.top)
        return float(np.hypot(dx, dy))

    def shifted(self, dx: float, dy: float) -> Box:
        return Box(self.left + dx, self.bottom + dy, self.right + dx, self.top + dy)


def ink_inside(segments: np.ndarray, box: Box) -> float:
    """The length of the segments (n x 2 x 2 array) that lies inside the box (Liang-Barsky)."""
    return float(np.sum(lengths_inside(segments, box)))


def lengths_inside(segments: np.ndarray, box: Box) -> np.ndarray:
    """Per segment (n x 2 x 2 array), the length of it that lies inside the box."""
    if len(segments) == 0 or box.width <= 0 or box.height <= 0:
        return np.zeros(len(segments))
    start, end = segments[:, 0, :], segments[:, 1, :]
    delta = end - start
    low, high = np.zeros(len(segments)), np.ones(len(segments))
    with np.errstate(divide="ignore", invalid="ignore"):
        for axis, (lo, hi) in enumerate(((box.left, box.right), (box.bottom, box.top))):
            d = delta[:, axis]
            s = start[:, axis]
            parallel = np.abs(d) < 1e-12
            outside = parallel & ((s < lo) | (s > hi))
            high[outside] = -1.0
            t1, t2 = (lo - s) / d, (hi - s) / d
            enter, leave = np.minimum(t1, t2), np.maximum(t1, t2)
            low = np.where(parallel, low, np.maximum(low, enter))
            high = np.where(parallel, high, np.minimum(high, leave))
    inside = np.clip(high - low, 0.0, None)
    return inside * np.linalg.norm(delta, axis=1)


def _ink_owners(inks: Sequence[InkOnFrame]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The ink names in order of first appearance, every segment, and its name's index: a
    text's cover is then one clipping of all the segments, summed per name."""
    names: dict[str, int] = {}
    owners = [np.full(len(ink.segments), names.setdefault(ink.name, len(names))) for ink in inks]
    if not inks:
        return [], np.zeros((0, 2, 2)), np.zeros(0, dtype=np.int64)
    return list(names), np.concatenate([ink.segments for ink in inks]), np.concatenate(owners)


# ------------------------------------------------------------------ reading a picture


@dataclass(frozen=True)
class TextOnFrame:
    """One text as the viewer sees it: what it says, its box, and the point it labels."""

    name: str
    box: Box
    anchor: tuple[float, float] | None = None
    moving: bool = False  # carried by the animation playing now (it is on its way)
    font_size: float | None = None  # as set, after any scaling (None: not a sized text)
    # its glyphs' fill colours, each (r, g, b, opacity) 0..1, and the colour seen behind its
    # centre (the background and every filled shape drawn before it there, composited);
    # read only by `Picture.coloured_texts`, and only in a picture at rest
    colours: tuple[tuple[float, float, float, float], ...] = ()
    beneath: RGB | None = None


@dataclass(frozen=True)
class InkOnFrame:
    """One visible stroke, as straight segments on the frame."""

    name: str
    segments: np.ndarray  # n x 2 (start, end) x 2 (x, y)
    solid: bool = False  # a filled dot: its disc is ink, not only its outline
    colour: RGB | None = None  # as drawn: its stroke's (a dot's or tip's fill where unstroked)
    opacity: float = 1.0


@dataclass(frozen=True)
class Picture:
    texts: tuple[TextOnFrame, ...]
    inks: tuple[InkOnFrame, ...]
    # a finished picture (a beat's end, a still): nothing is on its way, so colours and
    # opacities are the ones the viewer is meant to read, and contrast is judged
    at_rest: bool = False
    background: RGB = BACKGROUND
    # what the texts were read from: their colours are read from it only when asked
    # (`coloured_texts`), since only the check at rest needs them and the placer, reading
    # pictures far more often, never does
    source: _Source | None = field(default=None, compare=False, repr=False)

    def ink_segments(self) -> np.ndarray:
        if not self.inks:
            return np.zeros((0, 2, 2))
        return np.concatenate([ink.segments for ink in self.inks])

    def coloured_texts(self) -> tuple[TextOnFrame, ...]:
        """The texts with their glyphs' colours and what lies behind each (at rest only)."""
        if not self.at_rest or self.source is None or not self.texts:
            return self.texts
        source = self.source
        return tuple(
            _with_colours(
                source.mobjects, self.texts, source.shown, source.to_frame, self.background
            )
        )


@dataclass(frozen=True)
class _Source:
    """The mobjects a picture was read from, and each of its texts' mobject."""

    mobjects: list[Mobject]
    shown: list[Mobject]
    to_frame: ToFrame


def describe(mobject: Mobject) -> str:
    """What a text says, as its source writes it."""
    for attr in ("tex_string", "text"):
        value = getattr(mobject, attr, None)
        if isinstance(value, str):
            return value
    if isinstance(mobject, DecimalNumber):
        return f"{mobject.get_value():g}"
    return type(mobject).__name__


def is_visible(mobject: Mobject) -> bool:
    family = mobject.family_members_with_points()
    return (
        any(m.get_fill_opacity() > VISIBLE or m.get_stroke_opacity() > VISIBLE for m in family)
        and mobject.width > 1e-3
    )


def text_mobjects(mobject: Mobject) -> list[Mobject]:
    """The outermost text mobjects in a mobject's family."""
    if isinstance(mobject, TEXT_TYPES):
        return [mobject]
    found: list[Mobject] = []
    for sub in mobject.submobjects:
        found.extend(text_mobjects(sub))
    return found


def ignore_in_layout(*mobjects: Mobject) -> None:
    """Mark drawings that may lie under text by design (a box around a result, a highlight)."""
    for mobject in mobjects:
        mobject.layout_ignored = True


def set_anchor(label: Mobject, anchor: Callable[[], np.ndarray] | Sequence[float]) -> None:
    """Record the point a label names, so the check can measure how far it strayed."""
    label.layout_anchor = anchor


def anchor_of(label: Mobject) -> np.ndarray | None:
    anchor = getattr(label, "layout_anchor", None)
    if anchor is None:
        return None
    point = anchor() if callable(anchor) else anchor
    return np.asarray(point, dtype=float).reshape(3)


def _kind(mobject: Mobject, context: str) -> str:
    if isinstance(mobject, (Arrow, ArrowTip)):
        return "an arrow"
    if isinstance(mobject, (NumberLine, Axes)):
        return "an axis"
    if isinstance(mobject, ParametricFunction):
        return "a curve"
    if isinstance(mobject, Dot):
        return "a dot"
    return context


def _stroke_points(mobject: VMobject) -> np.ndarray | None:
    """The path of a leaf VMobject as sampled points (k curves x (pieces + 1) x 3)."""
    return _sampled(mobject.points)


def _sampled(points: np.ndarray) -> np.ndarray | None:
    """Cubic Bezier control points (4 per curve) as sampled points along each curve."""
    count = len(points) // 4
    if count == 0:
        return None
    curves = points[: 4 * count].reshape(count, 4, 3)
    t = np.linspace(0.0, 1.0, CURVE_PIECES + 1)[None, :, None]
    p0, p1, p2, p3 = (curves[:, i, None, :] for i in range(4))
    return (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3


def _inks(mobject: Mobject, context: str, to_frame: ToFrame, into: list[InkOnFrame]) -> None:
    if isinstance(mobject, TEXT_TYPES) or isinstance(mobject, Surface):
        return
    if getattr(mobject, "layout_ignored", False):
        return
    if isinstance(mobject, Polygram) and not isinstance(mobject, ArrowTip):
        return  # boxes and backgrounds: drawn around or behind text on purpose
    context = getattr(mobject, "layout_name", None) or _kind(mobject, context)
    if isinstance(mobject, VMobject) and len(mobject.points) >= 4:
        stroked = mobject.get_stroke_width() > 0 and mobject.get_stroke_opacity() > VISIBLE
        filled = isinstance(mobject, (Dot, ArrowTip)) and mobject.get_fill_opacity() > VISIBLE
        sampled = _stroke_points(mobject) if (stroked or filled) else None
        if sampled is not None:
            flat = to_frame(mobject, sampled.reshape(-1, 3)).reshape(sampled.shape)[:, :, :2]
            segments = np.stack([flat[:, :-1, :], flat[:, 1:, :]], axis=2).reshape(-1, 2, 2)
            finite = np.all(np.isfinite(segments), axis=(1, 2))
            rgba = mobject.stroke_rgbas[0] if stroked else mobject.fill_rgbas[0]
            into.append(
                InkOnFrame(
                    context,
                    segments[finite],
                    solid=filled and isinstance(mobject, Dot),
                    colour=(float(rgba[0]), float(rgba[1]), float(rgba[2])),
                    opacity=float(rgba[3]),
                )
            )
    for sub in mobject.submobjects:
        _inks(sub, context, to_frame, into)


def _text_on_frame(text: Mobject, to_frame: ToFrame, moving: bool) -> TextOnFrame | None:
    # the glyphs, not a patch behind them (a tick number or map label on the background)
    pieces = [
        m
        for m in text.family_members_with_points()
        if len(m.points) and not isinstance(m, BackgroundRectangle)
    ]
    if not pieces:
        return None
    points = np.concatenate([to_frame(m, m.points) for m in pieces])
    points = points[np.all(np.isfinite(points), axis=1)]
    if len(points) == 0:
        return None
    anchor = anchor_of(text)
    anchor_2d = None
    if anchor is not None:
        projected = to_frame(text, anchor.reshape(1, 3))[0]
        anchor_2d = (float(projected[0]), float(projected[1]))
    box = Box.around(points)
    if box.shared(Box.frame())[0] <= 0 or box.shared(Box.frame())[1] <= 0:
        return None  # wholly off the frame (a zoom leaves it out): nobody sees it
    size = _font_size(text)
    if size is not None and text.height > 1e-6:  # as seen: a zoomed camera enlarges it
        size *= box.height / text.height
    return TextOnFrame(describe(text), box, anchor_2d, moving, size)


def _font_size(text: Mobject) -> float | None:
    try:
        size = float(text.font_size)
    except (AttributeError, TypeError, ValueError, ZeroDivisionError):
        return None
    return size if np.isfinite(size) else None


def picture_of(
    mobjects: Iterable[Mobject],
    to_frame: ToFrame = same_place,
    moving: Iterable[Mobject] = (),
    background: RGB = BACKGROUND,
) -> Picture:
    """The texts and the ink of what is on screen, in frame coordinates.

    `moving` are the mobjects an animation is carrying now: a text among them is on its way
    (flying into place, cross-fading into its next form) and is only held to the frame. A
    picture with nothing moving is at rest -- the scene checks inside an animation with the
    animated mobjects as `moving`, at a beat's end with none -- and only a picture at rest
    gives its texts' colours (a text fading in is not yet the colour it is meant to be).
    """
    mobjects = list(mobjects)
    carried = {id(m) for m in moving}
    at_rest = not carried  # the scene checks inside an animation with its mobjects carried
    texts: list[TextOnFrame] = []
    shown: list[Mobject] = []
    inks: list[InkOnFrame] = []
    for mobject in mobjects:
        for text in text_mobjects(mobject):
            if is_visible(text) and not getattr(text, "layout_ignored", False):
                found = _text_on_frame(text, to_frame, id(text) in carried)
                if found is not None:
                    texts.append(found)
                    shown.append(text)
        _inks(mobject, "a line", to_frame, inks)
    return Picture(
        tuple(texts),
        tuple(ink for ink in inks if len(ink.segments)),
        at_rest=at_rest,
        background=background,
        source=_Source(mobjects, shown, to_frame) if at_rest else None,
    )


# ------------------------------------------------------------------ colours


def _glyphs(text: Mobject) -> list[Mobject]:
    """A text's letters: its family with points, less a patch behind it."""
    return [
        m
        for m in text.family_members_with_points()
        if len(m.points) and not isinstance(m, BackgroundRectangle)
    ]


def _closed_segments(mobject: VMobject, to_frame: ToFrame) -> np.ndarray:
    """A filled shape's outline on the frame as segments, each subpath closed as it is filled."""
    segments: list[np.ndarray] = []
    for path in mobject.get_subpaths():
        count = len(path) // 4
        if count == 0:
            continue
        sampled = _sampled(path[: 4 * count])
        if sampled is None:
            continue
        flat = to_frame(mobject, sampled.reshape(-1, 3))[:, :2]
        flat = flat[np.all(np.isfinite(flat), axis=1)]
        if len(flat) >= 3:
            segments.append(np.stack([flat, np.roll(flat, -1, axis=0)], axis=1))
    return np.concatenate(segments) if segments else np.zeros((0, 2, 2))


def _inside(segments: np.ndarray, point: np.ndarray) -> bool:
    """Whether the point lies inside the closed outline (even-odd rule, a ray to the right)."""
    (x0, y0), (x1, y1) = segments[:, 0, :].T, segments[:, 1, :].T
    x, y = point
    straddles = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing_x = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    return bool(np.count_nonzero(straddles & (crossing_x > x)) % 2)


def _with_colours(
    mobjects: Sequence[Mobject],
    texts: Sequence[TextOnFrame],
    shown: Sequence[Mobject],
    to_frame: ToFrame,
    background: RGB,
) -> list[TextOnFrame]:
    """Each text with its glyphs' colours and the colour composited behind its centre.

    Behind a text is the background, then every filled shape drawn before the text (in the
    camera's order: family order, then z-index) whose outline holds the text's centre -- a
    patch behind a tick number, a highlight band, an area, a surface's face, a dot -- each
    laid over the last at its fill opacity. Other texts' letters are not backdrops. A 3D
    camera draws by depth, fixed-in-frame mobjects last: there this 2D order is a close
    guess (a label added after the surface it names is judged over it, as it is drawn).
    """
    drawn = extract_mobject_family_members(mobjects, use_z_index=True, only_those_with_points=True)
    order = {id(m): i for i, m in enumerate(drawn)}
    letters = {id(m) for mobject in mobjects for t in text_mobjects(mobject) for m in _glyphs(t)}
    fills = [
        (i, m)
        for i, m in enumerate(drawn)
        if isinstance(m, VMobject)
        and id(m) not in letters
        and len(m.fill_rgbas)
        and m.fill_rgbas[0][3] > VISIBLE
    ]
    outlines: dict[int, tuple[Box, np.ndarray]] = {}
    coloured: list[TextOnFrame] = []
    for found, text in zip(texts, shown, strict=True):
        glyphs = _glyphs(text)
        first = min((order.get(id(m), len(drawn)) for m in glyphs), default=len(drawn))
        colours = {
            tuple(round(float(c), 4) for c in m.fill_rgbas[0])
            for m in glyphs
            if isinstance(m, VMobject) and len(m.fill_rgbas)
        }
        centre = np.array(
            [(found.box.left + found.box.right) / 2, (found.box.bottom + found.box.top) / 2]
        )
        behind = background
        for i, fill in fills:
            if i >= first:
                break
            if id(fill) not in outlines:
                points = to_frame(fill, fill.points)[:, :2]
                points = points[np.all(np.isfinite(points), axis=1)]
                box = Box.around(points) if len(points) else Box(0, 0, -1, -1)
                outlines[id(fill)] = (box, np.zeros((0, 2, 2)))
            box, segments = outlines[id(fill)]
            if box.distance_to(centre) > 0 or box.width <= 0:
                continue
            if not len(segments):
                segments = _closed_segments(fill, to_frame)
                outlines[id(fill)] = (box, segments)
            if len(segments) and _inside(segments, centre):
                r, g, b, alpha = (float(c) for c in fill.fill_rgbas[0])
                behind = over((r, g, b), alpha, behind)
        coloured.append(
            replace(found, colours=tuple(sorted(colours)), beneath=behind)  # type: ignore[arg-type]
        )
    return coloured


# ------------------------------------------------------------------ what is wrong


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a picture, as a clause: 'the text "P" overlaps the text "1"'."""

    kind: str  # outside | overlap | covers | far | digits | small | contrast
    subject: str
    other: str
    clause: str


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    return f'"{flat[:60]}…"' if len(flat) > 60 else f'"{flat}"'


def problems_in(picture: Picture) -> list[Problem]:
    """Every text outside the safe area, over another text, over ink, or far from its point,
    every number written with more digits than a reader can use, and (at rest) every text
    or ink too faint to read against what is behind it."""
    safe = Box.frame(SAFE_MARGIN)
    problems: list[Problem] = []
    for text in picture.texts:
        for number in _NUMBER.findall(text.name):
            if significant_digits(number) > MAX_SHOWN_DIGITS:
                problems.append(
                    Problem(
                        "digits",
                        text.name,
                        number,
                        f"the text {_quoted(text.name)} shows the number {number}, "
                        f"more than {MAX_SHOWN_DIGITS} significant digits",
                    )
                )
                break
    for text in picture.texts:
        out = text.box.beyond(safe)
        if out > 1e-3:
            side = text.box.side_beyond(safe)
            problems.append(
                Problem(
                    "outside",
                    text.name,
                    "",
                    f"the text {_quoted(text.name)} leaves the safe area "
                    f"on the {side} by {out:.2f} units",
                )
            )
    settled = [text for text in picture.texts if not text.moving]
    for text in settled:
        if text.font_size is not None and text.font_size < MIN_FONT_SIZE - 0.5:
            problems.append(
                Problem(
                    "small",
                    text.name,
                    "",
                    f"the text {_quoted(text.name)} is set at size {text.font_size:.0f}, "
                    f"below {MIN_FONT_SIZE} (too small to read at 1080p)",
                )
            )
    for i, a in enumerate(settled):
        for b in settled[i + 1 :]:
            dx, dy = a.box.shared(b.box)
            if dx > TEXT_OVERLAP and dy > TEXT_OVERLAP:
                problems.append(
                    Problem(
                        "overlap",
                        a.name,
                        b.name,
                        f"the text {_quoted(a.name)} overlaps the text {_quoted(b.name)}",
                    )
                )
    names, segments, owners = _ink_owners(picture.inks)
    for text in settled:
        inside = lengths_inside(segments, text.box.inset(INK_INSET))
        covered = np.bincount(owners, weights=inside, minlength=len(names))
        for name, length in zip(names, covered, strict=True):
            if length > INK_TOLERANCE:
                problems.append(
                    Problem(
                        "covers",
                        text.name,
                        name,
                        f"the text {_quoted(text.name)} lies over {name} "
                        f"({length:.2f} units of it)",
                    )
                )
    for text in settled:
        if text.anchor is not None:
            distance = text.box.distance_to(text.anchor)
            if distance > ANCHOR_LIMIT:
                problems.append(
                    Problem(
                        "far",
                        text.name,
                        "",
                        f"the label {_quoted(text.name)} is {distance:.2f} units from its point "
                        f"(at most {ANCHOR_LIMIT:g})",
                    )
                )
    problems.extend(contrast_problems(picture))
    return problems


def contrast_problems(picture: Picture) -> list[Problem]:
    """Texts under 4.5:1 (WCAG 2.1 1.4.3) and ink under 3:1 (1.4.11) against what is behind.

    Judged only in a picture at rest (a beat's finished frame), so a text or curve fading in
    or out is never caught halfway. A text is each of its glyph colours at its opacity,
    composited over what lies behind its centre (see `picture_of`), against that backdrop;
    the worst glyph counts. Ink is its stroke (a dot's fill) at its opacity over the
    background. Not judged: ink fainter than DECORATION_OPACITY (a ghost set aside on
    purpose), drawings marked with `ignore_in_layout`, boxes and polygons (frames, bands)
    and surfaces, which the ink reading leaves out anyway.
    """
    if not picture.at_rest:
        return []
    problems: list[Problem] = []
    for text in picture.coloured_texts():
        if text.beneath is None:
            continue
        worst: tuple[float, RGB] | None = None
        for r, g, b, alpha in text.colours:
            if alpha <= VISIBLE:
                continue
            seen = over((r, g, b), alpha, text.beneath)
            ratio = contrast_ratio(seen, text.beneath)
            if worst is None or ratio < worst[0]:
                worst = (ratio, seen)
        if worst is not None and worst[0] < TEXT_CONTRAST:
            ratio, seen = worst
            problems.append(
                Problem(
                    "contrast",
                    text.name,
                    hex_of(text.beneath),
                    f"the text {_quoted(text.name)} is {hex_of(seen)} on "
                    f"{hex_of(text.beneath)}, contrast {_ratio(ratio)}, under the "
                    f"{TEXT_CONTRAST:g}:1 text needs (WCAG 1.4.3)",
                )
            )
    judged: set[tuple[str, str]] = set()
    for ink in picture.inks:
        if ink.colour is None or ink.opacity < DECORATION_OPACITY:
            continue
        seen = over(ink.colour, ink.opacity, picture.background)
        ratio = contrast_ratio(seen, picture.background)
        key = (ink.name, hex_of(seen))
        if ratio < GRAPHICS_CONTRAST and key not in judged:
            judged.add(key)
            problems.append(
                Problem(
                    "contrast",
                    ink.name,
                    hex_of(seen),
                    f"{ink.name} is {hex_of(seen)} on {hex_of(picture.background)}, contrast "
                    f"{_ratio(ratio)}, under the {GRAPHICS_CONTRAST:g}:1 graphics need "
                    "(WCAG 1.4.11)",
                )
            )
    return problems


def _ratio(ratio: float) -> str:
    """A contrast ratio as WCAG writes it, rounded down so 4.49 never reads as 4.5:1."""
    return f"{np.floor(ratio * 10) / 10:.1f}:1"


@dataclass(frozen=True)
class Finding:
    """A problem seen in one scene's beat at one moment; picklable, so workers return it."""

    scene: str
    beat: str
    seconds: float
    kind: str
    clause: str

    def sentence(self) -> str:
        return f"{self.scene}, beat {self.beat} at {self.seconds:.1f} s: {self.clause}."
