"""Disk and permissions: a render that cannot be written is refused before it starts, and a
disk that fills up mid-render is one sentence with the good files intact.

The full and read-only disks are real where the machine allows it: a tiny tmpfs (mounting
needs root), a read-only tmpfs as root (root writes through chmod), chmod otherwise.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from render_fixtures import keys_with, make_setup, tiny_job, work_leftovers

from scenes.cli import main as cli
from scenes.render import disk
from scenes.render.job import Work
from scenes.render.jobs import render_jobs

pytestmark = pytest.mark.usefixtures("repo_on_path")
KEYS = keys_with({"TinyScene": "fixture"})


def _mount(folder: Path, options: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not sys.platform.startswith("linux"):
        pytest.skip("mounting a tmpfs needs root on Linux")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"this machine does not allow a tmpfs mount: {result.stderr.strip()}")


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs."""
    folder = tmp_path / "disk"
    _mount(folder, "size=1m")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "read-only"
    if os.geteuid() != 0:
        folder.mkdir()
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    _mount(folder, "size=1m,ro")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave: int) -> None:
    """Write a filler file until only about `leave` bytes are free."""
    with (folder / "filler").open("wb") as writer:
        try:
            while disk.free_bytes(folder) > leave:
                writer.write(b"\0" * 4096)
                writer.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC


def test_the_pre_check_names_the_folder_what_is_free_and_what_is_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = tiny_job(make_setup(tmp_path), tmp_path / "out")
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(disk.shutil, "disk_usage", lambda path: usage._replace(free=1500))
    needed = disk.estimated_bytes(job, Work(render=True, convert=()), disk.Manifest())
    # the preset estimate: 160 x 90 pixels, 10 fps, 30 s assumed without narration
    assert needed == int(160 * 90 * 10 * 30 * disk.BYTES_PER_PIXEL_FRAME * disk.RENDER_FACTOR)
    events = []
    with pytest.raises(disk.DiskError) as refused:
        render_jobs([job], key_of=KEYS, on_event=events.append, before_start=disk.require_room)
    assert str(refused.value) == (
        f"{tmp_path / 'out'} has 1.5 kB free but this render needs about "
        f"{disk.size_text(needed)}; free some space there or render into another folder "
        "with --out."
    )
    assert [event.kind for event in events] == []  # nothing started
    assert not (tmp_path / "out" / "tiny").exists()


def test_the_estimate_uses_the_last_recorded_size(tmp_path: Path) -> None:
    job = tiny_job(make_setup(tmp_path), tmp_path / "out")
    manifest = disk.Manifest()
    from scenes.render.cache import ManifestEntry

    manifest.record(job.output_name, ManifestEntry("TinyScene", "tiny", "mp4", "k", "", 1, 1, 1000))
    rendering = disk.estimated_bytes(job, Work(render=True, convert=()), manifest)
    assert rendering == 1000 * disk.RENDER_FACTOR == 4000
    converting = disk.estimated_bytes(job, Work(render=False, convert=("webm",)), manifest)
    assert converting == 1000 * disk.CONVERT_FACTOR == 2000


def test_a_full_tmpfs_is_refused_before_rendering(tiny_disk: Path, tmp_path: Path) -> None:
    fill(tiny_disk, leave=16 * 1024)
    job = tiny_job(make_setup(tmp_path), tiny_disk / "out")
    with pytest.raises(disk.DiskError, match=r"out has \d+\.\d kB free but this render needs"):
        render_jobs([job], key_of=KEYS, before_start=disk.require_room)
    assert not (tiny_disk / "out" / "tiny").exists()


@pytest.mark.slow
def test_a_disk_filling_up_mid_render_is_one_sentence_and_keeps_the_good_clip(
    tiny_disk: Path, tmp_path: Path
) -> None:
    setup = make_setup(tmp_path)
    job = tiny_job(setup, tiny_disk / "out")
    assert render_jobs([job], key_of=KEYS).ok
    good = {path: path.read_bytes() for path in job.folder.rglob("*") if path.is_file()}
    fill(tiny_disk, leave=8 * 1024)
    report = render_jobs([job], key_of=KEYS, force=True)  # no pre-check: the disk fills up
    assert [failure.message for failure in report.failures] == [
        f"{job.out_root} ran out of disk space ({disk.size_text(disk.free_bytes(tiny_disk))} "
        "free); free some space there or render into another folder with --out, and run "
        "again: finished clips are kept."
    ]
    assert {path: path.read_bytes() for path in job.folder.rglob("*") if path.is_file()} == good
    assert work_leftovers(job.out_root) == []


def test_a_read_only_output_folder_is_refused_in_one_sentence(read_only_folder: Path) -> None:
    with pytest.raises(disk.DiskError) as refused:
        disk.require_writable(read_only_folder / "out")
    message = str(refused.value)
    assert message.startswith(str(read_only_folder / "out")) or message.startswith(
        str(read_only_folder)
    )
    assert "Errno" not in message and ("read-only" in message or "not writable" in message)


def test_render_into_a_read_only_folder_exits_1_with_a_sentence(read_only_folder: Path) -> None:
    result = CliRunner().invoke(
        cli.main, ["render", "LectureTitle", "-q", "draft", "--out", str(read_only_folder)]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {read_only_folder} is on a read-only file system; render into another "
        "folder with --out."
        if os.geteuid() == 0
        else f"Error: {read_only_folder} is not writable by this user; fix its permissions "
        f"(chmod u+w {read_only_folder}) or render into another folder with --out."
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (errno.EROFS, "is on a read-only file system"),
        (errno.EACCES, "is not writable by this user"),
        (errno.ENOSPC, "ran out of disk space"),
    ],
)
def test_each_disk_fault_is_one_sentence_without_errno(
    tmp_path: Path, number: int, expected: str
) -> None:
    sentence = disk.fault_sentence(OSError(number, os.strerror(number), "/x/.work/a.tmp"), tmp_path)
    assert expected in sentence and "Errno" not in sentence and ".tmp" not in sentence
    assert sentence.startswith(str(tmp_path)) and sentence.endswith(".")
