"""The notes' four figures as stills: high-resolution PNG, and SVG drawn by the same camera.

Each figure is a small manim scene that draws one plan (the values come from the
content, like the videos) with the lecture's style builders and no animation. A
still is rendered with manim's own last-frame output; the SVG comes from the same
camera drawing the same mobjects onto a cairo SVG surface instead of its pixel
buffer, so both files show one picture (the 3D surface as flat, depth-sorted faces).

Also runnable by manim itself: `manim render -s scenes/outputs/figures.py SecantFigure`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import cairo
import numpy as np
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    DashedLine,
    ManimColor,
    Mobject,
    Scene,
    Surface,
    ThreeDAxes,
    ThreeDScene,
    VGroup,
    config,
    tempconfig,
)
from manim.camera.camera import Camera
from PIL import Image

from scenes.content.loader import Lecture
from scenes.kit import style
from scenes.outputs.atomic_files import atomic_publish
from scenes.ownership import scratch_folder
from scenes.plans import build_plan, load_lecture
from scenes.templates.secant import line_through_p

DEFAULT_SIZE = (2400, 1600)
LABEL_BUFF = 0.2
LEGEND_GAP = 0.6
AXES_ROOM = 0.6  # frame units kept clear around the axes for their numbers
SURFACE_RESOLUTION = 32
SURFACE_OPACITY = 0.9
CAMERA_PHI = 65 * DEGREES
CAMERA_THETA = -50 * DEGREES
SURFACE_ZOOM = 0.9
SURFACE_SIDE = 6.0  # frame units the x and y axes span
SURFACE_HEIGHT = 4.0  # and the z axis


class FigureScene:
    """Mixin: a scene that draws its plan once, as a still; the plan may be handed in."""

    plan_template: ClassVar[str]  # the template whose first scene in the lecture it draws

    def __init__(self, plan: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[call-arg]
        self.plan = plan

    def setup(self) -> None:
        super().setup()  # type: ignore[misc]
        if self.plan is None:
            lecture = load_lecture()
            scene = first_instance(lecture, self.plan_template)
            if scene is None:
                raise LookupError(f"{lecture.path} has no {self.plan_template} scene to draw")
            self.plan = build_plan(lecture, scene)
        self.camera.background_color = style.BACKGROUND  # type: ignore[attr-defined]

    def construct(self) -> None:
        self.draw()

    def draw(self) -> None:
        raise NotImplementedError


def _axes_beside(
    legend: Mobject, x_range: Any, y_range: Any, x_step: float = 1.0, y_step: float = 1.0
) -> Any:
    """Axes filling the frame left of the legend, which is placed in its own column."""
    room = style.FRAME_MARGIN + AXES_ROOM
    width = config.frame_width - 2 * room - legend.width - LEGEND_GAP
    height = config.frame_height - 2 * room
    axes = style.lecture_axes(x_range, y_range, width, height, x_step, y_step)
    axes.to_edge(LEFT, buff=room)
    legend.next_to(axes, RIGHT, buff=LEGEND_GAP).align_to(axes, UP)
    return axes


def _in_corner(mobject: Mobject, corner: Any) -> Mobject:
    return mobject.to_corner(corner, buff=style.FRAME_MARGIN + AXES_ROOM)


class SecantFigure(FigureScene, Scene):
    """Figure 1: the curve and one secant through x0 and x0 plus the first step size."""

    plan_template = "SecantConvergence"

    def draw(self) -> None:
        plan = self.plan
        row = plan.rows[0]
        legend = style.stack(
            style.label(plan.function_latex, style.FUNCTION_COLOR),
            style.label(rf"\frac{{\Delta y}}{{\Delta x}} = {row.slope_text}", style.SECANT_COLOR),
        )
        self.axes = _axes_beside(legend, plan.x_range, plan.y_range)
        graph = style.graph_in_window(self.axes, plan.f, plan.x_range, plan.y_range)
        secant = line_through_p(self.axes, plan, row.slope, style.SECANT_COLOR)
        start, end = self.axes.c2p(plan.x0, plan.y0), self.axes.c2p(row.x1, row.y1)
        corner = self.axes.c2p(row.x1, plan.y0)
        run = DashedLine(start, corner, color=style.RUN_COLOR)
        rise = DashedLine(corner, end, color=style.RISE_COLOR)
        run_label = style.label(rf"\Delta x = {row.dx_text}", style.RUN_COLOR)
        run_label.next_to(run, DOWN, buff=LABEL_BUFF)
        rise_label = style.label(rf"\Delta y = {row.rise:g}", style.RISE_COLOR)
        rise_label.next_to(rise, RIGHT, buff=LABEL_BUFF)
        dots = VGroup(style.point_dot().move_to(start), style.point_dot().move_to(end))
        self.add(self.axes, graph, run, rise, secant, dots, run_label, rise_label, legend)


class TangentFigure(FigureScene, Scene):
    """Figure 2: the tangent to the curve at (x0, f(x0)), with the point marked."""

    plan_template = "SecantConvergence"

    def draw(self) -> None:
        plan = self.plan
        legend = style.stack(
            style.label(plan.function_latex, style.FUNCTION_COLOR),
            style.label(plan.tangent_latex, style.TANGENT_COLOR),
        )
        self.axes = _axes_beside(legend, plan.x_range, plan.y_range)
        graph = style.graph_in_window(self.axes, plan.f, plan.x_range, plan.y_range)
        tangent = line_through_p(self.axes, plan, plan.tangent_slope, style.TANGENT_COLOR)
        point = self.axes.c2p(plan.x0, plan.y0)
        dot = style.point_dot().move_to(point)
        point_label = style.label(f"({plan.x0_latex}, {plan.y0_latex})")
        point_label.next_to(dot, UL, buff=LABEL_BUFF)
        self.add(self.axes, graph, tangent, dot, point_label, legend)


class SigmoidFigure(FigureScene, Scene):
    """Figure 3: the sigmoid and its derivative on one pair of axes; the legend names the peak."""

    plan_template = "FunctionAndDerivative"

    def draw(self) -> None:
        plan = self.plan
        legend = style.stack(
            style.label(plan.function_latex, style.FUNCTION_COLOR),
            style.label(plan.derivative_latex, style.DERIVATIVE_COLOR),
            style.label(plan.peak_latex, style.DERIVATIVE_COLOR),
        )
        self.axes = _axes_beside(legend, plan.x_range, plan.y_range, plan.x_step, plan.y_step)
        function = style.graph_in_window(self.axes, plan.f, plan.x_range, plan.y_range)
        derivative = style.graph_in_window(
            self.axes, plan.df, plan.x_range, plan.y_range, style.DERIVATIVE_COLOR
        )
        peak = style.point_dot(style.DERIVATIVE_COLOR)
        peak.move_to(self.axes.c2p(plan.peak_x, plan.peak_value))
        self.add(self.axes, function, derivative, peak, legend)


class SurfaceFigure(FigureScene, ThreeDScene):
    """Figure 4: the surface z = f(x, y) over its x and y ranges."""

    plan_template = "GradientSurface"

    def draw(self) -> None:
        plan = self.plan
        self.axes = ThreeDAxes(
            x_range=[*plan.x_range, 1],
            y_range=[*plan.y_range, 1],
            z_range=[*plan.z_range, _z_step(plan.z_range)],
            x_length=SURFACE_SIDE,
            y_length=SURFACE_SIDE,
            z_length=SURFACE_HEIGHT,
            axis_config={"color": style.MUTED_COLOR},
        )
        self.axes.shift(
            -self.axes.c2p(*(sum(r) / 2 for r in (plan.x_range, plan.y_range, plan.z_range)))
        )
        surface = Surface(
            lambda u, v: self.axes.c2p(u, v, plan.height(u, v)),
            u_range=plan.x_range,
            v_range=plan.y_range,
            resolution=(SURFACE_RESOLUTION, SURFACE_RESOLUTION),
            fill_opacity=SURFACE_OPACITY,
            checkerboard_colors=list(style.SURFACE_COLORS),
            stroke_width=0.5,
        )
        self.set_camera_orientation(phi=CAMERA_PHI, theta=CAMERA_THETA, zoom=SURFACE_ZOOM)
        label = style.label(plan.surface_latex, style.TEXT_COLOR, style.BODY_SIZE)
        self.add_fixed_in_frame_mobjects(label)
        _in_corner(label, UL)
        self.add(self.axes, surface)


def _z_step(z_range: tuple[float, float]) -> float:
    return max(1.0, round((z_range[1] - z_range[0]) / 4))


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class FigureSpec:
    """One of the notes' figures: its number, file name and the scene that draws it."""

    number: int
    slug: str
    scene: type[FigureScene]

    @property
    def stem(self) -> str:
        return f"figure-{self.number}-{self.slug}"


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec(1, "secant", SecantFigure),
    FigureSpec(2, "tangent", TangentFigure),
    FigureSpec(3, "sigmoid", SigmoidFigure),
    FigureSpec(4, "paraboloid", SurfaceFigure),
)


