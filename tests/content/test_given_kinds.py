"""The parameter kinds the template library reads: formulas kept for the plan, named values,
number and count lists, small tables, choices and files beside the lecture; each mistake one
sentence naming the file and key."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from scenes.content import loader
from scenes.content.loader import FILE_DIGEST, ContentError
from scenes.content.schema import Kind, Param, TemplateSchema
from scenes.maths import given
from scenes.maths.refusals import Refusal

SCHEMA = TemplateSchema(
    name="Probe",
    chapter="Probe",
    description="every new kind",
    beats=("Show",),
    example_narration=("Here.",),
    params=(
        Param("link", Kind.FORMULA, "x0 + 1", "a formula"),
        Param("links", Kind.FORMULA_LIST, ["1", "2"], "formulas"),
        Param("inputs", Kind.VALUES, {"x": 1}, "named numbers"),
        Param("xs", Kind.NUMBER_LIST, [0, 1], "numbers"),
        Param("degrees", Kind.COUNT_LIST, [1, 2], "counts"),
        Param("elements", Kind.RECORDS, [], "tables"),
        Param("rule", Kind.CHOICE, "left", "a choice", choices=("left", "right", "midpoint")),
        Param("image", Kind.FILE, "picture.png", "a file", choices=(".png", ".svg")),
    ),
)


def load(tmp_path: Path, body: str) -> loader.Lecture:
    (tmp_path / "picture.png").write_bytes(b"\x89PNG one")
    path = tmp_path / "lecture.toml"
    path.write_text(
        f'[lecture]\ntitle = "T"\nscenes = ["P"]\n[scenes.P]\ntemplate = "Probe"\n{body}'
    )
    return loader.load_lecture(path, {"Probe": SCHEMA})


def test_the_new_kinds_read_their_values(tmp_path: Path) -> None:
    body = (
        'link = "(y1 - y0)/(x1 - x0)"\nlinks = [2, "f(2)"]\ninputs = { w = "1/2", b = -1 }\n'
        'xs = [0, 0.25, "1/3"]\ndegrees = [1, 3, 5]\nelements = [{ x = 1, label = "A" }]\n'
        'rule = "midpoint"\n'
    )
    params = load(tmp_path, body).scenes[0].params
    assert params["link"] == "(y1 - y0)/(x1 - x0)"
    assert params["links"] == ("2", "f(2)")
    assert params["inputs"] == {"w": sympy.Rational(1, 2), "b": -1}
    assert params["xs"] == (0, sympy.Rational(1, 4), sympy.Rational(1, 3))
    assert params["degrees"] == (1, 3, 5)
    assert params["elements"] == ({"x": 1, "label": "A"},)
    assert params["rule"] == "midpoint"
    assert params["image"] == str((tmp_path / "picture.png").resolve())


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('link = ""', 'scenes.P.link = "" is not a formula in quotes'),
        ("inputs = { pi = 1 }", "scenes.P.inputs.pi is not a name for a value"),
        ('inputs = { w = "a" }', 'scenes.P.inputs.w = "a" is not a number'),
        ("xs = []", "scenes.P.xs = [] is not a non-empty list of numbers"),
        ("degrees = [2, 2]", "scenes.P.degrees[1] = 2 is not larger than the number before it"),
        ("elements = [1]", "scenes.P.elements[0] = 1 is not a table"),
        ("elements = [{ a = { b = 1 } }]", "scenes.P.elements[0].a = {b = 1} is nested too deep"),
        ('rule = "trapezoid"', 'scenes.P.rule = "trapezoid" is not one of "left", "right"'),
        ('image = "missing.png"', 'scenes.P.image = "missing.png" names no file in'),
        ('image = "../outside.png"', 'scenes.P.image = "../outside.png" lies outside the lecture'),
        ('image = "picture.gif"', 'scenes.P.image = "picture.gif" is not a .png, .svg file'),
    ],
)
def test_each_mistake_is_one_sentence_naming_the_key(
    tmp_path: Path, body: str, message: str
) -> None:
    (tmp_path.parent / "outside.png").write_bytes(b"png")
    with pytest.raises(ContentError) as caught:
        load(tmp_path, body)
    assert f"lecture.toml: {message}" in str(caught.value)
    assert str(caught.value).count(". ") == 0  # one sentence


def test_a_changed_file_changes_the_scene_key_but_not_its_name(tmp_path: Path) -> None:
    first = load(tmp_path, "").scenes[0]
    (tmp_path / "picture.png").write_bytes(b"\x89PNG two")
    second = loader.load_lecture(tmp_path / "lecture.toml", {"Probe": SCHEMA}).scenes[0]
    assert first.params["image"] == second.params["image"]
    assert first.visual_digest != second.visual_digest
    assert FILE_DIGEST not in "".join(second.params)


def test_a_plan_reads_formulas_and_tables_with_refusals_naming_the_key() -> None:
    chain = given.formula("link", "(y1 - y0)/(x1 - x0)", ("x0", "x1", "y0", "y1"))
    values = {"x0": 1, "x1": 2, "y0": 2, "y1": 4}
    assert chain.subs({s: values[s.name] for s in chain.free_symbols}) == 2
    with pytest.raises(Refusal) as caught:
        given.formula("links[1]", "f(2) + z", (), ("f",))
    assert caught.value.param == "links[1]"
    assert "uses the name 'z', which is not allowed" in caught.value.problem
    with pytest.raises(Refusal) as caught:
        given.fields("elements[0]", {"x": 1, "lable": "A"}, ("x",), ("label",))
    assert caught.value.param == "elements[0].lable"
    assert 'did you mean "label"?' in caught.value.problem
    with pytest.raises(Refusal, match="has no x"):
        given.fields("elements[0]", {"label": "A"}, ("x",), ("label",))
    assert given.one_of("elements[0]", {"tangent": "f"}, ("point", "tangent")) == "tangent"
    with pytest.raises(Refusal, match="exactly one of point, tangent; it gives point, tangent"):
        given.one_of("elements[0]", {"point": 1, "tangent": "f"}, ("point", "tangent"))
    assert given.number("xs[0]", "1/3") == sympy.Rational(1, 3)
    with pytest.raises(Refusal, match="not a number"):
        given.number("xs[0]", "one")
    with pytest.raises(Refusal, match="could read or write files"):
        given.text("label", r"\write18{rm}")


def test_a_count_with_limits_is_refused_outside_them(tmp_path: Path) -> None:
    counted = TemplateSchema(
        name="Counted",
        chapter="Counted",
        description="a count with limits",
        beats=("Show",),
        example_narration=("Here.",),
        params=(Param("steps", Kind.COUNT, 3, "steps", limits=(1, 12)),),
    )
    path = tmp_path / "lecture.toml"
    path.write_text('[lecture]\ntitle = "T"\nscenes = ["C"]\n[scenes.C]\ntemplate = "Counted"\n')
    assert loader.load_lecture(path, {"Counted": counted}).scenes[0].params["steps"] == 3
    path.write_text(path.read_text() + "steps = 13\n")
    with pytest.raises(ContentError, match="steps = 13 is outside the range this scene can show"):
        loader.load_lecture(path, {"Counted": counted})


def test_a_plan_refusal_is_one_finished_sentence(tmp_path: Path) -> None:
    from scenes.plans import build_plan, load_lecture

    path = tmp_path / "lecture.toml"
    path.write_text(
        '[lecture]\ntitle = "T"\nscenes = ["P"]\n[scenes.P]\ntemplate = "Statement"\n'
        'items = [{ pont = "a" }]\n'
    )
    with pytest.raises(ContentError) as caught:
        build_plan(load_lecture(path), "P")
    message = str(caught.value)
    assert "scenes.P.items[0] must give exactly one of" in message and message.endswith(".")
    assert not message.endswith("..")
