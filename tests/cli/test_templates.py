"""`lecture templates` and `lecture new`: the schemas as a listing and as a starter file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenes.cli import main as cli
from scenes.cli.common import State, quality_of
from scenes.content import loader
from scenes.content.schema import GROUPS
from scenes.paths import RENDER_CONFIG_DIR
from scenes.plans import build_plan, load_lecture, schemas, templates


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_templates_lists_every_template_with_its_parameters_and_beats() -> None:
    code, out, _ = invoke("templates")
    assert code == 0
    for name, template in templates().items():
        schema = template.schema
        assert f"{name}: {schema.description}" in out
        for param in schema.params:
            assert any(
                line.split()[:1] == [param.name] and param.help in line for line in out.splitlines()
            ), param.name
        assert f"  beats: {', '.join(schema.beats)}" in out
    assert "also accepted as SigmoidGraph" in out


def test_templates_are_listed_under_what_they_show() -> None:
    _, out, _ = invoke("templates")
    group = ""
    seen: dict[str, str] = {}
    for line in out.splitlines():
        if line.startswith("== "):
            group = line.strip("= ")
        elif line[:1].isalpha() and ":" in line:
            seen[line.split(":")[0]] = group
    assert seen == {name: t.schema.group for name, t in templates().items()}
    groups = [line.strip("= ") for line in out.splitlines() if line.startswith("== ")]
    assert groups == [g for g in GROUPS if g in seen.values()]
    assert out.index("LectureTitle:") < out.index("Statement:")  # the default lecture's first


SECANT_STEPS = [1, 0.5, 0.25, 0.1]  # the template's default step sizes: one step each


def test_new_writes_a_starter_that_loads_and_plans_every_scene(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    code, out, _ = invoke("new", str(path), "--title", "My lecture")
    assert code == 0 and str(path) in out
    data = tomllib.loads(path.read_text())
    assert data["lecture"]["title"] == "My lecture"
    assert sorted(data["lecture"]["scenes"]) == sorted(templates())
    assert data["lecture"]["scenes"][0] == "LectureTitle"
    written = loader.load_lecture(path, schemas())  # as written: {names} not filled in
    for scene in written.scenes:
        schema = templates()[scene.template].schema
        # each beat opens with the template's sentence; one said step by step lists the
        # template's step sentence once per step of the default plan
        assert [beat.parts[0] for beat in scene.beats] == list(schema.example_narration)
        for beat in scene.beats:
            stepped = schema.steps_of(beat.name)
            assert set(beat.parts[1:]) <= {stepped.narration if stepped else None}
            assert beat.listed == (len(beat.parts) > 1)
    stepped = loader.load_lecture(path, schemas()).scene("SecantConvergence").beats[1]
    assert len(stepped.parts) == 1 + len(SECANT_STEPS)
    lecture = load_lecture(path)  # the template's sentences, with the plan's values in words
    for scene in lecture.scenes:
        assert all("{" not in beat.narration + beat.spoken for beat in scene.beats)
        build_plan(lecture, scene.name)
    text = path.read_text()
    for schema in (t.schema for t in templates().values()):
        for param in schema.params:
            assert f"# {param.help} (" in text


def test_new_with_templates_keeps_their_order(tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    code, _, _ = invoke("new", str(path), "-t", "SecantConvergence", "-t", "SlopeOfLine")
    assert code == 0
    assert tomllib.loads(path.read_text())["lecture"]["scenes"] == [
        "SecantConvergence",
        "SlopeOfLine",
    ]


def test_new_never_overwrites_and_names_an_unknown_template(tmp_path: Path) -> None:
    path = tmp_path / "kept.toml"
    path.write_text("mine\n")
    code, _, err = invoke("new", str(path))
    assert code == 2
    assert err == f"Error: {path} already exists; choose another name, or delete it first.\n"
    assert path.read_text() == "mine\n"
    code, _, err = invoke("new", str(tmp_path / "x.toml"), "-t", "Secant")
    assert code == 2 and "'Secant' is not a template; templates: " in err
    assert "SecantConvergence" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.toml").exists()


def test_new_makes_a_lecture_folder_whose_paths_are_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "talk"
    code, out, _ = invoke("new", str(folder), "--title", "Logistic regression", "-t", "SlopeOfLine")
    assert code == 0, out
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "README.md",
        "lecture.toml",
        "presets",
        "presets/4k.cfg",
        "presets/draft.cfg",
        "presets/hd.cfg",
        "voice",
        "voice/README.txt",
    ]
    assert (folder / "presets" / "hd.cfg").read_text() == (RENDER_CONFIG_DIR / "hd.cfg").read_text()
    assert "lecture render -q draft" in (folder / "README.md").read_text()

    elsewhere = State(content=folder / "lecture.toml", debug=False)  # --content from outside
    assert elsewhere.default_out == folder / "output"
    assert elsewhere.presets == folder / "presets"
    draft = folder / "presets" / "draft.cfg"  # the folder's own preset, edited
    draft.write_text(draft.read_text().replace("frame_rate = 15", "frame_rate = 12"))
    assert quality_of("draft", elsewhere.presets).frame_rate == 12

    monkeypatch.chdir(folder)  # inside the folder, its lecture.toml is the lecture
    code, out, _ = invoke("plan")
    assert code == 0 and out.splitlines()[0] == "SlopeOfLine"
    assert load_lecture(folder / "lecture.toml").title == "Logistic regression"


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("mine")
    code, _, err = invoke("new", str(tmp_path))
    assert code == 2
    assert err.strip() == (
        f"Error: {tmp_path} already exists and is not an empty folder; choose a new folder."
    )
    assert [path.name for path in tmp_path.iterdir()] == ["notes.md"]


def test_new_takes_a_comma_separated_list_of_templates(tmp_path: Path) -> None:
    path = tmp_path / "listed.toml"
    code, _, _ = invoke("new", str(path), "--templates", "Statement, SlopeOfLine,", "-t", "Picture")
    assert code == 0
    scenes = tomllib.loads(path.read_text())["lecture"]["scenes"]
    assert scenes == ["Picture", "Statement", "SlopeOfLine"]  # -t first, then the list
    code, _, err = invoke("new", str(tmp_path / "x.toml"), "--templates", "Statement,Plotz")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "'Plotz' is not a template; templates: " in err
    assert not (tmp_path / "x.toml").exists()


def test_new_copies_the_pictures_example_diagram_beside_the_lecture(tmp_path: Path) -> None:
    from scenes.paths import RENDER_CONFIG_DIR

    shipped = (RENDER_CONFIG_DIR / "diagram.svg").read_bytes()
    path = tmp_path / "pictured.toml"
    code, out, _ = invoke("new", str(path), "--templates", "Picture")
    assert code == 0 and "diagram.svg beside it" in out
    assert (tmp_path / "diagram.svg").read_bytes() == shipped
    assert build_plan(load_lecture(path), "Picture").image_name == "diagram.svg"

    folder = tmp_path / "talk"
    code, out, _ = invoke("new", str(folder), "-t", "Statement", "-t", "Picture")
    assert code == 0 and (folder / "diagram.svg").read_bytes() == shipped
    build_plan(load_lecture(folder / "lecture.toml"), "Picture")


def test_new_never_overwrites_a_picture_already_beside_it(tmp_path: Path) -> None:
    (tmp_path / "diagram.svg").write_text("<svg>mine</svg>")
    code, out, _ = invoke("new", str(tmp_path / "kept.toml"), "-t", "Picture")
    assert code == 0 and "diagram.svg" not in out
    assert (tmp_path / "diagram.svg").read_text() == "<svg>mine</svg>"


def test_new_without_a_picture_copies_no_diagram(tmp_path: Path) -> None:
    code, _, _ = invoke("new", str(tmp_path / "plain.toml"), "-t", "SlopeOfLine")
    assert code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["plain.toml"]
