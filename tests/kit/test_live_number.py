"""LiveNumber draws exactly what DecimalNumber draws, and its digits are its own."""

from __future__ import annotations

import numpy as np
import pytest
from manim import RIGHT, DecimalNumber

from scenes.kit.live_number import LiveNumber, light_copy

pytestmark = pytest.mark.usefixtures("tex_dir")
VALUES = [0.0, 3.14159, -2.5, 12.0625, -0.004, 987.654]


def _drawing(number: DecimalNumber) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    return [
        (part.points, part.get_fill_rgbas(), part.get_stroke_rgbas())
        for part in number.family_members_with_points()
    ]


@pytest.mark.parametrize("places", [0, 2, 4])
def test_live_number_matches_decimal_number(places: int) -> None:
    plain = DecimalNumber(1.0, num_decimal_places=places, font_size=40, color="#ffcc00")
    live = LiveNumber(1.0, num_decimal_places=places, font_size=40, color="#ffcc00")
    for value in VALUES:
        plain.set_value(value).next_to(np.zeros(3), RIGHT)
        live.set_value(value).next_to(np.zeros(3), RIGHT)
        ours, theirs = _drawing(live), _drawing(plain)
        assert len(ours) == len(theirs) > 0
        for (points, fill, stroke), (points2, fill2, stroke2) in zip(ours, theirs, strict=True):
            np.testing.assert_allclose(points, points2, atol=1e-9)
            np.testing.assert_array_equal(fill, fill2)
            np.testing.assert_array_equal(stroke, stroke2)


def test_changing_a_copy_leaves_the_original_and_other_copies_alone() -> None:
    template = DecimalNumber(8.0, num_decimal_places=0)[0]
    before = template.family_members_with_points()[0].points.copy()
    first, second = light_copy(template), light_copy(template)
    first.shift(RIGHT).set_color("#ff0000").scale(2)
    second.add(light_copy(template))
    np.testing.assert_array_equal(template.family_members_with_points()[0].points, before)
    assert len(template.submobjects) == 1
    assert second.family_members_with_points()[0].points.tolist() == before.tolist()
    assert first.family_members_with_points()[0].get_fill_rgbas()[0, 1] == 0.0
    assert template.family_members_with_points()[0].get_fill_rgbas()[0, 1] == 1.0
