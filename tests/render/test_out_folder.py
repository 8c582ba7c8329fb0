"""Which folders a render may write into: refused in one sentence before anything is written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.render.out_folder import OutFolderError, check_out_folder

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("folder", ["/", "/etc", "/usr/share/lectures", "/tmp", "/home"])
def test_the_root_system_folders_and_top_folders_are_refused(folder: str) -> None:
    with pytest.raises(OutFolderError, match=f"^{folder} is .*system folder"):
        check_out_folder(Path(folder))


def test_the_home_folder_itself_is_refused_but_a_folder_in_it_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "notes.txt").write_text("a user's file")
    with pytest.raises(OutFolderError, match="your home folder itself"):
        check_out_folder(tmp_path)
    check_out_folder(tmp_path / "lecture-output")


def test_a_folder_of_someone_elses_files_is_refused_naming_them(tmp_path: Path) -> None:
    for name in ("b.pdf", "a.txt", "c.doc", "d.png"):
        (tmp_path / name).write_text("mine")
    with pytest.raises(OutFolderError) as refused:
        check_out_folder(tmp_path)
    assert str(refused.value) == (
        f"{tmp_path} holds files that are not a lecture's output (a.txt, b.pdf, c.doc, ...); "
        "a render replaces and removes files in its output folder, so choose an empty or "
        "new folder, or one a render made."
    )


def test_new_empty_earlier_and_nested_output_folders_are_accepted(tmp_path: Path) -> None:
    check_out_folder(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".gitkeep").touch()
    check_out_folder(tmp_path / "empty")
    earlier = tmp_path / "earlier"
    (earlier / "draft").mkdir(parents=True)
    (earlier / ".lock").write_text("")
    check_out_folder(earlier)
    layout = tmp_path / "output"  # output/lectures/<name>/, rendered before output/ itself
    (layout / "lectures" / "other").mkdir(parents=True)
    (layout / "lectures" / "other" / ".lock").write_text("")
    check_out_folder(layout)


def test_a_dangling_link_a_file_and_folders_where_files_go_are_named(tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "gone")
    with pytest.raises(OutFolderError, match="is a link to .*gone, which does not exist"):
        check_out_folder(link)
    (tmp_path / "file").write_text("")
    with pytest.raises(OutFolderError, match="is a file, not a folder"):
        check_out_folder(tmp_path / "file")
    out = tmp_path / "out"
    (out / ".lock").mkdir(parents=True)
    with pytest.raises(OutFolderError, match=r"\.lock is a folder where the render keeps its lock"):
        check_out_folder(out)
    (out / ".lock").rmdir()
    (out / ".lock").write_text("")
    (out / "manifest.json").mkdir()
    with pytest.raises(OutFolderError, match="manifest.json is a folder where the render keeps"):
        check_out_folder(out)


def test_the_cli_refuses_with_exit_code_2_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("a user's only copy")
    result = subprocess.run(
        [sys.executable, "-m", "scenes.cli.main", "render", "--out", str(tmp_path), "-q", "draft"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert result.returncode == 2
    assert "holds files that are not a lecture's output (thesis.tex)" in result.stderr
    assert "Traceback" not in result.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["thesis.tex"]
