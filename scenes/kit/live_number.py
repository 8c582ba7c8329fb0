"""A DecimalNumber whose digits are copied cheaply, for numbers that change on every frame.

manim's DecimalNumber rebuilds its digits on each `set_value`, deep-copying one typeset glyph
per character. A deep copy walks everything a typeset glyph carries (its TeX template, SVG
settings, lookup tables of its own parts): about half a millisecond per digit, which made
the live readouts the largest cost of the frames they change in. The digits are only ever
drawn, moved and recoloured, so a copy that duplicates exactly what those touch (points,
colours, the list of parts, mutable settings) gives the same drawing for a twentieth of the
time.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from manim import Mobject, SingleStringMathTex, VMobject
from manim.mobject.text.numbers import DecimalNumber, string_to_mob_map


def light_copy(mobject: Mobject) -> Mobject:
    """A copy sharing no array, list, dict or part with the original; other values shared.

    Shared values are immutable ones (numbers, strings, enums, colours) and the TeX
    template, which no drawing operation changes.
    """
    twin = copy.copy(mobject)
    for name, value in mobject.__dict__.items():
        if isinstance(value, np.ndarray):
            setattr(twin, name, value.copy())
        elif isinstance(value, list | dict | set):
            setattr(twin, name, copy.copy(value))
    twin.submobjects = [light_copy(part) for part in mobject.submobjects]
    if "id_to_vgroup_dict" in mobject.__dict__:
        twin.id_to_vgroup_dict = {}  # the SVG's own lookup of its groups: not the copy's parts
    return twin


class LiveNumber(DecimalNumber):
    """DecimalNumber with light digit copies; it looks and behaves the same."""

    def _string_to_mob(
        self,
        string: str,
        mob_class: type[SingleStringMathTex] | None = None,
        **kwargs: Any,
    ) -> VMobject:
        if string not in string_to_mob_map:
            return super()._string_to_mob(string, mob_class, **kwargs)
        glyph = light_copy(string_to_mob_map[string])
        glyph.font_size = self._font_size
        return glyph