@dataclass(frozen=True)
class Still:
    """A rendered figure: its pixels, its SVG text, and the scene (for its axes)."""

    image: Image.Image
    svg: str
    scene: Any

    def to_pixel(self, point: Any) -> tuple[float, float]:
        """Where a point in frame units (e.g. from `scene.axes.c2p`) lies in the image."""
        camera = self.scene.renderer.camera
        width, height = self.image.size
        column = (point[0] - camera.frame_center[0]) / camera.frame_width + 0.5
        row = 0.5 - (point[1] - camera.frame_center[1]) / camera.frame_height
        return column * width, row * height


@dataclass(frozen=True)
class FigureFiles:
    png: Path
    svg: Path


@contextmanager
def still_config(width: int, height: int, media_dir: Path) -> Iterator[None]:
    """manim's config for one last-frame PNG of width x height pixels, written under media_dir.

    LaTeX keeps manim's usual cache folder, so formulas are not typeset again per figure.
    """
    overrides = {
        "tex_dir": str(config.get_dir("tex_dir")),
        "pixel_width": width,
        "pixel_height": height,
        "frame_height": 8.0,
        "frame_width": 8.0 * width / height,
        "write_to_movie": False,
        "save_last_frame": True,
        "disable_caching": True,
        "media_dir": str(media_dir),
        "images_dir": str(media_dir / "images"),
        "output_file": "still",
        "progress_bar": "none",
        "verbosity": "WARNING",
        "background_color": style.BACKGROUND,
    }
    with tempconfig(overrides):
        yield


