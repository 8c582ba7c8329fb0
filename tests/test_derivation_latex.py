"""Every piece of the sigmoid derivation's LaTeX compiles in manim, split as a scene splits it."""

from __future__ import annotations

from pathlib import Path

import sympy

from scenes.derivation import X, sigmoid_derivation

LOCALS = {"x": X, "S": sympy.Function("S"), "exp": sympy.exp}
ALGEBRA_STEPS = (
    "(1/(1 + exp(-x))) * (exp(-x)/(1 + exp(-x)))",
    "S(x) * (exp(-x)/(1 + exp(-x)))",
    "S(x) * (((1 + exp(-x)) - 1)/(1 + exp(-x)))",
    "S(x) * ((1 + exp(-x))/(1 + exp(-x)) - 1/(1 + exp(-x)))",
    "S(x) * (1 - S(x))",
)


def parse(text: str) -> sympy.Expr:
    return sympy.parse_expr(text, local_dict=LOCALS, evaluate=False)


def test_every_split_step_compiles_with_one_group_per_part(media_dir: Path) -> None:
    from manim import MathTex

    derivation = sigmoid_derivation(
        parse("1/(1 + exp(-x))"),
        parse("(1 + exp(-x))**(-1)"),
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
