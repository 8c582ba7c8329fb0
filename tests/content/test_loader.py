"""lecture.toml -> checked content: the real file loads, and every kind of mistake is named."""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sympy

from scenes.content.loader import (
    CONTENT_ENV,
    DEFAULT_CONTENT,
    ContentError,
    Lecture,
    content_path,
)
from scenes.plans import load_lecture, schemas, templates

LECTURE_ORDER = [
    "LectureTitle",
    "SlopeOfLine",
    "SecantConvergence",
    "DerivativeRules",
    "SigmoidDerivation",
    "SigmoidGraph",
    "GradientSurface",
    "GradientDescentBall",
]

X, Y = sympy.symbols("x y", real=True)
TEMPLATE_NAMES = ", ".join(sorted(templates()))  # as a refusal lists them
S = sympy.Function("S")
REAL = tomllib.loads(DEFAULT_CONTENT.read_text(encoding="utf-8"))


def toml_text(data: dict[str, Any]) -> str:
    """A small TOML writer: enough for the content file's tables, lists and scalars."""
    lines: list[str] = []

    def value(item: Any) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, str):
            return json.dumps(item)
        if isinstance(item, list):
            return "[" + ", ".join(value(element) for element in item) + "]"
        return repr(item)

    def table(prefix: str, content: dict[str, Any]) -> None:
        if prefix:
            lines.append(f"[{prefix}]")
        for key, item in content.items():
            if not isinstance(item, dict):
                lines.append(f"{key} = {value(item)}")
        for key, item in content.items():
            if isinstance(item, dict):
                table(f"{prefix}.{key}" if prefix else key, item)

    table("", data)
    return "\n".join(lines) + "\n"


