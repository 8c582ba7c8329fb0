"""Benchmark: what narration costs. Not part of the test suite.

    .venv/bin/python bench/bench_narration.py --scenes SlopeOfLine --quality draft

1. Synthesis of the whole lecture's narration with an empty voice cache, then again from
   the cache (what every later `lecture render` pays before rendering).
2. For the chosen scenes, side by side in one run: a cold render with the voice and with
   `--no-narration` (each into a fresh folder), the no-op re-run of each, and, narrated,
   one sentence reworded so that its beat (or its step) keeps its length (only the audio
   is remuxed).
Prints a table; `--json FILE` writes the numbers.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))


def synthesis(out: Path) -> dict[str, float]:
    from scenes.plans import load_lecture
    from scenes.voice.narration import narration_for

    lecture = load_lecture()
    began = time.perf_counter()
    cold = narration_for(lecture, out)
    cold_s = time.perf_counter() - began
    began = time.perf_counter()
    warm = narration_for(lecture, out)
    warm_s = time.perf_counter() - began
    return {
        "beats": cold.stats.synthesised,
        "speech_s": round(cold.stats.speech_seconds, 1),
        "synthesis_s": round(cold.stats.synthesis_seconds, 2),
        "cold_prepare_s": round(cold_s, 2),
        "cached_prepare_s": round(warm_s, 2),
        "cached_synthesised": warm.stats.synthesised,
    }


def timed(args: list[str]) -> tuple[float, str]:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "scenes.cli.main", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"lecture {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - began, done.stdout


def reworded_copy(folder: Path, scene: str, sections: Path) -> Path:
    """The lecture with one sentence of `scene` reworded: the beat's, or the step's (a beat
    said step by step), whose animations outlast its speech the most, so it keeps its length."""
    import tomllib

    source = REPO_ROOT / "render_config" / "lecture.toml"
    text = source.read_text(encoding="utf-8")
    narration = tomllib.loads(text)["scenes"][scene]["narration"]
    spare: dict[str, float] = {}
    for section in json.loads(sections.read_text(encoding="utf-8")):
        written = narration[section["name"]]
        if isinstance(written, list):
            parts = written if len(written) > len(section.get("steps", [])) else ["", *written]
            for part, ran in zip(parts, section.get("part_animations", []), strict=False):
                if part:
                    spare[part] = float(ran) - len(part) / 15
        else:
            spare[written] = float(section.get("animation", 0)) - len(written) / 15
    sentence = max(spare, key=spare.__getitem__)
    edited = sentence.replace(" the ", " this ", 1) if " the " in sentence else f"So, {sentence}"
    path = folder / "lecture.toml"
    path.write_text(text.replace(sentence, edited, 1), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", default="SlopeOfLine")
    parser.add_argument("--quality", default="draft")
    parser.add_argument("--json", type=Path, default=None)
    options = parser.parse_args()
    scenes = options.scenes.split(",")
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="bench-narration-") as temp:
        root = Path(temp)
        results["synthesis"] = synthesis(root / "synth")
        rows = {}
        for mode, extra in (("narrated", []), ("silent", ["--no-narration"])):
            out = root / mode
            base = ["render", *scenes, "-q", options.quality, "--out", str(out), *extra]
            cold, _ = timed(base)
            noop, _ = timed(base)
            rows[mode] = {"cold_s": round(cold, 1), "noop_s": round(noop, 1)}
        sections = root / "narrated" / options.quality / f"{scenes[0]}.sections.json"
        edited = reworded_copy(root, scenes[0], sections)
        base = ["--content", str(edited), "render", *scenes, "-q", options.quality]
        seconds, output = timed([*base, "--out", str(root / "narrated")])
        rows["narrated"]["reworded_s"] = round(seconds, 1)
        rows["narrated"]["reworded_status"] = "narrated" if "narrated" in output else "rendered"
        results["renders"] = rows
    synth = results["synthesis"]
    print(
        f"Synthesis, whole lecture: {synth['beats']} beats, {synth['speech_s']} s of speech in "
        f"{synth['synthesis_s']} s ({synth['speech_s'] / max(synth['synthesis_s'], 1e-9):.0f}x "
        f"real time); preparing it: {synth['cold_prepare_s']} s cold, "
        f"{synth['cached_prepare_s']} s from the cache."
    )
    narrated, silent = rows["narrated"], rows["silent"]
    print(f"\n{', '.join(scenes)} at {options.quality}:")
    print("| | narrated | --no-narration | ratio |")
    print("|---|---|---|---|")
    for key, label in (("cold_s", "cold render"), ("noop_s", "no-op re-run")):
        ratio = narrated[key] / silent[key] if silent[key] else float("nan")
        print(f"| {label} | {narrated[key]} s | {silent[key]} s | {ratio:.2f}x |")
    print(
        f"| one sentence (or step) reworded | {narrated['reworded_s']} s "
        f"({narrated['reworded_status']}) | - | - |"
    )
    if options.json:
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
