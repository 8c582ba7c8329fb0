"""Table: cells equal sympy's values, refusals in one sentence, the narration says each row
as shown, the numbers line up in the frame, golden frame."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import sympy
from manim import config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_harness import TEX_CACHE, layout_problems, run_scene, texts_of

from scenes.content.loader import ContentError
from scenes.kit import style
from scenes.kit.base import BeatScene
from scenes.plans import build_plan, load_lecture, schemas
from scenes.plans.table import MAX_ROWS, heading_lines
from scenes.templates.table import Table

__module_test__ = "table"

STRESS = Path(__file__).parents[1] / "stress" / "table.toml"
LECTURE = """
[lecture]
title = "Tables"
scenes = ["Sigmoid"]

[scenes.Sigmoid]
template = "Table"
{extra}
"""


def lecture_file(folder: Path, extra: str = "") -> Path:
    path = folder / "lecture.toml"
    path.write_text(LECTURE.format(extra=extra))
    return path


@pytest.fixture(scope="module", autouse=True)
def default_lecture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The template's defaults as a lecture, read by every scene built here."""
    path = lecture_file(tmp_path_factory.mktemp("table-lecture"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LECTURE_CONTENT", str(path))
        yield path


def refusal(tmp_path: Path, extra: str) -> str:
    with pytest.raises(ContentError) as caught:
        load_lecture(lecture_file(tmp_path, extra))
    return str(caught.value)


# ---------------------------------------------------------------- the plan


def test_every_cell_is_sympys_value_of_its_formula(default_lecture: Path) -> None:
    plan = build_plan(load_lecture(default_lecture), "Sigmoid")
    x = sympy.Symbol("x")
    sigmoid = 1 / (1 + sympy.exp(-x))
    formulas = (sigmoid, sigmoid * (1 - sigmoid))
    assert [c.latex for c in plan.inputs] == ["-2", "-1", "0", "1", "2"]
    for row, at in enumerate((-2, -1, 0, 1, 2)):
        for column, formula in enumerate(formulas):
            truth = float(sympy.N(formula.subs(x, at), 30))
            shown = plan.columns[column].cells[row]
            assert plan.values[row][column + 1] == pytest.approx(truth, rel=1e-12)
            assert float(shown.latex) == pytest.approx(truth, rel=5e-3)
    assert [c.latex for c in plan.columns[0].cells] == ["0.119", "0.269", "0.5", "0.731", "0.881"]
    assert plan.columns[1].cells[2].latex == "0.25" and plan.columns[1].cells[2].exact


def test_an_input_named_n_and_a_heading_from_the_formula(tmp_path: Path) -> None:
    extra = 'variable = "n"\ninputs = [1, 2, 10]\nhelpers = {}\ncolumns = [{ formula = "1/n" }]'
    plan = build_plan(load_lecture(lecture_file(tmp_path, extra)), "Sigmoid")
    assert plan.variable == "n"
    assert plan.columns[0].heading == r"$\displaystyle \frac{1}{n}$"
    assert [c.latex for c in plan.columns[0].cells] == ["1", "0.5", "0.1"]


def test_an_undefined_cell_is_refused_naming_the_column_and_the_input(tmp_path: Path) -> None:
    message = refusal(
        tmp_path, 'inputs = [-1, 0, 1]\ncolumns = [{ formula = "S(x)" }, { formula = "1/x" }]'
    )
    assert 'scenes.Sigmoid.columns[1].formula = "1/x" is undefined at x = 0' in message
    assert 'undefined = "show"' in message
    assert message.count(". ") == 0 and message.endswith(".")


def test_a_log_of_a_negative_number_is_not_real(tmp_path: Path) -> None:
    message = refusal(tmp_path, 'inputs = [-1, 1]\ncolumns = [{ formula = "log(x)" }]')
    assert "columns[0].formula" in message and "is not a real number at x = -1" in message


def test_undefined_cells_may_be_shown_instead(tmp_path: Path) -> None:
    extra = 'inputs = [-1, 0, 1]\ncolumns = [{ formula = "1/x" }]\nundefined = "show"'
    plan = build_plan(load_lecture(lecture_file(tmp_path, extra)), "Sigmoid")
    cells = plan.columns[0].cells
    assert [c.defined for c in cells] == [True, False, True]
    assert plan.values[1][1] is None
    assert plan.step_values("FillTheRows")[1]["values"].written == "1/x is undefined"


@pytest.mark.parametrize(
    ("extra", "key", "words"),
    [
        ('variable = "e"', "variable", "one letter other than e"),
        ('variable = "S"', "variable", "name of a helper"),
        (f"inputs = {list(range(MAX_ROWS + 1))}", "inputs", f"at most {MAX_ROWS} rows"),
        ("inputs = [1, 2, 1]", "inputs[2]", "listed twice"),
        ("columns = []", "columns", "no columns"),
        (
            'columns = [{ formula = "S(x)", heading = "a", colour = "red" }]',
            "columns[0].colour",
            "not a key",
        ),
        ('columns = [{ formula = "y + 1" }]', "columns[0].formula", "not a valid expression"),
        ('columns = [{ formula = "exp(x)" }]\ninputs = [1000]', "columns[0].formula", "too large"),
    ],
)
def test_what_cannot_be_tabulated_is_refused_in_one_sentence(
    tmp_path: Path, extra: str, key: str, words: str
) -> None:
    message = refusal(tmp_path, extra)
    assert f"scenes.Sigmoid.{key} " in message and words in message
    assert message.count("\n") == 0


def test_a_long_heading_is_cut_at_spaces_and_math_stays_whole() -> None:
    assert heading_lines("probability that the neuron fires") == (
        "probability that",
        "the neuron fires",
    )
    assert heading_lines(r"its slope $1 - \tanh^2(x)$") == ("its slope", r"$1 - \tanh^2(x)$")


def test_the_default_narration_says_each_row_as_the_table_writes_it(default_lecture: Path) -> None:
    beat = next(
        b for b in load_lecture(default_lecture).scene("Sigmoid").beats if b.name == "FillTheRows"
    )
    assert beat.parts[1] == "At x equals -2, S(x) is 0.119 and (1 - S(x))·S(x) is 0.105."
    assert beat.spoken_parts[3] == (
        "At x equals zero, S of x is zero point five and S of x times the quantity one minus "
        "S of x is zero point two five."
    )
    assert len(beat.parts) == 1 + 5


def test_every_table_of_the_stress_lecture_plans() -> None:
    lecture = load_lecture(STRESS)
    for scene in lecture.scenes:
        plan = build_plan(lecture, scene.name)
        assert all(len(column.cells) == plan.row_count for column in plan.columns)


# ---------------------------------------------------------------- the scene


@pytest.fixture(scope="module")
def scene(tex_dir: None, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("Table", tmp_path_factory.mktemp("table"))


@pytest.mark.slow
def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["Table"].beats)


@pytest.mark.slow
def test_headings_first_then_every_row_in_the_accent_colour(scene: BeatScene) -> None:
    headings = texts_of(scene, "ShowTheHeadings")
    assert "$x$" in headings and "$S(x)$" in headings
    assert all(h.get_color() == style.ACCENT_COLOR for h in scene.headings)
    shown = texts_of(scene, "FillTheRows")
    assert {"0 .119", "0 .731", "0 .25", "-2"} <= set(shown)


@pytest.mark.slow
def test_numbers_line_up_where_their_integer_parts_end(scene: BeatScene) -> None:
    for column in range(3):
        ends = [row[column][0].get_right()[0] for row in scene.rows]
        assert np.ptp(ends) < 1e-6
    for row in scene.rows:
        baselines = [number[0].get_bottom()[1] for number in row]
        assert np.ptp(baselines) < 0.02  # digits sit on one line


@pytest.mark.slow
def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


@pytest.mark.slow
def test_twelve_rows_and_tiny_values_fit_the_frame_readably(
    tex_dir: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LECTURE_CONTENT", str(STRESS))
    scene = run_scene("Table", tmp_path)
    assert scene.plan.row_count == 12 and len(scene.rows) == 12
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []
    assert min(n.font_size for row in scene.rows for n in row) >= 20


@pytest.mark.slow
@frames_comparison(last_frame=True, base_scene=Table, tex_dir=str(TEX_CACHE))
def test_table_last_frame(scene: Table) -> None:
    Table.construct(scene)
