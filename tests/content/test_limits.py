"""Careless or hostile lecture files hit a named limit and are refused in one sentence,
before any work starts: no traceback, no hang (the issue "... inputs with limits")."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from content_files import scene_table, toml_value, write_lecture

from scenes.content import limits
from scenes.content.loader import ContentError
from scenes.paths import DEFAULT_CONTENT
from scenes.plans import build_plan, load_lecture

ACTIVATIONS = DEFAULT_CONTENT.with_name("activations.toml")
LONG_NUMBER = re.compile(r"\d{13,}")


def refusal(path: Path) -> str:
    """The one sentence a lecture file is refused with, when loading it and planning it."""
    started = time.monotonic()
    with pytest.raises(ContentError) as caught:
        lecture = load_lecture(path)
        for scene in lecture.scenes:
            build_plan(lecture, scene.name)
    message = str(caught.value)
    assert time.monotonic() - started < 5, "refusing took too long"
    assert message.startswith(f"{path}")
    assert "\n" not in message and message.endswith((".", "?"))
    assert not LONG_NUMBER.search(message), message  # every number shown rounded
    return message


def lecture(tmp_path: Path, template: str = "SlopeOfLine", **params: Any) -> Path:
    return write_lecture(tmp_path / "lecture.toml", "Scene", template, params)


def test_both_example_lectures_keep_within_every_limit() -> None:
    for path in (DEFAULT_CONTENT, ACTIVATIONS):
        loaded = load_lecture(path)
        for scene in loaded.scenes:
            build_plan(loaded, scene.name)


# ---------------------------------------------------------------- the file


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = lecture(tmp_path)
    title = "T" * (limits.MAX_FILE_BYTES + 10)
    path.write_text(path.read_text().replace('title = "T"', f'title = "{title}"'))
    message = refusal(path)
    size = path.stat().st_size
    assert message == (
        f"{path}: the file is 1 MB ({size:,} bytes); a lecture file is limited to 1 MB "
        "(1,000,000 bytes)."
    )


def test_a_20_mb_title_is_refused_at_once(tmp_path: Path) -> None:
    path = lecture(tmp_path)
    path.write_text(path.read_text().replace('title = "T"', f'title = "{"T" * 20_000_000}"'))
    assert "the file is 20 MB (20,000," in refusal(path)


@pytest.mark.parametrize(
    "deep",
    [
        "[" * 1000 + "]" * 1000,  # arrays: Python's TOML reader recurses
        "{a = " * 1000 + "1" + "}" * 1000,  # inline tables likewise
    ],
)
def test_toml_nested_1000_levels_deep_is_one_sentence(tmp_path: Path, deep: str) -> None:
    path = lecture(tmp_path)
    path.write_text(f"x = {deep}\n" + path.read_text())
    assert refusal(path) == (
        f"{path}: the file nests tables or lists too deeply to read; a lecture file nests "
        f"them at most {limits.MAX_DEPTH} levels deep."
    )


def test_nesting_past_the_limit_names_the_key(tmp_path: Path) -> None:
    path = lecture(tmp_path)
    deep = "[" * 12 + "1" + "]" * 12
    path.write_text(path.read_text().replace('"Scene"]\n', f'"Scene"]\nextra = {deep}\n', 1))
    assert refusal(path) == (
        f"{path}: lecture.extra{'[0]' * 7} is nested 9 levels deep; a lecture "
        "file nests tables and lists at most 8 levels deep."
    )


def test_deep_dotted_tables_are_refused_naming_the_key(tmp_path: Path) -> None:
    path = lecture(tmp_path)
    path.write_text(path.read_text() + "[" + ".".join(["a"] * 500) + "]\nk = 1\n")
    message = refusal(path)
    assert message.startswith(f"{path}: a.a.a.a.a.a.a.a.a is nested 9 levels deep")


def test_a_misspelled_top_level_table_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    path = lecture(tmp_path)
    path.write_text('[pronounciation]\n"S(x)" = "S of x"\n\n' + path.read_text())
    assert refusal(path) == (
        f"{path}: pronounciation is not a top-level table of a lecture file (did you mean "
        '"pronunciation"?); its top-level tables are: lecture, scenes, pronunciation, voice.'
    )


def test_an_unknown_top_level_value_is_refused(tmp_path: Path) -> None:
    path = lecture(tmp_path)
    path.write_text('titel = "Calculus"\n' + path.read_text())
    assert refusal(path) == (
        f'{path}: titel = "Calculus" is not a top-level table of a lecture file; its '
        "top-level tables are: lecture, scenes, pronunciation, voice."
    )


def test_a_huge_unknown_key_is_shown_cut(tmp_path: Path) -> None:
    path = lecture(tmp_path)
    path.write_text(f"{'k' * 100_000} = 1\n" + path.read_text())
    message = refusal(path)
    assert message.startswith(f"{path}: {'k' * 61}... = 1 is not a top-level table")
    assert len(message) < 400


def test_too_many_scenes_are_refused(tmp_path: Path) -> None:
    names = [f"S{i}" for i in range(limits.MAX_SCENES + 1)]
    head = f'[lecture]\ntitle = "T"\nscenes = {toml_value(names)}\n\n'
    path = tmp_path / "lecture.toml"
    path.write_text(head + "".join(scene_table(n, "LectureTitle", {}) for n in names))
    assert refusal(path) == f"{path}: lecture.scenes lists 101 scenes; a lecture has at most 100."
    head = f'[lecture]\ntitle = "T"\nscenes = {toml_value(names[:1])}\n\n'
    path.write_text(head + "".join(scene_table(n, "LectureTitle", {}) for n in names))
    assert refusal(path) == (
        f"{path}: scenes has 101 tables; a lecture file holds at most 100 scenes."
    )


def test_a_huge_pronunciation_table_is_refused(tmp_path: Path) -> None:
    path = lecture(tmp_path)
    entries = "".join(f'"w{i}" = "word"\n' for i in range(limits.MAX_PRONUNCIATIONS + 1))
    path.write_text(f"[pronunciation]\n{entries}\n" + path.read_text())
    assert refusal(path) == f"{path}: pronunciation has 201 entries; it is limited to 200."


# ---------------------------------------------------------------- strings and lists


def test_a_long_title_is_refused_naming_the_limit(tmp_path: Path) -> None:
    path = write_lecture(tmp_path / "lecture.toml", "Scene", "SlopeOfLine", {}, title="T" * 201)
    message = refusal(path)
    assert message.startswith(f'{path}: lecture.title = "TTTT')
    assert message.endswith(
        "is 201 characters long; a text drawn on a slide is limited to 200 characters."
    )


def test_a_title_of_exactly_the_limit_loads(tmp_path: Path) -> None:
    path = write_lecture(tmp_path / "lecture.toml", "Scene", "SlopeOfLine", {}, title="T" * 200)
    assert load_lecture(path).title == "T" * 200


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"subtitle": "s" * 201}, "subtitle"),
        ({"outline": ["fine", "o" * 201]}, "outline[1]"),
    ],
)
def test_long_labels_are_refused(tmp_path: Path, params: dict[str, Any], key: str) -> None:
    message = refusal(lecture(tmp_path, "LectureTitle", **params))
    assert f"scenes.Scene.{key} = " in message
    assert "is 201 characters long; a text drawn on a slide is limited to 200" in message


def test_a_long_chapter_is_refused(tmp_path: Path) -> None:
    path = lecture(tmp_path)
    text = path.read_text().replace(
        'template = "SlopeOfLine"\n', f'template = "SlopeOfLine"\nchapter = "{"c" * 300}"\n'
    )
    path.write_text(text)
    assert "scenes.Scene.chapter = " in refusal(path)


def test_a_long_narration_is_refused_and_one_at_the_limit_loads(tmp_path: Path) -> None:
    path = lecture(tmp_path)
    sentence = "Slope measures how fast a line rises: rise over run."
    long = ("word " * 500)[: limits.MAX_NARRATION_LENGTH + 1]
    path.write_text(path.read_text().replace(sentence, long))
    assert refusal(path).endswith(
        "is 2,001 characters long; a beat's narration is limited to 2,000 characters."
    )
    path.write_text(path.read_text().replace(long, long[:-1]))
    assert len(load_lecture(path).scenes[0].beats[0].narration) == 2_000


@pytest.mark.parametrize(
    ("template", "param", "item", "most"),
    [
        ("LectureTitle", "outline", "Item", limits.MAX_TEXT_ITEMS),
        ("Derivation", "algebra_steps", "S(x) * (1 - S(x))", limits.MAX_FORMULA_ITEMS),
        ("GradientDescentBall", "more_starts", [0, 0], limits.MAX_POINTS),
    ],
)
def test_long_lists_are_refused_naming_the_limit(
    tmp_path: Path, template: str, param: str, item: Any, most: int
) -> None:
    path = lecture(tmp_path, template, **{param: [item] * (most + 1)})
    assert refusal(path) == (
        f"{path}: scenes.Scene.{param} has {most + 1} items; this list is limited to {most}."
    )


def test_too_many_step_sizes_are_refused(tmp_path: Path) -> None:
    steps = [1 / 2**i for i in range(limits.MAX_STEP_SIZES + 1)]
    path = lecture(tmp_path, "SecantConvergence", step_sizes=steps, final_step=0.001)
    assert refusal(path) == (
        f"{path}: scenes.Scene.step_sizes has 9 items; this list is limited to 8."
    )


def test_a_long_formula_is_refused(tmp_path: Path) -> None:
    formula = "x" + " + x" * 200
    message = refusal(lecture(tmp_path, function=formula))
    assert "is not a valid expression: is 801 characters long; the limit is 300." in message


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"x0": 1e-300},
            "scenes.Scene.x0 = 1e-300 is too close to 0 to draw: write 0 or a number of at "
            "least 1e-06 in size.",
        ),
        (
            {"x1": 1e308},
            "scenes.Scene.x1 = 1e+308 is too large to draw: numbers are limited to 1e+06 in size.",
        ),
        (
            {"x1": 123456789012345678},
            "scenes.Scene.x1 = 1.235e+17 is too large to draw",
        ),
        (
            {"x_range": [0, 0.0001], "x0": 0, "x1": 0.0001},
            "scenes.Scene.x_range = [0, 0.0001] is too narrow to draw: a range spans at least "
            "0.001.",
        ),
        (
            {"function": "1/(x - 1e-300)"},
            'scenes.Scene.function = "1/(x - 1e-300)" cannot be drawn: it is undefined or not '
            "real at x = 1e-300, inside x_range = [-0.5, 3]",
        ),
    ],
)
def test_numbers_out_of_drawing_range_are_refused_and_shown_rounded(
    tmp_path: Path, params: dict[str, Any], expected: str
) -> None:
    assert f": {expected}" in refusal(lecture(tmp_path, **params))


def test_a_learning_rate_of_1e_300_is_refused_naming_the_range(tmp_path: Path) -> None:
    path = lecture(tmp_path, "GradientDescentBall", learning_rate=1e-300)
    assert refusal(path) == (
        f"{path}: scenes.Scene.learning_rate = 1e-300 is outside the range this scene can "
        "show, from 0.001 to 10."
    )


@pytest.mark.parametrize(
    ("template", "param", "value", "shown", "bounds"),
    [
        ("GradientDescentBall", "learning_rate", 11, "11", "from 0.001 to 10"),
        ("GradientDescentBall", "learning_rate", '"1/10000"', '"1/10000"', "from 0.001 to 10"),
        ("GradientDescentBall", "flow_time", 1e9, "1000000000.0", "from 0.01 to 100"),
        ("GradientDescentBall", "flow_time", 0.001, "0.001", "from 0.01 to 100"),
        ("SecantConvergence", "final_step", 1e-7, "1e-07", "from 1e-06 to 1"),
    ],
)
def test_parameters_with_a_range_refuse_values_outside_it(
    tmp_path: Path, template: str, param: str, value: Any, shown: str, bounds: str
) -> None:
    raw = value[1:-1] if isinstance(value, str) else value
    path = lecture(tmp_path, template, **{param: raw})
    assert refusal(path) == (
        f"{path}: scenes.Scene.{param} = {shown} is outside the range this scene can show, "
        f"{bounds}."
    )


def test_values_at_the_ends_of_a_range_load(tmp_path: Path) -> None:
    path = lecture(tmp_path, "GradientDescentBall", learning_rate=0.001, flow_time=100)
    params = load_lecture(path).scenes[0].params
    assert float(params["learning_rate"]) == 0.001 and params["flow_time"] == 100


def test_a_long_unspeakable_word_is_quoted_cut(tmp_path: Path) -> None:
    path = lecture(tmp_path)
    sentence = "Slope measures how fast a line rises: rise over run."
    path.write_text(path.read_text().replace(sentence, "\\\\" * 1_000))
    message = refusal(path)
    backslashes = "\\" * 40
    assert f'has "{backslashes}..." (TeX commands), which a voice reads badly' in message
    assert len(message) < 400
