"""Only a dead owner's leftovers go: journaled temporary files, undone publishing, nothing else.

The dead owners are real: each test kills a real process (SIGKILL, which no handler sees)
that owned a work folder, and checks what the next run removes and what it leaves alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from scenes import ownership

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def run_and_die(code: str) -> None:
    """Run `code` in a new Python process that then kills itself with SIGKILL."""
    program = textwrap.dedent(code) + "\nimport os, signal; os.kill(os.getpid(), signal.SIGKILL)\n"
    result = subprocess.run(
        [sys.executable, "-c", program],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == -9, result.stderr


def test_a_dead_runs_temporary_files_go_and_no_other_file_is_touched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    nested = out / "lectures" / "other" / "draft"
    nested.mkdir(parents=True)
    theirs = nested / ".Intro.mp4.0123456789ab.tmp"  # another render's, mid-publish
    theirs.write_bytes(b"theirs")
    users = tmp_path / ".notes.txt.a1b2c3d4e5f6.tmp"  # looks like ours, outside --out
    users.write_text("a user's file")
    run_and_die(f"""
        from pathlib import Path
        from scenes import ownership
        out = Path({str(out)!r})
        with ownership.run_folder(out):
            left = ownership.temporary_sibling(out / "draft" / "Intro.mp4")
            left.write_bytes(b"half a clip")
            print(left)
            import os, signal; os.kill(os.getpid(), signal.SIGKILL)
    """)
    (dead,) = (out / ".work").iterdir()
    (left,) = (out / "draft").iterdir()
    assert ownership.is_temporary(left) and not ownership.owner_alive(dead)
    removed = ownership.remove_dead(out / ".work")
    assert sorted(removed) == sorted([left, dead])
    assert not left.exists() and not (out / ".work").exists()
    assert theirs.read_bytes() == b"theirs" and users.read_text() == "a user's file"


def test_living_owners_other_hosts_and_young_unclaimed_folders_are_kept(tmp_path: Path) -> None:
    work = tmp_path / ".work"
    mine, reused, foreign, young, old = (work / n for n in ("mine", "reused", "far", "y", "o"))
    for folder in (mine, reused, foreign, young, old):
        folder.mkdir(parents=True)
    ownership.claim(mine)
    # this process's pid, but another start time: a dead run whose pid was reused
    (reused / ownership.OWNER_FILE).write_text(f"{ownership.host_name()} {os.getpid()} 1\n")
    (foreign / ownership.OWNER_FILE).write_text("another-machine 1\n")
    long_ago = time.time() - 2 * ownership.UNOWNED_GRACE_SECONDS
    os.utime(old, (long_ago, long_ago))
    removed = ownership.remove_dead(work)
    assert sorted(removed) == sorted([reused, old])
    assert mine.is_dir() and foreign.is_dir() and young.is_dir()


def test_a_publishing_cut_short_by_sigkill_is_undone_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = out / "draft"
    folder.mkdir(parents=True)
    (folder / "A.mp4").write_bytes(b"old clip")
    (folder / "A.srt").write_bytes(b"old captions")
    for name in ("new.mp4", "new.srt", "new.json"):
        (tmp_path / name).write_bytes(b"new " + name.encode())
    run_and_die(f"""
        import os, signal
        from pathlib import Path
        from scenes import ownership
        from scenes.outputs import atomic_files
        tmp, out = Path({str(tmp_path)!r}), Path({str(out)!r})
        real_replace, moved = os.replace, []
        def replace_then_die(source, target):  # killed between the second and third rename
            if len(moved) == 2:
                os.kill(os.getpid(), signal.SIGKILL)
            real_replace(source, target)
            moved.append(target)
        atomic_files.os.replace = replace_then_die
        with ownership.run_folder(out):
            atomic_files.atomic_publish({{
                tmp / "new.json": out / "draft" / "A.json",
                tmp / "new.mp4": out / "draft" / "A.mp4",
                tmp / "new.srt": out / "draft" / "A.srt",
            }})
    """)
    assert (folder / "A.json").exists() and (folder / "A.mp4").read_bytes() == b"new new.mp4"
    ownership.remove_dead(out / ".work")
    assert sorted(path.name for path in folder.iterdir()) == ["A.mp4", "A.srt"]
    assert (folder / "A.mp4").read_bytes() == b"old clip"
    assert (folder / "A.srt").read_bytes() == b"old captions"


def test_a_finished_publishing_is_kept_after_its_owner_dies(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "new.mp4").write_bytes(b"new clip")
    run_and_die(f"""
        from pathlib import Path
        from scenes import ownership
        from scenes.outputs import atomic_files
        tmp, out = Path({str(tmp_path)!r}), Path({str(out)!r})
        with ownership.run_folder(out):
            atomic_files.atomic_publish({{tmp / "new.mp4": out / "draft" / "A.mp4"}})
            import os, signal; os.kill(os.getpid(), signal.SIGKILL)
    """)
    ownership.remove_dead(out / ".work")
    assert [path.name for path in (out / "draft").iterdir()] == ["A.mp4"]
    assert (out / "draft" / "A.mp4").read_bytes() == b"new clip"


def test_scratch_folders_live_in_the_owned_folder_and_go_with_the_block(tmp_path: Path) -> None:
    with ownership.run_folder(tmp_path) as owned, ownership.scratch_folder() as scratch:
        assert scratch.parent == owned
    assert not scratch.exists() and not owned.exists()


def test_a_run_killed_while_assembling_the_lecture_leaves_nothing_after_the_next(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    (out / "hd").mkdir(parents=True)
    (out / "hd" / "lecture.mp4").write_bytes(b"the lecture as it was")
    run_and_die(f"""
        from pathlib import Path
        from scenes import ownership
        from scenes.outputs import assemble
        out = Path({str(out)!r})
        targets = [out / "hd" / name for name in ("lecture.mp4", "lecture.srt", "chapters.vtt")]
        with ownership.run_folder(out), assemble._staged(targets) as staged:
            for temporary in staged.values():
                temporary.write_bytes(b"half")
            import os, signal; os.kill(os.getpid(), signal.SIGKILL)
    """)
    assert len(list((out / "hd").iterdir())) == 4  # the old lecture and three half files
    ownership.remove_dead(out / ".work")
    assert [path.name for path in (out / "hd").iterdir()] == ["lecture.mp4"]
    assert (out / "hd" / "lecture.mp4").read_bytes() == b"the lecture as it was"
