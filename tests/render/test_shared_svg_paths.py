"""Formula copies share their source SVG paths and nothing else, and only while asked to."""

from __future__ import annotations

import numpy as np
import pytest
from manim import RIGHT, MathTex, VMobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

from scenes.render.shared_svg_paths import shared_svg_paths

pytestmark = pytest.mark.usefixtures("tex_dir")


def _glyphs(formula: VMobject) -> list[VMobjectFromSVGPath]:
    glyphs = [part for part in formula.get_family() if isinstance(part, VMobjectFromSVGPath)]
    assert glyphs
    return glyphs


def test_a_copy_shares_each_glyph_path_but_owns_what_it_draws() -> None:
    formula = MathTex(r"\sigma(x) = \frac{1}{1+e^{-x}}", color="#58c4dd")
    with shared_svg_paths():
        copy = formula.copy()
    for original, copied in zip(_glyphs(formula), _glyphs(copy), strict=True):
        assert copied.path_obj is original.path_obj
        assert copied.points is not original.points
        np.testing.assert_array_equal(copied.points, original.points)
        np.testing.assert_array_equal(copied.get_fill_rgbas(), original.get_fill_rgbas())
    before = [glyph.points.copy() for glyph in _glyphs(formula)]
    copy.shift(RIGHT).scale(2).set_color("#ff0000")
    for glyph, points in zip(_glyphs(formula), before, strict=True):
        np.testing.assert_array_equal(glyph.points, points)
        assert glyph.get_fill_rgbas()[0, 0] != 1.0


def test_the_shared_path_still_makes_the_same_glyph() -> None:
    formula = MathTex(r"\frac{d}{dx}x^{2} = 2x")
    stock = formula.copy()  # manim's deep copy: a path of its own
    with shared_svg_paths():
        shared = formula.copy()
    for own, borrowed in zip(_glyphs(stock), _glyphs(shared), strict=True):
        own.generate_points()
        borrowed.generate_points()
        assert len(borrowed.points) > 0
        np.testing.assert_array_equal(borrowed.points, own.points)


def test_outside_the_context_copies_are_manims_own_again() -> None:
    formula = MathTex(r"x^{2}")
    with shared_svg_paths():
        pass
    assert "__deepcopy__" not in VMobjectFromSVGPath.__dict__
    copy = formula.copy()
    assert _glyphs(copy)[0].path_obj is not _glyphs(formula)[0].path_obj