def variant(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the real content file with one edit applied."""
    data = copy.deepcopy(REAL)
    edit(data)
    path = tmp_path / "lecture.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    return path


def set_value(*keys: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        table = data
        for key in keys[:-1]:
            table = table[key]
        table[keys[-1]] = value

    return edit


def delete(*keys: str) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        table = data
        for key in keys[:-1]:
            table = table[key]
        del table[keys[-1]]

    return edit


def error_for(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> str:
    path = variant(tmp_path, edit)
    with pytest.raises(ContentError) as caught:
        load_lecture(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert message.endswith((".", "?"))
    assert "\n" not in message
    return message


# ---------------------------------------------------------------- the real file


def test_the_real_lecture_loads_with_every_scene_in_order() -> None:
    lecture = load_lecture()
    assert isinstance(lecture, Lecture)
    assert lecture.title == "Calculus for Machine Learning"
    assert [scene.name for scene in lecture.scenes] == LECTURE_ORDER
    assert [scene.template for scene in lecture.scenes] == [
        *LECTURE_ORDER[:4],
        "Derivation",
        "FunctionAndDerivative",
        *LECTURE_ORDER[6:],
    ]
    assert lecture.scene("SigmoidGraph").chapter == "The sigmoid and its derivative"
    assert lecture.scene("SlopeOfLine").chapter == "Slope"  # the template's default


def test_secant_parameters_are_exact_sympy_values() -> None:
    secant = load_lecture().scene("SecantConvergence")
    assert secant.params["function"] == X**2
    assert secant.params["x0"] == 1
    assert isinstance(secant.params["x0"], sympy.Integer)
    assert secant.params["step_sizes"] == (
        sympy.Integer(1),
        sympy.Rational(1, 2),
        sympy.Rational(1, 4),
        sympy.Rational(1, 10),
    )
    assert secant.params["final_step"] == sympy.Rational(1, 1000)
    assert secant.params["x_range"] == (sympy.Rational(-1, 2), sympy.Rational(5, 2))


def test_narration_beats_follow_the_template_order() -> None:
    from scenes.content import loader

    lecture = loader.load_lecture(None, schemas())  # as written, plan values not filled in
    for scene in lecture.scenes:
        spec = schemas()[scene.template]
        assert tuple(beat.name for beat in scene.beats) == spec.beats
        raw = REAL["scenes"][scene.name]["narration"]
        for beat in scene.beats:  # a step-by-step beat: its sentences in order
            written = raw[beat.name]
            assert list(beat.parts) == (written if isinstance(written, list) else [written])


def test_every_kind_of_parameter_is_converted() -> None:
    lecture = load_lecture()
    title = lecture.scene("LectureTitle").params
    assert title["outline"] == tuple(REAL["scenes"]["LectureTitle"]["outline"])
    sigmoid = lecture.scene("SigmoidDerivation").params
    assert sigmoid["name"] == "S"
    assert sigmoid["function"] == 1 / (1 + sympy.exp(-X))
    assert all(isinstance(step, sympy.Expr) for step in sigmoid["algebra_steps"])
    assert S(X) in sigmoid["algebra_steps"][-1].atoms(sympy.Function)
    descent = lecture.scene("GradientDescentBall").params
    assert descent["surface"] == X**2 + Y**2
    assert descent["start"] == (1, 1)
    assert descent["more_starts"] == ((1, 0), (0, 0))
    assert descent["learning_rate"] == sympy.Rational(1, 10)
    assert descent["descent_steps"] == 12
    assert isinstance(descent["descent_steps"], int)


def test_parameters_are_read_only() -> None:
    secant = load_lecture().scene("SecantConvergence")
    with pytest.raises(TypeError):
        secant.params["x0"] = 2  # type: ignore[index]
    assert list(secant.params) == list(schemas()[secant.template].param_names)


def test_unknown_scene_name_lists_the_lecture_scenes() -> None:
    with pytest.raises(KeyError, match="SecantConvergence"):
        load_lecture().scene("Secant")


def test_scene_content_reads_one_scene() -> None:
    assert load_lecture().scene("GradientSurface").params["point"] == (1, 1)


def test_content_path_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CONTENT_ENV, raising=False)
    assert content_path() == DEFAULT_CONTENT
    path = variant(tmp_path, set_value("lecture", "title", value="Another title"))
    monkeypatch.setenv(CONTENT_ENV, str(path))
    assert content_path() == path
    assert load_lecture().title == "Another title"


# ---------------------------------------------------------------- digests


def test_digest_changes_only_for_the_scene_that_changed(tmp_path: Path) -> None:
    before = {scene.name: scene.digest for scene in load_lecture().scenes}
    after = {
        scene.name: scene.digest
        for scene in load_lecture(
            variant(tmp_path, set_value("scenes", "SecantConvergence", "x0", value=0.5))
        ).scenes
    }
    assert after["SecantConvergence"] != before["SecantConvergence"]
    assert {k: v for k, v in after.items() if k != "SecantConvergence"} == {
        k: v for k, v in before.items() if k != "SecantConvergence"
    }
    assert all(len(digest) == 64 for digest in after.values())


def test_digest_follows_narration_too(tmp_path: Path) -> None:
    edit = set_value("scenes", "GradientSurface", "narration", "SliceAlongX", value="Slice.")
    changed = load_lecture(variant(tmp_path, edit)).scene("GradientSurface").digest
    assert changed != load_lecture().scene("GradientSurface").digest


# ---------------------------------------------------------------- accepted variations


def test_quoted_numbers_are_exact(tmp_path: Path) -> None:
    path = variant(tmp_path, set_value("scenes", "SecantConvergence", "x0", value="1/3"))
    assert load_lecture(path).scene("SecantConvergence").params["x0"] == sympy.Rational(1, 3)
    path = variant(tmp_path, set_value("scenes", "SlopeOfLine", "x1", value="pi/4"))
    assert load_lecture(path).scene("SlopeOfLine").params["x1"] == sympy.pi / 4


def test_a_silent_beat_and_no_extra_starts_are_allowed(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["scenes"]["GradientDescentBall"]["narration"]["FlipToDescent"] = ""
        data["scenes"]["GradientDescentBall"]["more_starts"] = []
        # no extra start: RollAlongTheAxis has no steps to say, so it is left silent too
        data["scenes"]["GradientDescentBall"]["narration"]["RollAlongTheAxis"] = ""

    scene = load_lecture(variant(tmp_path, edit)).scene("GradientDescentBall")
    assert scene.beats[1].narration == ""
    assert scene.params["more_starts"] == ()


def test_a_beat_left_without_narration_says_the_templates_own_sentence(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        del data["scenes"]["SecantConvergence"]["narration"]["StateTheLimit"]
        del data["scenes"]["SlopeOfLine"]["narration"]

    lecture = load_lecture(variant(tmp_path, edit))
    secant = lecture.scene("SecantConvergence")
    limit = next(beat for beat in secant.beats if beat.name == "StateTheLimit")
    assert limit.narration == (
        "The limit of the difference quotient is the derivative at 1: 2, the slope of the tangent."
    )
    assert "derivative at one: two, the slope" in limit.spoken
    slope = lecture.scene("SlopeOfLine")
    assert [beat.narration for beat in slope.beats][1] == (
        "Pick two points on it, at x equals 1 and x equals 2."
    )


def test_a_beat_under_its_former_name_is_read_as_the_renamed_beat(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        narration = data["scenes"]["SigmoidDerivation"]["narration"]
        narration["StateTheSigmoid"] = narration.pop("StateTheFunction")

    scene = load_lecture(variant(tmp_path, edit)).scene("SigmoidDerivation")
    assert scene.beats[0].name == "StateTheFunction"
    assert scene.beats[0].former == ("StateTheSigmoid",)
    assert scene.beats[0].narration.startswith("The sigmoid is")


def test_a_beat_under_both_names_is_refused(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        narration = data["scenes"]["SigmoidGraph"]["narration"]
        narration["PlotTheSigmoid"] = "Once more."

    with pytest.raises(ContentError) as caught:
        load_lecture(variant(tmp_path, edit))
    assert "scenes.SigmoidGraph.narration." in str(caught.value)
    assert "PlotTheFunction a second time" in str(caught.value)


def test_a_table_for_an_unlisted_scene_is_kept_out_of_the_lecture(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["lecture"]["scenes"].remove("SigmoidGraph")
        data["scenes"]["SigmoidGraph"]["x_range"] = "not even checked"

    lecture = load_lecture(variant(tmp_path, edit))
    assert "SigmoidGraph" not in [scene.name for scene in lecture.scenes]
    with pytest.raises(KeyError, match="not in the lecture"):
        lecture.scene("SigmoidGraph")


def test_a_relative_path_is_shown_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    variant(tmp_path, set_value("scenes", "SecantConvergence", "x0", value="one"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load_lecture(Path("lecture.toml"))
    assert str(caught.value) == (
        'lecture.toml: scenes.SecantConvergence.x0 = "one" is not a number '
        "(uses the name 'one', which is not allowed); write a number such as 1, 0.5 or \"1/3\"."
    )
    assert caught.value.key == "scenes.SecantConvergence.x0"
    assert caught.value.value == "one"
    assert caught.value.path == Path("lecture.toml")


# ---------------------------------------------------------------- file-level mistakes


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ContentError, match="nowhere.toml: the content file does not exist."):
        load_lecture(path)


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "lecture.toml"
    path.write_text('[lecture]\ntitle = "T"\nscenes = [\n  "SlopeOfLine",\n  oops\n]\n')
    with pytest.raises(ContentError) as caught:
        load_lecture(path)
    assert str(caught.value).startswith(f"{path}:5:3: the file is not valid TOML at line 5")


# ---------------------------------------------------------------- each kind of mistake


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            set_value("scenes", "SecantConvergence", "x0", value=True),
            "scenes.SecantConvergence.x0 = true is not a number",
        ),
        (
            set_value("scenes", "SecantConvergence", "x0", value="sqrt(-1)"),
            'scenes.SecantConvergence.x0 = "sqrt(-1)" is not a real number.',
        ),
        (
            set_value("scenes", "SecantConvergence", "final_step", value=0),
            "scenes.SecantConvergence.final_step = 0 is not greater than 0.",
        ),
        (
            set_value("scenes", "SecantConvergence", "function", value="x**2 + y"),
            'scenes.SecantConvergence.function = "x**2 + y" is not a valid expression: '
            "uses the name 'y', which is not allowed",
        ),
        (
            set_value("scenes", "SecantConvergence", "function", value="9**9**9"),
            'scenes.SecantConvergence.function = "9**9**9" is not a valid expression: '
            "raises to a power",
        ),
        (
            set_value("scenes", "SecantConvergence", "step_sizes", value=[1, 0.25, 0.5]),
            "scenes.SecantConvergence.step_sizes[2] = 0.5 is not smaller than the step before "
            "it, 0.25; step sizes must decrease.",
        ),
        (
            set_value("scenes", "SecantConvergence", "step_sizes", value=[]),
            "scenes.SecantConvergence.step_sizes = [] is not a non-empty list",
        ),
        (
            set_value("scenes", "SecantConvergence", "x_range", value=[2, -1]),
            "scenes.SecantConvergence.x_range = [2, -1] is not a range",
        ),
        (
            set_value("scenes", "SecantConvergence", "y_range", value=[0, 1, 2]),
            "scenes.SecantConvergence.y_range = [0, 1, 2] is not a range [low, high]",
        ),
        (
            set_value("scenes", "GradientDescentBall", "descent_steps", value=2.5),
            "scenes.GradientDescentBall.descent_steps = 2.5 is not a whole number",
        ),
        (
            set_value("scenes", "GradientDescentBall", "descent_steps", value=0),
            "scenes.GradientDescentBall.descent_steps = 0 is not a whole number",
        ),
        (
            set_value("scenes", "GradientDescentBall", "start", value=[1]),
            "scenes.GradientDescentBall.start = [1] is not a point [x, y]",
        ),
        (
            set_value("scenes", "GradientDescentBall", "more_starts", value=[[1, 0], [0, "a"]]),
            'scenes.GradientDescentBall.more_starts[1][1] = "a" is not a number',
        ),
        (
            set_value("scenes", "SigmoidDerivation", "name", value="x"),
            'scenes.SigmoidDerivation.name = "x" is not a one-letter function name',
        ),
        (
            set_value("scenes", "SigmoidGraph", "name", value="SS"),
            'scenes.SigmoidGraph.name = "SS" is not a one-letter function name',
        ),
        (
            set_value("scenes", "SigmoidDerivation", "algebra_steps", value=["T(x) * 2"]),
            'scenes.SigmoidDerivation.algebra_steps[0] = "T(x) * 2" is not a valid expression: '
            "uses the name 'T'",
        ),
        (
            set_value("scenes", "SigmoidDerivation", "rewritten", value=[]),
            "scenes.SigmoidDerivation.rewritten = [] is empty; give the form to differentiate",
        ),
        (
            set_value("scenes", "LectureTitle", "subtitle", value=r"\input{/etc/passwd}"),
            'scenes.LectureTitle.subtitle = "\\\\input{/etc/passwd}" is refused: it uses '
            "\\input, which could read or write files or run commands.",
        ),
        (
            set_value("scenes", "LectureTitle", "outline", value=["Fine", r"\write18{ls}"]),
            'scenes.LectureTitle.outline[1] = "\\\\write18{ls}" is refused: it uses \\write',
        ),
        (
            set_value("scenes", "LectureTitle", "outline", value=[]),
            "scenes.LectureTitle.outline = [] is not a non-empty list of texts",
        ),
        (
            set_value("lecture", "title", value="^^5cinput{/etc/passwd}"),
            "lecture.title = \"^^5cinput{/etc/passwd}\" is refused: it contains '^^'",
        ),
    ],
)
def test_each_value_mistake_names_key_and_value(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], expected: str
) -> None:
    assert f": {expected}" in error_for(tmp_path, edit)


def test_code_in_an_expression_is_refused_and_never_run(tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    code = f"__import__('os').system('touch {target}')"
    message = error_for(tmp_path, set_value("scenes", "SecantConvergence", "function", value=code))
    assert "scenes.SecantConvergence.function = \"__import__('os').system(" in message
    assert "is not a valid expression: " in message
    assert "uses the name '__import__', which is not allowed" in message
    assert not target.exists()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            set_value("lecture", "scenes", value=["SlopeOfLine", "SecantConvergance"]),
            'lecture.scenes[1] = "SecantConvergance" has no [scenes.SecantConvergance] table '
            '(did you mean "SecantConvergence"?); add one, naming its template.',
        ),
        (
            set_value("lecture", "scenes", value=["SlopeOfLine", "SlopeOfLine"]),
            'lecture.scenes[1] = "SlopeOfLine" is listed twice.',
        ),
        (
            set_value("lecture", "scenes", value=[]),
            "lecture.scenes = [] is not a non-empty list of scene names.",
        ),
        (delete("lecture", "title"), "lecture.title is missing; add it as text."),
        (set_value("lecture", "tittle", value="T"), 'lecture.tittle = "T" is not a key of'),
        (delete("lecture"), "lecture is missing; add a [lecture] table"),
        (
            delete("scenes", "GradientSurface"),
            'lecture.scenes[6] = "GradientSurface" has no [scenes.GradientSurface] table',
        ),
        (
            set_value("scenes", "GradientSurfce", value={"point": [1, 1]}),
            "scenes.GradientSurfce names no template and is not one "
            f'(did you mean "GradientSurface"?); add template = "<one of: {TEMPLATE_NAMES}>" ',
        ),
        (
            set_value("scenes", "SigmoidGraph", "template", value="SigmoidGrap"),
            'scenes.SigmoidGraph.template = "SigmoidGrap" is not a template '
            f'(did you mean "SigmoidGraph"?); templates: {TEMPLATE_NAMES}.',
        ),
        (
            set_value("scenes", "SecantConvergence", "x_0", value=1),
            "scenes.SecantConvergence.x_0 = 1 is not a key of the template SecantConvergence "
            '(did you mean "x0"?); its keys are: function, x0, step_sizes, final_step, x_range, '
            "y_range, template, chapter, narration.",
        ),
        (
            set_value("scenes", "SecantConvergence", "narration", "ZoomOnTangent", value="Zoom."),
            'scenes.SecantConvergence.narration.ZoomOnTangent = "Zoom." is not a beat of the '
            'template SecantConvergence (did you mean "ZoomOnTheTangent"?); its beats are: '
            "DrawTheCurve",
        ),
        (
            set_value("scenes", "SecantConvergence", "narration", "StateTheLimit", value=3),
            "scenes.SecantConvergence.narration.StateTheLimit = 3 is not text in quotes "
            "(or a list of texts, one per step).",
        ),
        (
            set_value("scenes", "SecantConvergence", "narration", "StateTheLimit", value="a\x07b"),
            'scenes.SecantConvergence.narration.StateTheLimit = "a\\u0007b" contains the '
            "control character '\\x07'.",
        ),
        (
            set_value("scenes", "SecantConvergence", "narration", value="Hello."),
            'scenes.SecantConvergence.narration = "Hello." is not a table',
        ),
    ],
)
def test_each_structure_mistake_is_named(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], expected: str
) -> None:
    assert f": {expected}" in error_for(tmp_path, edit)


# ---------------------------------------------------------------- cross-checks


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            set_value("scenes", "SecantConvergence", "x0", value=3),
            "scenes.SecantConvergence.x0 = 3 lies outside x_range = [-0.5, 2.5].",
        ),
        (
            set_value("scenes", "SecantConvergence", "x0", value=2),
            "scenes.SecantConvergence.step_sizes[0] = 1 puts x0 + 1 = 3 outside "
            "x_range = [-0.5, 2.5].",
        ),
        (
            set_value("scenes", "SecantConvergence", "final_step", value=0.5),
            "scenes.SecantConvergence.final_step = 0.5 is not smaller than the last step "
            "size, 0.1.",
        ),
        (
            set_value("scenes", "SlopeOfLine", "x1", value="2/2"),
            'scenes.SlopeOfLine.x1 = "2/2" equals x0 = 1; the two points need different x values.',
        ),
        (
            set_value("scenes", "SlopeOfLine", "x1", value=10),
            "scenes.SlopeOfLine.x1 = 10 lies outside x_range = [-0.5, 3].",
        ),
        (
            set_value("scenes", "GradientSurface", "point", value=[1, 5]),
            "scenes.GradientSurface.point = [1, 5] lies outside y_range = [-2, 2].",
        ),
        (
            set_value("scenes", "GradientDescentBall", "start", value=[-3, 0]),
            "scenes.GradientDescentBall.start = [-3, 0] lies outside x_range = [-2, 2].",
        ),
        (
            set_value("scenes", "GradientDescentBall", "more_starts", value=[[0, 0], [0, 2.5]]),
            "scenes.GradientDescentBall.more_starts[1] = [0, 2.5] lies outside y_range = [-2, 2].",
        ),
    ],
)
def test_values_that_cannot_be_drawn_are_named(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], expected: str
) -> None:
    assert f": {expected}" in error_for(tmp_path, edit)
