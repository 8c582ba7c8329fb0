"""Quality presets: manim's own .cfg files in render_config/, read once per command.

A command loads the preset it renders at into a `Quality` (its frame size and rate and
the file's whole text); jobs carry that object, the worker hands its text to manim and
the key hashes it, so the file is read here and nowhere else.
"""

from __future__ import annotations

import configparser
import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenes.paths import RENDER_CONFIG_DIR
from scenes.render.errors import InvalidQualityError, UnknownQualityError

DEFAULT_QUALITY = "hd"


@dataclass(frozen=True)
class Quality:
    """A quality preset: its name, the frame size and rate it sets, and the file's text."""

    name: str
    path: Path  # where it was read from, for messages only
    pixel_width: int
    pixel_height: int
    frame_rate: float
    text: str  # the file's text: what manim is configured with, hashed into every job key

    def manim_parser(self) -> configparser.ConfigParser:
        """manim's defaults overlaid with this preset, as `manim --config_file` would read it."""
        from manim._config.utils import make_config_parser

        parser = make_config_parser(
            os.devnull
        )  # the library's and the user's files, no ./manim.cfg
        parser.read_string(self.text, source=str(self.path))
        return parser

    def configure(self, settings: Any) -> None:
        """Apply the preset to a copy of manim's config (a ManimConfig)."""
        settings.digest_parser(self.manim_parser())


def read_preset(path: Path) -> Quality:
    """The preset in `path`; InvalidQualityError when it lacks a positive size or rate."""
    text = path.read_text(encoding="utf-8")
    parser = configparser.ConfigParser()
    try:
        parser.read_string(text, source=str(path))
        section = parser["CLI"]
        width = section.getint("pixel_width")
        height = section.getint("pixel_height")
        rate = section.getfloat("frame_rate")
    except (configparser.Error, KeyError, ValueError):
        width = height = rate = None
    if not (width and height and rate and width > 0 and height > 0 and rate > 0):
        raise InvalidQualityError(
            f"{path} must set positive pixel_width, pixel_height and frame_rate under [CLI]."
        )
    return Quality(path.stem, path, width, height, rate, text)


def presets(config_dir: Path = RENDER_CONFIG_DIR) -> dict[str, Quality]:
    """The valid presets in `config_dir`, smallest frame first; other .cfg files are ignored."""
    found: list[Quality] = []
    for path in sorted(config_dir.glob("*.cfg")):
        with suppress(InvalidQualityError, OSError):
            found.append(read_preset(path))
    found.sort(key=lambda q: (q.pixel_width * q.pixel_height, q.frame_rate, q.name))
    return {quality.name: quality for quality in found}


def quality_names(config_dir: Path = RENDER_CONFIG_DIR) -> tuple[str, ...]:
    """The preset names found in `config_dir`, smallest frame first."""
    return tuple(presets(config_dir))


def load_quality(name: str, config_dir: Path = RENDER_CONFIG_DIR) -> Quality:
    """The preset `<config_dir>/<name>.cfg`; UnknownQualityError names the valid ones."""
    path = config_dir / f"{name}.cfg"
    if Path(name).name != name or not path.is_file():
        valid = ", ".join(quality_names(config_dir)) or "none found"
        raise UnknownQualityError(f"Unknown quality {name!r}; valid qualities: {valid}.")
    return read_preset(path)
