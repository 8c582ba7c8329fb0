"""Lectures as data: two scenes of one template, and a second lecture rendered end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from render_fixtures import TINY_PRESET
from scene_harness import shared_formulas

from scenes.content.loader import ContentError
from scenes.outputs.captions import parse_srt
from scenes.paths import RENDER_CONFIG_DIR
from scenes.plans import build_plan, load_lecture
from scenes.render.cache import MANIFEST_NAME, Manifest
from scenes.render.jobs import render_jobs
from scenes.render.lecture_jobs import scene_jobs
from scenes.render.quality import load_quality

EXAMPLE = RENDER_CONFIG_DIR / "activations.toml"
LIBRARY_EXAMPLE = RENDER_CONFIG_DIR / "beyond.toml"  # written with the template library
TWO_SECANTS = """
[lecture]
title = "Two secants"
scenes = ["SquareSecant", "CubeSecant"]

[scenes.SquareSecant]
template = "SecantConvergence"
chapter = "The square"
function = "x**2"

[scenes.SquareSecant.narration]
DrawTheCurve = "The square."
TabulateTheSecants = "Its secants."
ShrinkTheStep = "Shrinking."
ZoomOnTheTangent = "Zooming."
StateTheLimit = "Its slope is two."

[scenes.CubeSecant]
template = "SecantConvergence"
function = "x**3"
y_range = [-0.5, 9]

[scenes.CubeSecant.narration]
DrawTheCurve = "The cube."
TabulateTheSecants = "Its secants."
ShrinkTheStep = "Shrinking."
ZoomOnTheTangent = "Zooming."
StateTheLimit = "Its slope is three."
"""


@pytest.fixture
def two_secants(tmp_path: Path) -> Path:
    path = tmp_path / "two.toml"
    path.write_text(TWO_SECANTS)
    return path


def test_two_scenes_of_one_template_have_their_own_plans_and_chapters(two_secants: Path) -> None:
    lecture = load_lecture(two_secants)
    square, cube = (build_plan(lecture, name) for name in ("SquareSecant", "CubeSecant"))
    assert [row.slope for row in square.rows] == [3, 2.5, 2.25, 2.1]
    assert square.tangent_slope == 2
    assert [row.slope for row in cube.rows] == pytest.approx([7, 4.75, 3.8125, 3.31])
    assert cube.tangent_slope == 3
    assert [scene.chapter for scene in lecture.scenes] == [
        "The square",
        "From secants to the tangent",
    ]
    assert [scene.template for scene in lecture.scenes] == ["SecantConvergence"] * 2


def test_a_parameter_left_out_takes_the_template_default(two_secants: Path) -> None:
    cube = load_lecture(two_secants).scene("CubeSecant")
    assert cube.params["x0"] == 1 and len(cube.params["step_sizes"]) == 4


def test_an_instance_refuses_a_parameter_its_template_does_not_take(two_secants: Path) -> None:
    two_secants.write_text(TWO_SECANTS.replace('function = "x**3"', 'surface = "x**3"'))
    with pytest.raises(
        ContentError,
        match="scenes.CubeSecant.surface = .* is not a key of the "
        "template SecantConvergence; its keys are: function, x0",
    ):
        load_lecture(two_secants)


@pytest.fixture(scope="module")
def tiny_presets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    presets = tmp_path_factory.mktemp("presets")
    (presets / "tiny.cfg").write_text(TINY_PRESET)
    return presets


def render(content: Path, out: Path, presets: Path, quality: str = "tiny") -> tuple[list, Manifest]:
    lecture = load_lecture(content)
    preset = load_quality(quality, presets)
    jobs = scene_jobs(lecture, [s.name for s in lecture.scenes], preset, out)
    with shared_formulas(out):
        report = render_jobs(jobs, workers=2)
    assert report.ok, [failure.message for failure in report.failures]
    return jobs, Manifest.load(out / MANIFEST_NAME)


@pytest.mark.slow
def test_two_instances_render_two_clips_with_their_own_captions_and_beats(
    two_secants: Path, tmp_path: Path, tiny_presets: Path
) -> None:
    jobs, manifest = render(two_secants, tmp_path / "out", tiny_presets)
    for job, last_words in zip(jobs, ("Its slope is two.", "Its slope is three."), strict=True):
        assert job.clip_path.is_file() and job.clip_path.stat().st_size > 0
        assert manifest.entry(job.output_name) is not None
        cues = parse_srt(job.srt_path.read_text())
        assert cues[-1].text == last_words
        beats = sorted(p.name for p in (job.folder / job.scene).glob("*.mp4"))
        assert beats[0] == "01-DrawTheCurve.mp4" and len(beats) == 5
    assert jobs[0].clip_path.name == "SquareSecant.mp4"
    keys = {manifest.entry(job.output_name).key for job in jobs}
    assert len(keys) == 2


@pytest.mark.slow
def test_the_example_lecture_renders_every_scene(tmp_path: Path, tiny_presets: Path) -> None:
    jobs, manifest = render(EXAMPLE, tmp_path / "out", tiny_presets)
    assert [job.scene for job in jobs] == [
        "SoftplusDerivation",
        "TanhGraph",
        "SineSecant",
        "BowlDescent",
    ]
    lecture = load_lecture(EXAMPLE)
    for job in jobs:
        sections = json.loads(job.sections_path.read_text())
        beats = [beat.name for beat in lecture.scene(job.scene).beats]
        assert [section["name"] for section in sections] == beats
        assert manifest.entry(job.output_name).duration > 5


@pytest.mark.slow
def test_the_template_library_lecture_renders_every_scene_at_draft(tmp_path: Path) -> None:
    lecture = load_lecture(LIBRARY_EXAMPLE)
    library = {"Statement", "EquationChain", "Plot", "Table", "AreaUnderCurve"}
    library |= {"TaylorSeries", "ComputationalGraph", "LossCurve", "Picture"}
    assert library <= {scene.template for scene in lecture.scenes}
    jobs, manifest = render(LIBRARY_EXAMPLE, tmp_path / "out", RENDER_CONFIG_DIR, "draft")
    assert [job.scene for job in jobs] == [scene.name for scene in lecture.scenes]
    for job in jobs:
        sections = json.loads(job.sections_path.read_text())
        beats = [beat.name for beat in lecture.scene(job.scene).beats]
        assert [section["name"] for section in sections] == beats
        assert manifest.entry(job.output_name).duration > 5
        assert json.loads(job.findings_path.read_text())["findings"] == []
