"""Picture: an SVG or a PNG/JPEG from the lecture's folder, fitted between its heading and
its caption with its proportions kept; the caption said by default; every file that is no
picture refused in one sentence naming the key; a golden frame."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from manim import ImageMobject, SVGMobject, config
from manim.utils.testing.frames_comparison import frames_comparison
from PIL import Image
from scene_harness import TEX_CACHE, layout_problems, run_scene, texts_of

from scenes.content.loader import ContentError
from scenes.content.toml_text import toml_value
from scenes.kit.base import BeatScene
from scenes.kit.style import FRAME_MARGIN
from scenes.paths import RENDER_CONFIG_DIR
from scenes.plans import build_plan, load_lecture, schemas
from scenes.templates.picture import Picture

pytestmark = pytest.mark.slow  # builds the scene with manim and renders its last frame

__module_test__ = "picture"

CAPTION = "One layer: every input $x_i$ feeds every neuron."
HEADING = "A layer of a network"


def lecture_text(image: str, caption: str = CAPTION, heading: str = HEADING) -> str:
    return (
        '[lecture]\ntitle = "T"\nscenes = ["Shown"]\n\n[scenes.Shown]\ntemplate = "Picture"\n'
        f"image = {toml_value(image)}\ncaption = {toml_value(caption)}\n"
        f"heading = {toml_value(heading)}\n"
    )


def write(folder: Path, image: str, **kwargs: str) -> Path:
    path = folder / "lecture.toml"
    path.write_text(lecture_text(image, **kwargs), encoding="utf-8")
    return path


def photo(path: Path, width: int = 300, height: int = 200) -> Path:
    """A raster picture: a left-to-right ramp with a white square in the middle."""
    pixels = np.zeros((height, width, 3), np.uint8)
    pixels[:, :, 2] = np.linspace(0, 255, width, dtype=np.uint8)[None, :]
    pixels[height // 3 : 2 * height // 3, width // 3 : 2 * width // 3] = 255
    Image.fromarray(pixels).save(path)
    return path


@pytest.fixture(scope="module", autouse=True)
def lecture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The scenes of this file (the golden frame's too) draw the shipped diagram."""
    folder = tmp_path_factory.mktemp("picture-lecture")
    shutil.copyfile(RENDER_CONFIG_DIR / "diagram.svg", folder / "diagram.svg")
    path = write(folder, "diagram.svg")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LECTURE_CONTENT", str(path))
        yield path


@pytest.fixture(scope="module")
def scene(tex_dir: None, lecture: Path, tmp_path_factory: pytest.TempPathFactory) -> BeatScene:
    return run_scene("Picture", tmp_path_factory.mktemp("picture"))


def inside_the_frame(mobject) -> bool:
    half_width = config.frame_width / 2 - FRAME_MARGIN + 1e-6
    half_height = config.frame_height / 2 - FRAME_MARGIN + 1e-6
    return (
        -half_width <= mobject.get_left()[0]
        and mobject.get_right()[0] <= half_width
        and -half_height <= mobject.get_bottom()[1]
        and mobject.get_top()[1] <= half_height
    )


def test_beats_run_in_catalog_order(scene: BeatScene) -> None:
    assert [r.beat for r in scene.beat_records] == list(schemas()["Picture"].beats)


def test_the_drawing_fits_between_the_heading_and_its_caption(scene: BeatScene) -> None:
    assert isinstance(scene.picture, SVGMobject)
    assert scene.rule.get_y() > scene.picture.get_top()[1]
    assert scene.picture.get_bottom()[1] > scene.caption.get_top()[1]
    assert inside_the_frame(scene.picture) and inside_the_frame(scene.caption)
    assert scene.picture.width / scene.picture.height == pytest.approx(scene.plan.aspect, rel=0.02)
    assert scene.picture.get_x() == pytest.approx(0, abs=1e-6)
    assert [text for text in texts_of(scene, "ShowThePicture") if HEADING in text]
    assert [text for text in texts_of(scene, "ReadTheCaption") if CAPTION in text]


