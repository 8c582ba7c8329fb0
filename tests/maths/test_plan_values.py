"""Numbers on screen as people write them: exact where short, else 3 significant digits."""

from __future__ import annotations

import sympy
from content_files import write_lecture

from scenes.maths.plan_values import shown_equation, shown_latex
from scenes.plans import build_plan, load_lecture


def test_short_exact_values_stay_exact_and_others_are_rounded() -> None:
    assert shown_latex(sympy.Rational(1, 4)) == (r"\frac{1}{4}", True)
    assert shown_latex(sympy.sqrt(2) / 2) == (r"\frac{\sqrt{2}}{2}", True)
    assert shown_latex(sympy.E - 1) == ("-1 + e", True)
    assert shown_latex(sympy.Float("2.39935728051547")) == ("2.4", False)
    assert shown_latex(sympy.Float("1.09983932012887")) == ("1.1", False)
    assert shown_latex(sympy.Float("0.000123456")) == ("0.000123", False)
    assert shown_latex(sympy.Float("1234567.0")) == (r"1.23 \times 10^{6}", False)
    long_exact = sympy.sqrt(3) * sympy.pi / 7 + sympy.Rational(1, 13)
    assert shown_latex(long_exact) == ("0.854", False)


def test_an_equation_says_approx_when_a_number_in_it_is_rounded() -> None:
    assert shown_equation("S'", sympy.Rational(1, 4), sympy.Integer(0)) == r"S'(0) = \frac{1}{4}"
    assert shown_equation("f'", sympy.Float(1.0998), sympy.Float(2.3993)) == r"f'(2.4) \approx 1.1"


def test_a_peak_found_numerically_is_labelled_with_rounded_numbers(tmp_path) -> None:  # noqa: ANN001
    params = {"name": "f", "function": "x/(1 + exp(-x))", "identity": [], "x_range": [-5, 5]}
    params["y_range"] = [-2, 5]
    path = write_lecture(tmp_path / "l.toml", "Graph", "FunctionAndDerivative", params)
    plan = build_plan(load_lecture(path), "Graph")
    assert plan.peak_latex == r"f'(2.4) \approx 1.1"
    assert abs(plan.peak_x - 2.3994) < 1e-3  # the plan keeps the full value for the maths
    assert build_plan(load_lecture(None), "SigmoidGraph").peak_latex == r"S'(0) = \frac{1}{4}"
