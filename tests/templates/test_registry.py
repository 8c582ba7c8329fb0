"""The template registry: every module of scenes/templates/ is one template, with its test."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import scenes.templates as package
from scenes.content.schema import Kind
from scenes.templates import Template, schemas, template, template_of_class, templates

TESTS = Path(__file__).resolve().parent


def test_every_template_module_declares_one_template_named_after_its_scene_class() -> None:
    modules = sorted(info.name for info in pkgutil.iter_modules(package.__path__))
    found = templates()
    assert sorted(t.module.rsplit(".", 1)[1] for t in found.values()) == modules
    for name, found_template in found.items():
        assert isinstance(found_template, Template)
        assert found_template.scene_class.__name__ == name
        assert template_of_class(found_template.scene_class) is found_template


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