def test_no_text_leaves_the_frame_or_overlaps(scene: BeatScene) -> None:
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def test_the_default_narration_reads_the_caption(lecture: Path) -> None:
    (shown,) = load_lecture(lecture).scenes
    beat = next(beat for beat in shown.beats if beat.name == "ReadTheCaption")
    assert beat.narration == "One layer: every input x sub i feeds every neuron."


@pytest.mark.parametrize(("suffix", "size"), [(".png", (300, 200)), (".jpg", (120, 400))])
def test_a_photo_keeps_its_proportions_and_fits_without_a_heading(
    tex_dir: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
    size: tuple[int, int],
) -> None:
    photo(tmp_path / f"photo{suffix}", *size)
    long_caption = "A caption long enough to wrap over more than one line of the slide. " * 2
    path = write(tmp_path, f"photo{suffix}", caption=long_caption.strip(), heading="")
    monkeypatch.setenv("LECTURE_CONTENT", str(path))
    scene = run_scene("Picture", tmp_path)
    assert isinstance(scene.picture, ImageMobject) and scene.heading is None
    assert scene.picture.width / scene.picture.height == pytest.approx(size[0] / size[1], rel=0.02)
    assert scene.picture.get_bottom()[1] > scene.caption.get_top()[1]
    assert inside_the_frame(scene.picture) and inside_the_frame(scene.caption)
    assert layout_problems(scene.beat_records, config.frame_width, config.frame_height) == []


def refused(folder: Path, image: str, **kwargs: str) -> str:
    path = write(folder, image, **kwargs)
    with pytest.raises(ContentError) as refusal:
        build_plan(load_lecture(path), "Shown")
    message = str(refusal.value)
    assert message.startswith(f"{path}: scenes.Shown.") and len(message.splitlines()) == 1
    return message


def test_files_the_loader_refuses_are_named_in_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "talk"
    folder.mkdir()
    photo(tmp_path / "outside.png")
    (folder / "linked.png").symlink_to(tmp_path / "outside.png")
    (folder / "picture.gif").write_bytes(b"GIF89a")
    (folder / "a-folder.png").mkdir()
    cases = {
        "missing.png": "names no file in",
        "../outside.png": "lies outside the lecture's folder",
        "linked.png": "lies outside the lecture's folder",
        "picture.gif": "is not a .png, .jpg, .jpeg, .svg file",
        "a-folder.png": "names no file in",
    }
    for image, problem in cases.items():
        message = refused(folder, image)
        assert f"scenes.Shown.image = {toml_value(image)} {problem}" in message, message


def test_files_manim_could_not_draw_are_refused_by_the_plan(tmp_path: Path) -> None:
    (tmp_path / "garbage.png").write_bytes(b"this is not a PNG at all" * 10)
    (tmp_path / "half.jpg").write_bytes(photo(tmp_path / "whole.jpg").read_bytes()[:200])
    (tmp_path / "broken.svg").write_text("<svg><circle")
    (tmp_path / "words.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text>hi</text></svg>'
    )
    photo(tmp_path / "strip.png", 1000, 20)
    with (tmp_path / "huge.svg").open("wb") as huge:  # sparse: its size, not its bytes
        huge.truncate(21_000_000)
    cases = {
        "garbage.png": "cannot be read as a PNG or JPEG picture",
        "half.jpg": "cannot be read as a PNG or JPEG picture",
        "broken.svg": "cannot be read as an SVG drawing",
        "words.svg": "draws no shape",
        "strip.png": "is 1000 by 20: more than 20 times as wide",
        "huge.svg": "is 21 MB; a picture is limited to 20 MB",
    }
    for image, problem in cases.items():
        message = refused(tmp_path, image)
        assert f"scenes.Shown.image {problem}" in message, message
        assert str(tmp_path) not in message.split(": ", 1)[1]  # no path repeated inside


def test_an_empty_caption_is_refused(tmp_path: Path) -> None:
    shutil.copyfile(RENDER_CONFIG_DIR / "diagram.svg", tmp_path / "diagram.svg")
    assert "scenes.Shown.caption is empty" in refused(tmp_path, "diagram.svg", caption=" ")


@frames_comparison(last_frame=True, base_scene=Picture, tex_dir=str(TEX_CACHE))
def test_picture_last_frame(scene: Picture) -> None:
    Picture.construct(scene)
