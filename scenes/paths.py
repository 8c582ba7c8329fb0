"""Where the project's own files are, found from the package (so any working directory works).

In a clone the presets and example lectures are `render_config/` beside the package; an
installed wheel carries the same files inside it, as `scenes/render_config/` (pyproject.toml
maps the folder), found through importlib.resources.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
CONFIG_FOLDER = "render_config"


def _render_config_dir() -> Path:
    packaged = Path(str(resources.files("scenes") / CONFIG_FOLDER))
    return packaged if packaged.is_dir() else PROJECT_DIR / CONFIG_FOLDER


RENDER_CONFIG_DIR = _render_config_dir()
DEFAULT_CONTENT = RENDER_CONFIG_DIR / "lecture.toml"
# The lectures shipped as examples, the default one first.
EXAMPLE_LECTURES = (
    DEFAULT_CONTENT,
    *sorted(p for p in RENDER_CONFIG_DIR.glob("*.toml") if p != DEFAULT_CONTENT),
)
