"""A picture from the lecture's folder, fitted between its heading and its caption.

A PNG or JPEG is drawn as an image, an SVG as shapes (its own colours kept). The picture
is scaled, keeping its proportions, to the largest size that fits the room left between
the heading (when there is one) and the caption, which wraps under it, centred.
"""

from __future__ import annotations

from manim import (
    DOWN,
    UP,
    Create,
    FadeIn,
    ImageMobject,
    Mobject,
    SVGMobject,
    Write,
    config,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.wrapped_text import slide_heading, usable_width, wrapped_tex
from scenes.plans.picture import PicturePlan

# ---------------------------------------------------------------- the scene

PICTURE_BUFF = 0.35  # between the picture and the heading's rule or the caption
CAPTION_SIZE = style.BODY_SIZE
MAX_CAPTION_SHARE = 0.3  # of the frame's height a long caption may take (it shrinks past)
PICTURE_RUN_TIME = 1.5
HEADING_RUN_TIME = 1.2
CAPTION_SHIFT = 0.3


def picture_mobject(plan: PicturePlan) -> Mobject:
    """The picture as manim draws it: shapes for an SVG, an image for a PNG or JPEG."""
    if plan.is_vector:
        return SVGMobject(plan.image_path)
    return ImageMobject(plan.image_path)


def fit_into(picture: Mobject, width: float, top: float, bottom: float) -> None:
    """Scales the picture (up or down, proportions kept) to the largest size `width` wide
    and between `top` and `bottom`, centred in that band."""
    picture.scale(min(width / picture.width, (top - bottom) / picture.height))
    picture.move_to([0, (top + bottom) / 2, 0])


class Picture(LectureScene):
    """The picture (under its heading), then its caption."""

    plan: PicturePlan

    def show_the_picture(self) -> None:
        plan = self.plan
        bottom = -config.frame_height / 2 + style.FRAME_MARGIN
        top = config.frame_height / 2 - style.FRAME_MARGIN
        self.heading = self.rule = None
        if plan.heading:
            self.heading, self.rule = slide_heading(plan.heading)
            top = self.rule.get_y() - PICTURE_BUFF
        self.caption = wrapped_tex(plan.caption, usable_width(), CAPTION_SIZE, centred=True)
        most = MAX_CAPTION_SHARE * config.frame_height
        if self.caption.height > most:
            self.caption.scale_to_fit_height(most)
        self.caption.move_to([0, bottom + self.caption.height / 2, 0])
        self.picture = picture_mobject(plan)
        fit_into(self.picture, usable_width(), top, self.caption.get_top()[1] + PICTURE_BUFF)

        if self.heading is not None:
            self.play(Write(self.heading), run_time=HEADING_RUN_TIME)
            self.play(Create(self.rule))
        self.play(FadeIn(self.picture, shift=UP * CAPTION_SHIFT), run_time=PICTURE_RUN_TIME)
        self.wait(style.SHORT_PAUSE)

    def read_the_caption(self) -> None:
        self.play(FadeIn(self.caption, shift=DOWN * CAPTION_SHIFT))
        self.wait(style.PAUSE)
