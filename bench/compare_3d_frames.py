"""Side by side: manim's ThreeDCamera and our ShadedFaceCamera on the lecture's 3D scenes.

    .venv/bin/python bench/compare_3d_frames.py --out /tmp/3d-frames --quality draft

Renders each 3D scene twice without writing a video, once through each camera, keeps the
frames at a few moments (the ball mid-roll, the camera turning), and writes one PNG per scene
(manim's frame left, ours right, one row per moment) and the pixel differences as JSON. Also
reports each camera's seconds for the whole scene. Not part of the test suite; the tests
(tests/test_shaded_camera.py) hold the same frames equal on small scenes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

MOMENTS = (0.1, 0.35, 0.6, 0.85)  # fractions of the scene's frames
GAP = 8  # pixels between and around the tiles
LABEL = 30  # pixels of caption above each row


def render_frames(scene_name: str, camera: type, quality: str) -> tuple[list[np.ndarray], float]:
    """The scene's frames at MOMENTS through `camera`, and the render's seconds."""
    from manim import tempconfig

    from scenes.plans import template
    from scenes.render.quality import load_quality

    preset = load_quality(quality)
    settings = {
        "pixel_width": preset.pixel_width,
        "pixel_height": preset.pixel_height,
        "frame_rate": preset.frame_rate,
        "write_to_movie": False,
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "WARNING",
        "media_dir": "/tmp/compare-3d-media",
    }
    scene_class = template(scene_name).scene_class()
    kept = EvenlySpaced()
    with tempconfig(settings):
        scene = scene_class(camera_class=camera)
        renderer = scene.renderer
        original = renderer.add_frame

        def keep(frame: np.ndarray, num_frames: int = 1) -> None:
            for _ in range(num_frames):
                kept.add(frame)  # get_frame's copy: nothing draws into it again
            original(frame, num_frames)

        renderer.add_frame = keep
        started = time.perf_counter()
        scene.render()
        seconds = time.perf_counter() - started
    return [kept.at(fraction) for fraction in MOMENTS], seconds


class EvenlySpaced:
    """Every `stride`-th frame of a stream of unknown length, at most 2 * KEEP of them."""

    KEEP = 16

    def __init__(self) -> None:
        self.frames: list[np.ndarray] = []
        self.stride = 1
        self.count = 0

    def add(self, frame: np.ndarray) -> None:
        if self.count % self.stride == 0:
            self.frames.append(frame)
            if len(self.frames) == 2 * self.KEEP:
                self.frames = self.frames[::2]
                self.stride *= 2
        self.count += 1

    def at(self, fraction: float) -> np.ndarray:
        return self.frames[min(len(self.frames) - 1, int(fraction * len(self.frames)))]


def side_by_side(rows: list[tuple[str, np.ndarray, np.ndarray]]) -> Image.Image:
    """One row per moment: caption, then manim's frame and ours."""
    height, width = rows[0][1].shape[:2]
    sheet = Image.new(
        "RGB", (2 * width + 3 * GAP, len(rows) * (height + LABEL + GAP) + GAP), "white"
    )
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=LABEL - 10)
    for row, (caption, manims, ours) in enumerate(rows):
        top = GAP + row * (height + LABEL + GAP)
        draw.text((GAP, top + 4), caption, fill="black", font=font)
        for column, frame in enumerate((manims, ours)):
            tile = Image.fromarray(frame[..., :3])
            sheet.paste(tile, (GAP + column * (width + GAP), top + LABEL))
    return sheet


def shifted_three_d_camera() -> type:
    """manim's ThreeDCamera, its 3D view moved aside as the scenes move it (`screen_shift`)."""
    from manim import ThreeDCamera

    class ShiftedThreeDCamera(ThreeDCamera):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.screen_shift = np.zeros(2)

        def project_points(self, points: np.ndarray) -> np.ndarray:
            projected = super().project_points(points)
            projected[:, :2] += self.screen_shift
            return projected

    return ShiftedThreeDCamera


def compare(scene_name: str, quality: str, out: Path) -> dict[str, Any]:
    from scenes.kit.shaded_camera import ShadedFaceCamera

    manims, manim_s = render_frames(scene_name, shifted_three_d_camera(), quality)
    ours, ours_s = render_frames(scene_name, ShadedFaceCamera, quality)
    moments, rows = [], []
    for at, theirs, mine in zip(MOMENTS, manims, ours, strict=True):
        difference = np.abs(theirs.astype(int) - mine.astype(int))
        stats = {
            "at": at,
            "max_level_difference": int(difference.max()),
            "pixels_differing": float((difference.max(axis=2) > 0).mean()),
        }
        moments.append(stats)
        rows.append(
            (
                f"{scene_name} at {at:.0%} of its frames - left: manim ThreeDCamera, right: "
                f"ShadedFaceCamera - max difference {stats['max_level_difference']} levels",
                theirs,
                mine,
            )
        )
    image = out / f"{scene_name}-{quality}.png"
    side_by_side(rows).save(image)
    return {
        "scene": scene_name,
        "image": str(image),
        "manim_s": manim_s,
        "ours_s": ours_s,
        "moments": moments,
    }


def main(argv: list[str]) -> int:
    from scenes.plans import templates

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/3d-frames"))
    parser.add_argument("--quality", default="draft", help="a preset: draft, hd, 4k")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = [
        compare(name, args.quality, args.out)
        for name, found in templates().items()
        if found.schema.three_d
    ]
    (args.out / f"compare-{args.quality}.json").write_text(json.dumps(results, indent=2) + "\n")
    for result in results:
        worst = max(moment["max_level_difference"] for moment in result["moments"])
        print(
            f"{result['scene']:20s} manim {result['manim_s']:6.1f} s  ours {result['ours_s']:6.1f}"
            f" s  max difference {worst} levels  -> {result['image']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