def render_still(figure: type[FigureScene], plan: Any, size: tuple[int, int]) -> Still:
    """Renders one figure: the PNG through manim's last-frame output, the SVG from its camera."""
    with scratch_folder() as scratch, still_config(*size, Path(scratch)):
        scene = figure(plan=plan)
        scene.render()  # type: ignore[attr-defined]
        png = scene.renderer.file_writer.image_file_path  # type: ignore[attr-defined]
        with Image.open(png) as written:
            image = written.convert("RGB")
        svg = svg_of(scene)
    return Still(image=image, svg=svg, scene=scene)


def svg_of(scene: Any) -> str:
    """The scene's current frame as SVG: its camera draws the mobjects onto an SVG surface."""
    camera: Camera = scene.renderer.camera
    width, height = camera.pixel_width, camera.pixel_height
    with scratch_folder() as scratch:
        path = Path(scratch) / "still.svg"
        surface = cairo.SVGSurface(str(path), width, height)
        surface.set_document_unit(cairo.SVGUnit.PX)  # width="2400px", not points
        context = cairo.Context(surface)
        context.set_source_rgb(*_rgb(camera.background_color))
        context.paint()
        context.set_matrix(
            cairo.Matrix(
                width / camera.frame_width,
                0,
                0,
                -height / camera.frame_height,
                width / 2 - camera.frame_center[0] * width / camera.frame_width,
                height / 2 + camera.frame_center[1] * height / camera.frame_height,
            )
        )
        camera.cache_cairo_context(camera.pixel_array, context)
        camera.set_cairo_context_color = _rgb_order(camera.set_cairo_context_color)  # type: ignore[method-assign]
        try:
            camera.capture_mobjects(scene.mobjects + scene.foreground_mobjects)
        finally:
            del camera.set_cairo_context_color
            camera.pixel_array_to_cairo_context.pop(id(camera.pixel_array), None)
            surface.finish()
        return path.read_text(encoding="utf-8")


def _rgb_order(set_color: Callable[..., Any]) -> Callable[..., Any]:
    """The camera's colour setter for a true RGB surface.

    The camera swaps red and blue because its pixel buffer is BGRA in memory; an SVG
    surface is not, so the colours are swapped beforehand to cancel that out.
    """

    def set_rgb(context: cairo.Context, rgbas: Any, vmobject: Any) -> Any:
        return set_color(context, np.asarray(rgbas)[:, [2, 1, 0, 3]], vmobject)

    return set_rgb


def _rgb(color: Any) -> tuple[float, float, float]:
    red, green, blue = ManimColor(color).to_rgb()
    return float(red), float(green), float(blue)


def first_instance(lecture: Lecture, template: str) -> str | None:
    """The id of the lecture's first scene drawn with the template, if any."""
    return next((scene.name for scene in lecture.scenes if scene.template == template), None)


def export_figures(
    lecture: Lecture, out_dir: Path, size: tuple[int, int] = DEFAULT_SIZE
) -> list[FigureFiles]:
    """Writes every figure as `<out_dir>/figure-<n>-<slug>.png` and `.svg`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[FigureFiles] = []
    for spec in FIGURES:
        scene = first_instance(lecture, spec.scene.plan_template)
        if scene is None:
            continue  # this lecture has no scene of the figure's template
        still = render_still(spec.scene, build_plan(lecture, scene), size)
        files = FigureFiles(out_dir / f"{spec.stem}.png", out_dir / f"{spec.stem}.svg")
        with scratch_folder() as scratch:
            png, svg = Path(scratch) / files.png.name, Path(scratch) / files.svg.name
            still.image.save(png)
            svg.write_text(still.svg, encoding="utf-8")
            atomic_publish({png: files.png, svg: files.svg})
        written.append(files)
    return written
