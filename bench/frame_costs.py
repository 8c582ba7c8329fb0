"""Benchmark: where a render's time goes per frame: drawing, conversion, encoding, muxing.

    .venv/bin/python bench/frame_costs.py --scene SecantConvergence --quality hd

Renders one scene the way `lecture render` does (its worker's encoder and speed-ups), in
this process, with x264 on one thread so each step's CPU time can be read on the thread
that runs it (time.thread_time). Reports milliseconds of CPU per video frame for:

- animating: moving the mobjects to each frame's time (interpolation, updaters);
- drawing: manim's camera drawing the mobjects (cairo), per frame written;
- copy: the drawn frame copied out of the camera;
- conversion: RGBA to yuv420p (swscale), once per distinct frame (a held frame once);
- encoding: x264 (the `veryfast` preset of the quality's .cfg);
- muxing: packets into the mp4;
- the rest of the process's CPU time: start-up, imports, the plan, typesetting, setting
  up each animation, writing the beat clips and posters.

Not part of the test suite; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

SPENT: dict[str, float] = defaultdict(float)


@contextmanager
def counted(name: str):  # type: ignore[no-untyped-def]
    began = time.thread_time()
    try:
        yield
    finally:
        SPENT[name] += time.thread_time() - began


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with counted(name):
            return function(*args, **kwargs)

    return wrapper


def instrument() -> None:
    """Wrap the steps of drawing and of the worker's encoder with CPU-time counters."""
    import av
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene import Scene

    from scenes.render import segment_encoder

    Scene.update_to_time = timed("animating", Scene.update_to_time)
    CairoRenderer.update_frame = timed("drawing", CairoRenderer.update_frame)
    CairoRenderer.get_frame = timed("copy", CairoRenderer.get_frame)

    def write_frame(self: Any, pixels: Any, *, repeat: int = 1) -> None:
        self._validate_frame(pixels, repeat)
        rate = self.spec.frame_rate
        time_base = Fraction(rate.denominator, rate.numerator)
        stream = self._stream
        frame = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
        with counted("conversion"):
            frame = frame.reformat(width=stream.width, height=stream.height, format=stream.pix_fmt)
        for _ in range(repeat):
            frame.pts = self._next_pts
            frame.time_base = time_base
            self._next_pts += 1
            with counted("encoding"):
                packets = stream.encode(frame)
            with counted("muxing"):
                for packet in packets:
                    self._container.mux(packet)
        SPENT["frames"] += repeat
        SPENT["distinct frames"] += 1

    segment_encoder.LeanSegmentEncoder.write_frame = write_frame  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scene", default="SecantConvergence")
    parser.add_argument("--quality", default="hd")
    options = parser.parse_args(argv)

    from scenes.plans import load_lecture
    from scenes.render.job import Work
    from scenes.render.lecture_jobs import scene_jobs
    from scenes.render.quality import load_quality
    from scenes.render.worker import run_job

    instrument()
    lecture = load_lecture(REPO_ROOT / "render_config" / "lecture.toml")
    with tempfile.TemporaryDirectory(prefix="frame-costs-") as temp:
        job = scene_jobs(lecture, [options.scene], load_quality(options.quality), Path(temp))[0]
        began, cpu = time.perf_counter(), time.process_time()
        result = run_job(job, key="bench", work=Work(render=True, convert=(), encoder_threads=1))
        wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    frames = SPENT.pop("frames")
    distinct = SPENT.pop("distinct frames")
    print(
        f"{options.scene} at {options.quality}: {result.frames} frames "
        f"({distinct:.0f} distinct) in {wall:.1f} s wall, one process, x264 on one thread"
    )
    SPENT["rest"] = cpu - sum(SPENT.values())
    total = sum(SPENT.values())
    for name in ("animating", "drawing", "copy", "conversion", "encoding", "muxing", "rest"):
        spent = SPENT[name]
        print(f"  {name:<11} {1000 * spent / frames:6.2f} ms/frame  ({100 * spent / total:4.1f}%)")
    cpu_per_frame, wall_per_frame = 1000 * total / frames, 1000 * wall / frames
    print(f"  {'CPU':<11} {cpu_per_frame:6.2f} ms/frame; wall {wall_per_frame:.2f} ms/frame")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
