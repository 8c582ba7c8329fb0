"""Copy typeset formulas without copying the SVG paths they were built from.

Every glyph of a MathTex or Tex is a VMobjectFromSVGPath that keeps the svgelements `Path` it
was built from. manim reads that path only when it first makes the glyph's points, but a
deep copy copies it along with everything else: segment by segment, point by point, about
0.5 ms per glyph, 95% of the copy. Transform, FadeIn, Write and ReplacementTransform all copy
their formulas when they begin, so a formula-heavy scene spent about a third of a draft render
copying paths nobody reads again (DerivativeRules: 9 of 23 s).

While `shared_svg_paths()` is open, a copied glyph shares its source path with the original.
Points, colours and everything drawn are still copied, so a copy stays independent (tested).
`lecture render` opens it in its worker processes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from manim.mobject.mobject import Mobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath


def _deepcopy_sharing_path(self: VMobjectFromSVGPath, memo: dict[int, Any]) -> Mobject:
    path = self.__dict__.get("path_obj")
    if path is not None:
        memo.setdefault(id(path), path)  # deepcopy returns a memoised object as it is
    return Mobject.__deepcopy__(self, memo)


@contextmanager
def shared_svg_paths() -> Iterator[None]:
    """Glyph copies share their (read-only) source path while this is open."""
    own = VMobjectFromSVGPath.__dict__.get("__deepcopy__")  # None: inherited from Mobject
    VMobjectFromSVGPath.__deepcopy__ = _deepcopy_sharing_path  # type: ignore[method-assign]
    try:
        yield
    finally:
        if own is None:
            del VMobjectFromSVGPath.__deepcopy__
        else:
            VMobjectFromSVGPath.__deepcopy__ = own  # type: ignore[method-assign]
