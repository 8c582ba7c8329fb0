"""Where the project's own folders are, found from this file (so any working directory works)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
RENDER_CONFIG_DIR = PROJECT_DIR / "render_config"
DEFAULT_CONTENT = RENDER_CONFIG_DIR / "lecture.toml"
