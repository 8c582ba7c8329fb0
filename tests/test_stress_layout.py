"""Every frame right for content nobody tuned the templates to: `lecture check` on the stress
lectures (tests/stress/) and the example lecture, failing on any finding.

The default lecture is checked where it is rendered (test_end_to_end: the check runs inside
every real render). Each stress lecture pushes the templates: points at 0 and at the edges
of their ranges, peaks near the frame's edge, long names and labels, negative and large
values, off-centre minima, elongated bowls.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from scene_harness import shared_formulas

from scenes.cli.main import main
from scenes.kit.layout import MAX_SHOWN_DIGITS, significant_digits
from scenes.paths import EXAMPLE_LECTURES
from scenes.plans import load_lecture, schemas, templates

STRESS = sorted((Path(__file__).parent / "stress").glob("*.toml"))
# The default lecture and beyond.toml are checked where the suite renders them (the check
# runs inside every render): test_end_to_end, templates/test_instances.
RENDERED = {EXAMPLE_LECTURES[0].name, "beyond.toml"}
LECTURES = [*STRESS, *(path for path in EXAMPLE_LECTURES if path.name not in RENDERED)]


def test_there_are_stress_lectures_for_every_kind_of_picture() -> None:
    # a check that finds no files checks nothing: the set must be there
    assert {path.stem for path in STRESS} >= {"graphs", "derivations", "gradients"}


def test_every_template_is_pushed_by_a_stress_lecture() -> None:
    used = {
        schemas()[table.get("template", name)].name
        for path in STRESS
        for name, table in tomllib.loads(path.read_text(encoding="utf-8"))["scenes"].items()
    }
    assert sorted(set(templates()) - used) == []


@pytest.mark.slow
@pytest.mark.parametrize("lecture", LECTURES, ids=[path.stem for path in LECTURES])
def test_lecture_check_finds_nothing(lecture: Path, tmp_path: Path) -> None:
    arguments = ["--content", str(lecture), "check", "--no-narration", "--out", str(tmp_path)]
    with shared_formulas(tmp_path):
        result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    assert "Layout: nothing found in" in result.output


@pytest.mark.slow
def test_each_templates_own_example_checks_clean(tmp_path: Path) -> None:
    """The defaults are each template's example (`lecture templates`, `lecture new`); those
    of the templates the default lecture does not use are checked here."""
    used = {scene.template for scene in load_lecture(EXAMPLE_LECTURES[0]).scenes}
    chosen = ",".join(name for name in templates() if name not in used)
    starter = tmp_path / "examples.toml"
    made = CliRunner().invoke(main, ["new", str(starter), "--templates", chosen])
    assert made.exit_code == 0, made.output
    result = checked(starter, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"Layout: nothing found in {chosen.count(',') + 1} scenes." in result.output


REPO = Path(__file__).resolve().parent.parent
NOTES = [
    REPO / "examples" / "tanh-notes.md",
    REPO.parent / "shared" / "lecture" / "calculus-for-ml-notes.md",  # beside the clone
]


@pytest.mark.slow
@pytest.mark.parametrize("notes", NOTES, ids=[path.stem for path in NOTES])
def test_a_lecture_drafted_from_notes_checks_clean(notes: Path, tmp_path: Path) -> None:
    """Content nobody wrote for the templates: each scene `lecture new --from` drafts must
    pass the check as it is, and its narration type no number the scene does not show."""
    if not notes.exists():
        pytest.skip(f"{notes} is not beside the clone (the course notes are not copied here)")
    draft = tmp_path / "draft.toml"
    made = CliRunner().invoke(main, ["new", "--from", str(notes), str(draft)])
    assert made.exit_code == 0, made.output
    scenes = len(load_lecture(draft).scenes)
    result = checked(draft, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"Layout: nothing found in {scenes} scenes." in result.output


def checked(lecture: Path, out: Path) -> Any:
    """`lecture check --no-narration` on a lecture file, its formulas shared across tests."""
    with shared_formulas(out):
        return CliRunner().invoke(
            main, ["--content", str(lecture), "check", "--no-narration", "--out", str(out)]
        )


def display_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a plan's JSON, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from display_strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from display_strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


@pytest.mark.parametrize("lecture", [*STRESS, *EXAMPLE_LECTURES], ids=str)
def test_no_display_string_of_a_plan_writes_a_raw_float(lecture: Path) -> None:
    result = CliRunner().invoke(main, ["--content", str(lecture), "plan", "--json"])
    assert result.exit_code == 0, result.output
    long = [
        (where, text)
        for where, text in display_strings(json.loads(result.output))
        for number in re.findall(r"\d+(?:\.\d+)?", text)
        if significant_digits(number) > MAX_SHOWN_DIGITS
    ]
    assert long == []
