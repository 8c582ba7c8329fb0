"""Colour contrast as WCAG 2.1 measures it, for the layout check (no manim here).

A viewer reads a text or a curve by how far its colour stands from what lies behind it.
WCAG 2.1 puts that in one number, the contrast ratio of two relative luminances, and asks
4.5:1 of text (1.4.3) and 3:1 of graphics that carry meaning (1.4.11). A colour drawn at an
opacity is seen mixed with what is behind it, so it is composited first.
"""

from __future__ import annotations

from collections.abc import Sequence

# every lecture scene's background (style.BACKGROUND names it for drawing; it lives here so
# the layout check can measure against it without importing style, which imports the check)
LECTURE_BACKGROUND = "#0F1115"
TEXT_CONTRAST = 4.5  # WCAG 2.1 1.4.3: normal text
GRAPHICS_CONTRAST = 3.0  # WCAG 2.1 1.4.11: non-text content (curves, axes, arrows, dots)

RGB = tuple[float, float, float]  # each 0..1, sRGB


def rgb(colour: str | Sequence[float]) -> RGB:
    """An sRGB triple 0..1 from '#RRGGBB', '#RGB' or a sequence of at least three floats."""
    if isinstance(colour, str):
        digits = colour.lstrip("#")
        if len(digits) in (3, 4):
            digits = "".join(d * 2 for d in digits[:3])
        if len(digits) not in (6, 8):
            raise ValueError(f"not a hex colour: {colour!r}")
        return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    r, g, b = (float(c) for c in list(colour)[:3])
    return (r, g, b)


def hex_of(colour: RGB) -> str:
    """'#RRGGBB' of an sRGB triple, as the findings quote colours."""
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in colour)


def _linear(channel: float) -> float:
    # WCAG 2.1's sRGB linearisation (its 0.03928 threshold; 0.04045 gives the same 8-bit values)
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str | Sequence[float]) -> float:
    """WCAG 2.1 relative luminance: 0 for black, 1 for white."""
    r, g, b = rgb(colour)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: str | Sequence[float], b: str | Sequence[float]) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter over the darker: 1 (same) to 21 (black, white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def over(colour: str | Sequence[float], opacity: float, beneath: str | Sequence[float]) -> RGB:
    """The colour seen where `colour` is drawn at `opacity` over `beneath` (source-over, in
    sRGB values as the renderer blends them)."""
    alpha = min(max(float(opacity), 0.0), 1.0)
    top, under = rgb(colour), rgb(beneath)
    return tuple(alpha * t + (1 - alpha) * u for t, u in zip(top, under, strict=True))  # type: ignore[return-value]
