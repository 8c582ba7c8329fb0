"""The template registry: every module of scenes/plans/ declares one template, whose Scene
class is the class of the same name in scenes/templates/<same module>, with its test."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import scenes.plans as plans
import scenes.templates as scene_modules
from scenes.content.schema import Kind
from scenes.plans import Template, schemas, template, template_of_class, templates

TESTS = Path(__file__).resolve().parent

# Declaring the templates, loading a lecture and planning its scenes, in a fresh interpreter.
PLAN_PROBE = """
import json, sys
import scenes.plans
scenes.plans.templates()
lecture = scenes.plans.load_lecture(None)
for scene in lecture.scenes:
    scenes.plans.build_plan(lecture, scene.name)
print(json.dumps(sorted(m for m in sys.modules if m == "manim" or m.startswith("manim."))))
"""


def test_every_plans_module_declares_one_template_drawn_by_its_scene_module() -> None:
    modules = sorted(info.name for info in pkgutil.iter_modules(plans.__path__))
    assert modules == sorted(info.name for info in pkgutil.iter_modules(scene_modules.__path__))
    found = templates()
    assert len(found) == len(modules)
    for module in modules:
        declared = importlib.import_module(f"scenes.plans.{module}").TEMPLATE
        assert isinstance(declared, Template)
        assert found[declared.name] is declared
        assert declared.module == f"scenes.templates.{module}"
        assert declared.scene == f"{declared.module}:{declared.class_name}"
        assert declared.class_name == declared.name
        scene_class = declared.scene_class()
        assert scene_class.__name__ == declared.class_name
        assert scene_class.__module__ == declared.module
        assert template_of_class(scene_class) is declared
        wrapped = type("Wrapped", (scene_class,), {})  # as the test harnesses wrap scenes
        assert template_of_class(wrapped) is declared
    assert template_of_class(object) is None


def test_a_scene_reference_must_name_a_module_and_a_class() -> None:
    schema = template("LectureTitle").schema
    for scene in ("scenes.templates.title", "scenes.templates.title:", ":LectureTitle"):
        with pytest.raises(ValueError, match="module:Class"):
            Template(schema, template("LectureTitle").build_plan, scene)


def test_declaring_loading_and_planning_import_no_manim() -> None:
    """The registry, the default lecture and all its plans, without manim (a fresh process)."""
    probe = subprocess.run(
        [sys.executable, "-c", PLAN_PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(probe.stdout.strip().splitlines()[-1]) == []


def test_every_template_module_has_its_own_test_file() -> None:
    for found_template in templates().values():
        module = found_template.module.rsplit(".", 1)[1]
        candidates = [TESTS / f"test_{module}.py", TESTS / f"test_{module}_template.py"]
        assert any(path.is_file() for path in candidates), f"no test file for {module}"


def test_former_names_still_name_their_templates() -> None:
    assert schemas()["SigmoidDerivation"] is template("Derivation").schema
    assert schemas()["SigmoidGraph"] is template("FunctionAndDerivative").schema


@pytest.mark.parametrize("name", sorted(templates()))
def test_each_schema_is_complete(name: str) -> None:
    schema = template(name).schema
    assert schema.chapter and schema.description and schema.beats
    assert len(schema.example_narration) == len(schema.beats)
    assert all(sentence.strip() for sentence in schema.example_narration)
    assert len(set(schema.beats)) == len(schema.beats)
    names = [param.name for param in schema.params]
    assert len(set(names)) == len(names)
    for param in schema.params:
        assert param.help and isinstance(param.kind, Kind)
        for range_name in param.inside:
            assert schema.param_kinds[range_name] is Kind.RANGE


def test_an_unknown_template_is_a_key_error_listing_the_templates() -> None:
    with pytest.raises(KeyError, match="SecantConvergence"):
        template("Secant")


@pytest.mark.slow
def test_plain_manim_renders_a_template_module_from_the_default_lecture(tmp_path: Path) -> None:
    """The README's plain-manim command: manim loads the file under a name of its own."""
    root = TESTS.parents[1]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "manim",
            "render",
            "--dry_run",
            "--config_file",
            str(root / "render_config" / "draft.cfg"),
            "--media_dir",
            str(tmp_path / "media"),
            str(root / "scenes" / "templates" / "title.py"),
            "LectureTitle",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Error" not in result.stdout + result.stderr
