"""The `lecture` command: listing, plans as JSON, and one-sentence errors with exit code 2."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from render_fixtures import make_setup, tiny_job

from scenes.cli import common
from scenes.cli import main as cli
from scenes.content.loader import DEFAULT_CONTENT
from scenes.plans import load_lecture, template
from scenes.render import tex_cache
from scenes.render.job import failure_of


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args))
    return result.exit_code, result.stdout, result.stderr


def plan_of(scene: str) -> dict:
    code, out, _ = invoke("plan", scene, "--json")
    assert code == 0
    document = json.loads(out)
    assert [entry["name"] for entry in document["scenes"]] == [scene]
    return document["scenes"][0]


def broken_content(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_CONTENT.read_text()
    assert old in text
    path = tmp_path / "lecture.toml"
    path.write_text(text.replace(old, new, 1))
    return path


def test_list_shows_every_scene_in_lecture_order_with_its_description() -> None:
    code, out, _ = invoke("list")
    assert code == 0
    lines = out.strip().splitlines()
    scenes = load_lecture().scenes
    assert len(lines) == len(scenes)
    for line, scene in zip(lines, scenes, strict=True):
        assert scene.name in line and template(scene.template).schema.description in line


def test_plan_json_has_the_secant_table_and_tangent_slope() -> None:
    plan = plan_of("SecantConvergence")
    assert plan["x0"] == 1
    assert [row["dx"] for row in plan["rows"]] == [1, 0.5, 0.25, 0.1]
    assert [row["slope"] for row in plan["rows"]] == [3, 2.5, 2.25, 2.1]
    assert plan["tangent_slope"] == 2


def test_plan_json_has_the_sigmoid_steps_with_latex_and_rule() -> None:
    plan = plan_of("SigmoidDerivation")
    steps = plan["steps"]
    rules = [step["rule"] for step in steps]
    assert rules[:4] == ["start", "chain", "power", "sum"]
    assert "simplify" in rules and rules[-1] == "algebra"
    assert all(step["latex"] for step in steps)
    seven = steps[plan["equation_seven_index"]]["latex"]
    assert seven == r"\frac{e^{- x}}{\left(1 + e^{- x}\right)^{2}}"
    assert steps[-1]["latex"] == r"S{\left(x \right)} \left(1 - S{\left(x \right)}\right)"


def test_plan_json_has_the_ball_start_gradient_and_path() -> None:
    plan = plan_of("GradientDescentBall")
    assert plan["start"] == [1, 1, 2]
    assert plan["gradient"] == [2, 2]
    path = plan["path"]
    assert path[0] == [1, 1, 2]
    assert all(len(point) == 3 for point in path)
    heights = [point[2] for point in path]
    assert all(b <= a + 1e-9 for a, b in zip(heights, heights[1:], strict=False))
    assert heights[-1] < 0.05 * heights[0]


def test_plan_without_a_scene_prints_every_scene() -> None:
    code, out, _ = invoke("plan", "--json")
    assert code == 0
    names = [entry["name"] for entry in json.loads(out)["scenes"]]
    assert names == [scene.name for scene in load_lecture().scenes]


@pytest.mark.parametrize("command", ["render", "plan"])
def test_an_unknown_scene_exits_2_listing_the_valid_names(command: str) -> None:
    code, _, err = invoke(command, "SecantConvergense")
    assert code == 2
    assert "unknown scene 'SecantConvergense'" in err
    assert "SecantConvergence" in err and "GradientDescentBall" in err
    assert "Traceback" not in err


def test_an_unknown_quality_exits_2_listing_the_presets() -> None:
    code, _, err = invoke("render", "--quality", "ultra")
    assert code == 2
    assert "ultra" in err and "draft" in err and "hd" in err


def test_bad_content_exits_2_naming_file_key_and_value(tmp_path: Path) -> None:
    path = broken_content(tmp_path, "x0 = 1\nstep_sizes", 'x0 = "one"\nstep_sizes')
    code, _, err = invoke("--content", str(path), "plan", "SecantConvergence")
    assert code == 2
    assert str(path) in err or path.name in err
    assert "scenes.SecantConvergence.x0" in err and '"one"' in err
    assert len(err.strip().splitlines()) == 1


def test_a_diverging_learning_rate_exits_2_before_any_render(tmp_path: Path) -> None:
    path = broken_content(tmp_path, "learning_rate = 0.1", "learning_rate = 1.5")
    code, _, err = invoke(
        "--content", str(path), "render", "GradientDescentBall", "--out", str(tmp_path / "out")
    )
    assert code == 2
    assert "learning_rate" in err and "1.5" in err
    assert not (tmp_path / "hd").exists()


def test_missing_latex_is_reported_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tex_cache.shutil, "which", lambda tool: None)
    code, _, err = invoke("render", "LectureTitle", "--out", str(tmp_path / "out"))
    assert code == 1  # this machine's fault, not the content's
    assert err.strip().startswith("Error: latex and dvisvgm not found")
    assert "apt-get install" in err and "dvisvgm" in err
    assert not (tmp_path / "out").exists()


def test_missing_latex_is_no_refusal_when_earlier_renders_typeset_formulas(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cache = tmp_path / "out" / tex_cache.TEX_CACHE_NAME
    cache.mkdir(parents=True)
    (cache / "0123abcd.svg").write_text("<svg/>")
    monkeypatch.setattr(tex_cache.shutil, "which", lambda tool: None)
    said: list[str] = []
    monkeypatch.setattr(common.click, "echo", lambda text, err=False: said.append(text))
    common.require_latex(tmp_path / "out")  # does not exit
    assert said == [
        "Note: latex and dvisvgm not found; formulas come from earlier renders' TeX cache, "
        "and a new formula needs: sudo apt-get install --no-install-recommends "
        "texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm"
    ]


def test_a_formula_missing_from_the_cache_without_latex_is_one_sentence(tmp_path: Path) -> None:
    error = RuntimeError("render failed")
    error.__context__ = FileNotFoundError(2, "No such file or directory", "latex")
    job = tiny_job(make_setup(tmp_path), tmp_path / "out")
    assert failure_of(job, error).message == (
        "latex is not installed, and TinyScene has a formula that no earlier render typeset; "
        "install it with: sudo apt-get install --no-install-recommends texlive-latex-base "
        "texlive-latex-extra texlive-fonts-recommended"
    )


def test_debug_shows_the_traceback_for_bad_content(tmp_path: Path) -> None:
    path = broken_content(tmp_path, "x0 = 1\nstep_sizes", 'x0 = "one"\nstep_sizes')
    code, _, err = invoke("--debug", "--content", str(path), "plan")
    assert code == 2
    assert "Traceback" in err


def test_exporting_slides_from_a_folder_with_no_renders_exits_2_and_creates_nothing(
    tmp_path: Path,
) -> None:
    renders = tmp_path / "no-renders"
    result = CliRunner().invoke(
        cli.main, ["export", "slides", "--to", "html", "--renders", str(renders)]
    )
    assert result.exit_code == 2
    assert "index.json is missing: render the beat clips first" in result.output
    assert not renders.exists()  # no lock folder made for a path that holds no renders


def test_exporting_slides_waits_for_or_refuses_a_render_writing_the_same_folder(
    tmp_path: Path,
) -> None:
    from scenes.render import lock

    renders = tmp_path / "renders"
    with lock.output_lock(renders, say=lambda line: None):
        result = CliRunner().invoke(
            cli.main,
            ["export", "slides", "--to", "html", "--renders", str(renders), "--no-wait"],
        )
    assert result.exit_code == 1
    assert f"{renders} is being written by another render" in result.output


def test_exporting_slides_during_a_render_reads_only_after_the_render_finished(
    tmp_path: Path,
) -> None:
    import select
    import subprocess
    import sys

    from scenes.render import lock

    renders = tmp_path / "renders"
    command = [sys.executable, "-m", "scenes.cli.main", "export", "slides", "--renders"]
    with lock.output_lock(renders, say=lambda line: None):  # a render is writing
        export = subprocess.Popen(
            [*command, str(renders), "--to", "pptx"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(cli.__file__).resolve().parents[2],
        )
        # Hold the lock until the export says it waits: a loaded machine can take
        # seconds just to start Python, so a fixed sleep could let go too early.
        assert export.stdout is not None
        ready, _, _ = select.select([export.stdout], [], [], 120)
        first_line = export.stdout.readline() if ready else ""
        still_waiting = export.poll() is None
    stdout, stderr = export.communicate(timeout=60)
    assert still_waiting, stderr
    assert first_line.rstrip("\n") == (
        f"Waiting for another render (pid {os.getpid()}) to finish writing {renders} ..."
    )
    assert export.returncode == 2 and "render the beat clips first" in stderr  # read after
