"""Storyboard pictures are the clip's beat-end frames; boards are cached by the render key.

One 2D and both 3D scenes of the lecture are rendered at draft and storyboarded into the
same folder; each beat's picture is compared with the clip's last frame of that beat
(found from the published sections JSON), decoded with PyAV.
"""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image
from scene_harness import shared_formulas

from scenes.content.loader import DEFAULT_CONTENT
from scenes.outputs import storyboard
from scenes.plans import load_lecture
from scenes.render.job import RenderJob
from scenes.render.jobs import render_jobs
from scenes.render.lecture_jobs import scene_jobs
from scenes.render.quality import load_quality
from scenes.render.storyboard_jobs import storyboard_jobs, storyboard_key

# a 2D scene, and both 3D ones: the ball drawn in the moving layer over the level curves,
# and labels kept in view while the camera turns (the clip updates them every frame, the
# storyboard only at each animation's end)
SCENES = ["SlopeOfLine", "GradientSurface", "GradientDescentBall"]
MEAN_TOLERANCE = 3.0  # levels of 255: x264 at draft and its YUV round trip give about 1.5-1.9
BLOCK_TOLERANCE = 20.0  # an 8x8 block: noise stays near 10; a missing or moved mark is 50+
BLOCK = 8


@pytest.fixture(scope="module")
def boards(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[RenderJob], Path]:
    out = tmp_path_factory.mktemp("storyboard")
    jobs = scene_jobs(load_lecture(DEFAULT_CONTENT), SCENES, load_quality("draft"), out)
    with shared_formulas(out):
        rendered = render_jobs(jobs, workers=2)
    assert rendered.ok, rendered.failures
    drawn = storyboard_jobs(jobs, workers=2)
    assert drawn.ok, drawn.failures
    return jobs, out


def decoded(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def block_means(pixels: np.ndarray) -> np.ndarray:
    height, width = (pixels.shape[0] // BLOCK) * BLOCK, (pixels.shape[1] // BLOCK) * BLOCK
    cropped = pixels[:height, :width].astype(float)
    return cropped.reshape(height // BLOCK, BLOCK, width // BLOCK, BLOCK, 3).mean(axis=(1, 3))


@pytest.mark.slow
@pytest.mark.parametrize("scene", SCENES)
def test_each_beat_picture_is_the_clips_last_frame_of_that_beat(
    boards: tuple[list[RenderJob], Path], scene: str
) -> None:
    jobs, _ = boards
    job = next(job for job in jobs if job.scene == scene)
    rate = load_quality("draft").frame_rate
    sections = json.loads(job.sections_path.read_text())
    folder = storyboard.board_dir(job.folder)
    board = storyboard.read_board(folder, scene)
    assert board is not None
    assert [beat.name for beat in board.beats] == [section["name"] for section in sections]
    frames = decoded(job.clip_path)
    ends = [frames[round(section["end"] * rate) - 1] for section in sections]
    pictures = [np.asarray(Image.open(folder / beat.image).convert("RGB")) for beat in board.beats]
    for beat, section, end, picture in zip(board.beats, sections, ends, pictures, strict=True):
        assert picture.shape == end.shape
        difference = np.abs(end.astype(int) - picture.astype(int))
        assert difference.mean() < MEAN_TOLERANCE, beat.name
        assert np.abs(block_means(end) - block_means(picture)).max() < BLOCK_TOLERANCE, beat.name
        # the planned duration is the clip's, to a frame
        assert beat.planned == pytest.approx(section["end"] - section["start"], abs=1.5 / rate)
    # and the test can tell beats apart: every other beat's end frame differs by far more
    for index, picture in enumerate(pictures):
        for other, end in enumerate(ends):
            if other != index:
                gap = np.abs(block_means(end) - block_means(picture)).max()
                assert gap > BLOCK_TOLERANCE, (index, other)


@pytest.mark.slow
def test_a_fresh_board_is_skipped_and_a_content_edit_draws_it_again(
    boards: tuple[list[RenderJob], Path],
) -> None:
    jobs, _ = boards
    again = storyboard_jobs(jobs, workers=2)
    assert [job.scene for job in again.skipped] == SCENES and not again.drawn

    def edited(job: RenderJob) -> str:
        key = storyboard_key(job)
        return key + "-edited" if job.scene == "SlopeOfLine" else key

    redrawn = storyboard_jobs(jobs, workers=2, key_of=edited)
    assert [job.scene for job, _, _ in redrawn.drawn] == ["SlopeOfLine"]
    assert [job.scene for job in redrawn.skipped] == ["GradientSurface", "GradientDescentBall"]
    folder = storyboard.board_dir(jobs[0].folder)
    board = storyboard.read_board(folder, "SlopeOfLine")
    assert board is not None and board.key.endswith("-edited")


def test_the_storyboard_key_follows_the_scenes_content_and_differs_from_the_render_key(
    tmp_path: Path,
) -> None:
    from scenes.render.keys import job_key

    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    copy, edited = tmp_path / "copy.toml", tmp_path / "edited.toml"
    copy.write_text(text, encoding="utf-8")
    sentence = "Slope is rise over run:"
    assert sentence in text
    edited.write_text(text.replace(sentence, "Slope is rise divided by run:"), encoding="utf-8")

    def key(path: Path, scene: str) -> str:
        return storyboard_key(
            scene_jobs(load_lecture(path), [scene], load_quality("draft"), tmp_path)[0]
        )

    original = scene_jobs(load_lecture(copy), ["SlopeOfLine"], load_quality("draft"), tmp_path)[0]
    assert storyboard_key(original) != job_key(original)
    assert key(edited, "SlopeOfLine") != key(copy, "SlopeOfLine")
    assert key(edited, "SecantConvergence") == key(copy, "SecantConvergence")
