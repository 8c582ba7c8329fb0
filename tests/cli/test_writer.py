"""`lecture render --no-wait` while another run writes the same output folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenes.cli import main as cli
from scenes.render.lock import output_lock


@pytest.mark.slow
def test_render_no_wait_exits_1_with_a_sentence_while_the_folder_is_locked(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    with output_lock(out, say=lambda line: None):
        result = CliRunner().invoke(
            cli.main, ["render", "LectureTitle", "-q", "draft", "--out", str(out), "--no-wait"]
        )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {out} is being written by another render (pid {os.getpid()}); "
        "run again when it has finished, or without --no-wait to wait for it."
    )
    assert not (out / "draft").exists()
