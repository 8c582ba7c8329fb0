"""Every piece of the sigmoid derivation's LaTeX compiles in manim, split as a scene splits it."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_derivation import ALGEBRA_STEPS, REWRITTEN, SIGMOID, parse

from scenes.maths.derivation import stepwise_derivation


@pytest.mark.slow
def test_every_split_step_compiles_with_one_group_per_part(media_dir: Path) -> None:
    from manim import MathTex

    derivation = stepwise_derivation(
        parse(SIGMOID),
        parse(REWRITTEN),
        [parse(step) for step in ALGEBRA_STEPS],
    )
    splits = {step.parts for step in derivation.steps}
    splits |= {step.source_parts for step in derivation.steps}
    for parts in sorted(splits):
        written = [part for part in parts if part]  # MathTex drops empty strings
        tex = MathTex(*parts)
        assert len(tex.submobjects) == len(written), parts
        for group, part in zip(tex.submobjects, written, strict=True):
            if part.strip():
                assert len(group.submobjects) > 0, f"{part!r} drew nothing"
