"""Formulas are typeset once and shared between jobs, never half-written into the cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from manim.utils import tex_file_writing

from scenes.render import tex_cache
from scenes.render.job import RenderJob
from scenes.render.quality import load_quality
from scenes.render.worker import run_job

TINY_PRESET = "[CLI]\npixel_width = 160\npixel_height = 90\nframe_rate = 10\n"


def formula_job(tmp_path: Path) -> RenderJob:
    presets = tmp_path / "presets"
    presets.mkdir(exist_ok=True)
    (presets / "tiny.cfg").write_text(TINY_PRESET)
    content = tmp_path / "content.json"
    content.write_text(json.dumps({}))
    return RenderJob(
        scene="FormulaScene",
        module="tests.fixtures.formula_scene",
        quality=load_quality("tiny", presets),
        content=content,
        content_digest="formula",
        out_root=tmp_path / "out",
    )


def test_seed_links_every_cached_svg_and_publish_adds_only_new_ones(tmp_path: Path) -> None:
    cache, job = tmp_path / "cache", tmp_path / "job"
    cache.mkdir()
    (cache / "a.svg").write_text("<svg>a</svg>")
    assert tex_cache.seed(cache, job) == 1
    assert (job / "a.svg").read_text() == "<svg>a</svg>"
    (job / "b.svg").write_text("<svg>b</svg>")
    (job / "b.tex").write_text("not an svg")
    assert tex_cache.publish(job, cache) == 1
    assert sorted(p.name for p in cache.iterdir()) == ["a.svg", "b.svg"]


@pytest.mark.slow
def test_a_second_job_reuses_the_typeset_formula_without_latex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo_on_path: None
) -> None:
    job = formula_job(tmp_path)
    run_job(job, key="formula")
    cached = list((job.out_root / tex_cache.TEX_CACHE_NAME).glob("*.svg"))
    assert cached, "the first job published its formula"

    def no_latex(*args: object, **kwargs: object) -> None:
        raise AssertionError("LaTeX ran although the formula was cached")

    monkeypatch.setattr(tex_file_writing, "compile_tex", no_latex)
    result = run_job(job, key="formula")
    assert result.path.is_file() and result.frames > 0


def test_a_damaged_cached_formula_is_removed_so_it_is_typeset_again(tmp_path: Path) -> None:
    cache, job_tex = tmp_path / "cache", tmp_path / "job"
    cache.mkdir()
    whole = '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>\n'
    (cache / "good.svg").write_text(whole)
    (cache / "cut.svg").write_text(whole[:30])  # cut short by a full disk
    assert tex_cache.seed(cache, job_tex) == 1
    assert sorted(path.name for path in job_tex.iterdir()) == ["good.svg"]
    assert sorted(path.name for path in cache.iterdir()) == ["good.svg"]
