"""The tool as Python tools are installed: a wheel with every module and data file that
works from an empty folder outside the clone (`lecture new`, `plan`, `doctor`, a render).

The wheel is built as `pip wheel .` builds it, and installed without its dependencies into a
fresh virtual environment that borrows them (a .pth file) from the one running the tests, so
nothing is downloaded and only the wheel's own files stand in for the clone.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(out)]
    built = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("lecture_video-*.whl")
    return found


@pytest.fixture(scope="module")
def lecture(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `lecture` command of a fresh environment where only the wheel provides `scenes`."""
    root = tmp_path_factory.mktemp("installed")
    venv.create(root / "venv", with_pip=False)
    python = root / "venv" / "bin" / "python"
    command = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps"]
    installed = subprocess.run([*command, "-q", str(wheel)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(packages) / "borrowed-dependencies.pth").write_text(site.getsitepackages()[0] + "\n")
    return root / "venv" / "bin" / "lecture"


def run(command: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.pop("LECTURE_CONTENT", None)
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_the_wheel_carries_every_module_and_the_presets_and_example_lectures(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {path.relative_to(REPO).as_posix() for path in (REPO / "scenes").rglob("*.py")}
    assert sorted(modules - names) == []
    data = {f"scenes/render_config/{path.name}" for path in (REPO / "render_config").glob("*.*")}
    assert {"scenes/render_config/hd.cfg", "scenes/render_config/lecture.toml"} <= data
    assert sorted(data - names) == []
    assert "scenes/render_config/diagram.svg" in data  # the Picture's example diagram
    metadata = next(name for name in names if name.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Name: lecture-video" in text.splitlines()


def test_the_installed_tool_works_in_an_empty_folder_outside_the_clone(
    lecture: Path, tmp_path: Path
) -> None:
    python = lecture.with_name("python")
    where = run([str(python), "-c", "import scenes; print(scenes.__file__)"], tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(lecture.parents[1]), where.stdout
    version = run([str(lecture), "--version"], tmp_path)
    assert version.stdout.strip() == "lecture, version 0.2.0", version.stderr

    builtin = run([str(lecture), "plan"], tmp_path)  # the built-in lecture, from the wheel
    assert builtin.returncode == 0 and builtin.stdout.splitlines()[0] == "LectureTitle"
    made = run([str(lecture), "new", "talk", "--title", "A talk", "-t", "LectureTitle"], tmp_path)
    assert made.returncode == 0, made.stderr
    talk = tmp_path / "talk"
    planned = run([str(lecture), "plan"], talk)
    assert planned.returncode == 0 and 'title: "A talk"' in planned.stdout, planned.stderr
    doctor = run([str(lecture), "doctor", "-q", "draft"], talk)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "content: lecture.toml: 1 scenes" in doctor.stdout

    # a Picture's example diagram comes from the wheel, beside the new lecture file
    pictured = run([str(lecture), "new", "pictured.toml", "--templates", "Picture"], tmp_path)
    assert pictured.returncode == 0, pictured.stderr
    assert (tmp_path / "diagram.svg").is_file()
    planned = run([str(lecture), "--content", "pictured.toml", "plan"], tmp_path)
    assert planned.returncode == 0 and 'image_name: "diagram.svg"' in planned.stdout, planned.stderr


@pytest.mark.slow
def test_the_installed_tool_renders_a_scene_of_a_new_lecture_folder(
    lecture: Path, tmp_path: Path
) -> None:
    assert run([str(lecture), "new", "talk", "-t", "LectureTitle"], tmp_path).returncode == 0
    talk = tmp_path / "talk"
    rendered = run([str(lecture), "render", "-q", "draft", "--no-narration"], talk, timeout=600)
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    assert (talk / "output" / "draft" / "LectureTitle.mp4").stat().st_size > 10_000
    assert sorted(path.name for path in tmp_path.iterdir()) == ["talk"]  # nothing beside it
