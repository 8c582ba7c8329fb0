"""Atomic writes: a destination is the old file or the new one, never half, never a temp."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scenes.outputs.atomic_files import PublishError, atomic_publish, atomic_write_text


def test_atomic_write_text_replaces_the_file_with_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "manifest.json"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert list(target.parent.iterdir()) == [target]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_atomic_publish_moves_every_file_into_place(tmp_path: Path) -> None:
    sources = [tmp_path / "a.mp4", tmp_path / "a.srt"]
    for index, source in enumerate(sources):
        source.write_bytes(bytes([index]) * 10)
    out = tmp_path / "out"
    atomic_publish({sources[0]: out / "A.mp4", sources[1]: out / "A.srt"})
    assert (out / "A.mp4").read_bytes() == bytes([0]) * 10
    assert (out / "A.srt").read_bytes() == bytes([1]) * 10
    assert sorted(path.name for path in out.iterdir()) == ["A.mp4", "A.srt"]


def test_atomic_publish_failure_touches_no_destination_and_leaves_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "A.mp4").write_bytes(b"good clip")
    (out / "A.srt").write_bytes(b"good captions")
    new_clip = tmp_path / "new.mp4"
    new_clip.write_bytes(b"new clip")
    with pytest.raises(FileNotFoundError):
        atomic_publish({new_clip: out / "A.mp4", tmp_path / "missing.srt": out / "A.srt"})
    assert (out / "A.mp4").read_bytes() == b"good clip"
    assert (out / "A.srt").read_bytes() == b"good captions"
    assert sorted(path.name for path in out.iterdir()) == ["A.mp4", "A.srt"]


def test_a_folder_in_the_way_is_refused_before_any_file_changes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "A.mp4").write_bytes(b"good clip")
    (out / "A.sections.json").mkdir()  # where a file must go
    new = tmp_path / "new"
    new.write_bytes(b"new")
    with pytest.raises(PublishError) as refused:
        atomic_publish({new: out / "A.mp4", tmp_path / "new": out / "A.sections.json"})
    assert str(refused.value) == (
        f"{out / 'A.sections.json'} is a folder, where the render must write a file; "
        "move or remove it and render again."
    )
    assert (out / "A.mp4").read_bytes() == b"good clip"
    assert sorted(path.name for path in out.iterdir()) == ["A.mp4", "A.sections.json"]


def test_a_rename_failing_midway_puts_the_old_set_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "A.mp4").write_bytes(b"old clip")
    (out / "A.srt").write_bytes(b"old captions")
    sources = {name: tmp_path / name for name in ("n.mp4", "n.png", "n.srt")}
    for name, source in sources.items():
        source.write_bytes(name.encode())
    real_replace, calls = os.replace, []

    def failing_third(source: Path, target: Path) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr("scenes.outputs.atomic_files.os.replace", failing_third)
    with pytest.raises(OSError):
        atomic_publish(
            {
                sources["n.mp4"]: out / "A.mp4",
                sources["n.png"]: out / "A.png",
                sources["n.srt"]: out / "A.srt",
            }
        )
    assert sorted(path.name for path in out.iterdir()) == ["A.mp4", "A.srt"]
    assert (out / "A.mp4").read_bytes() == b"old clip"
    assert (out / "A.srt").read_bytes() == b"old captions"
