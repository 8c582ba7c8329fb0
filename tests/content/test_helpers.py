"""Helper functions in a scene: { S = "1/(1 + exp(-x))" }, callable from its formulas."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_files import write_lecture

from scenes.content.loader import ContentError
from scenes.plans import build_plan, load_lecture

SIGMOID = "1/(1 + exp(-x))"


def derivation(tmp_path: Path, **params: object) -> Path:
    base: dict[str, object] = {
        "name": "L",
        "function": "-log(S(x))",
        "rewritten": ["-log(S(x))"],
        "algebra_steps": ["1/(1 + exp(-x)) - 1", "S(x) - 1"],
    }
    base.update(params)
    return write_lecture(tmp_path / "lecture.toml", "Scene", "Derivation", base)


def helpers_line(path: Path, table: str) -> Path:
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('template = "Derivation"', f'template = "Derivation"\nhelpers = {table}')
    )
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ContentError) as caught:
        lecture = load_lecture(path)
        build_plan(lecture, "Scene")
    return str(caught.value)


def test_a_helper_is_read_and_the_derivation_of_minus_log_s_ends_at_s_minus_one(
    tmp_path: Path,
) -> None:
    path = helpers_line(derivation(tmp_path), f'{{ S = "{SIGMOID}" }}')
    lecture = load_lecture(path)
    params = lecture.scene("Scene").params
    assert {name: str(body) for name, body in params["helpers"].items()} == {"S": SIGMOID}
    plan = build_plan(lecture, "Scene")
    assert plan.result_latex == r"L'(x) = S{\left(x \right)} - 1"
    assert plan.rewritten_latex == ""  # written as the function already: said once


def test_a_helper_may_call_the_helpers_before_it(tmp_path: Path) -> None:
    path = helpers_line(
        derivation(tmp_path, function="T(x)", rewritten=["T(x)"], algebra_steps=[]),
        f'{{ S = "{SIGMOID}", T = "2*S(2*x) - 1" }}',
    )
    assert build_plan(load_lecture(path), "Scene").steps


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ('"S"', "is not a table of one-letter names and formulas"),
        ('{ SS = "x" }', 'scenes.Scene.helpers.SS = "SS" is not a one-letter function name'),
        ('{ L = "x" }', "scenes.Scene.helpers.L is already the function's own name"),
        ('{ S = "__import__(1)" }', 'scenes.Scene.helpers.S = "__import__(1)" is not a valid'),
        ('{ S = "T(x)", T = "x" }', 'scenes.Scene.helpers.S = "T(x)" is not a valid'),
    ],
)
def test_each_mistake_in_helpers_is_one_sentence_naming_the_key(
    tmp_path: Path, table: str, said: str
) -> None:
    message = refusal(helpers_line(derivation(tmp_path), table))
    assert said in message and "\n" not in message


def test_a_step_not_equal_once_the_helper_is_replaced_is_refused(tmp_path: Path) -> None:
    path = helpers_line(derivation(tmp_path, algebra_steps=["S(x) + 1"]), f'{{ S = "{SIGMOID}" }}')
    assert "scenes.Scene.algebra_steps" in refusal(path)


def test_without_helpers_a_formula_may_not_call_an_unknown_function(tmp_path: Path) -> None:
    assert "scenes.Scene.function" in refusal(derivation(tmp_path))
