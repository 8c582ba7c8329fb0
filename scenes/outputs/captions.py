"""Caption cues and their two file formats, SubRip (.srt) and WebVTT (.vtt).

Scenes write one cue per beat in SubRip; the assembler shifts them onto the
lecture's timeline and writes both formats, so players and slide tools get the
one they read. Standard library only: no manim, no third-party parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_STAMP = r"(\d+):(\d{2}):(\d{2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_STAMP}\s*-->\s*{_STAMP}")
_VTT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
# WebVTT times may leave out the hours: `mm:ss.ttt` or `hh:mm:ss.ttt`.
_VTT_STAMP = r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})"
_VTT_TIMING = re.compile(rf"^\s*{_VTT_STAMP}\s+-->\s+{_VTT_STAMP}")
_VTT_SKIPPED = ("WEBVTT", "NOTE", "STYLE", "REGION")
_VTT_UNESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", "\u00a0"), ("&amp;", "&"))


@dataclass(frozen=True)
class Cue:
    """One caption: shown from `start` to `end` (seconds), `text` may span lines."""

    start: float
    end: float
    text: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Caption cue {self.text!r} ends ({self.end}) before it starts.")


def parse_srt(text: str) -> list[Cue]:
    """Read SubRip text; tolerates a BOM, CRLF line ends, missing indices and trailing blanks."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cues: list[Cue] = []
    for block in _blocks(lines):
        cues.append(_parse_block(block, len(cues) + 1))
    return cues


def parse_vtt(text: str) -> list[Cue]:
    """Read WebVTT cues: skips the header, NOTE/STYLE/REGION blocks, cue ids and settings."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cues: list[Cue] = []
    for block in _blocks(lines):
        if block[0].split(maxsplit=1)[0] in _VTT_SKIPPED and "-->" not in block[0]:
            continue
        if "-->" not in block[0] and len(block) > 1:
            block = block[1:]  # a cue identifier
        match = _VTT_TIMING.match(block[0])
        if match is None:
            raise ValueError(f"WebVTT cue {len(cues) + 1} has no valid timing: {block[0]!r}.")
        cues.append(
            Cue(
                _seconds(*(g or "0" for g in match.groups()[:4])),
                _seconds(*(g or "0" for g in match.groups()[4:])),
                _unescape_vtt("\n".join(line.rstrip() for line in block[1:])),
            )
        )
    return cues


def format_srt(cues: Iterable[Cue]) -> str:
    """Write SubRip text: numbered cues, `HH:MM:SS,mmm` times, a blank line after each."""
    blocks = [
        f"{number}\n{_timestamp(cue.start, ',')} --> {_timestamp(cue.end, ',')}\n"
        f"{_cue_text(cue.text)}"
        for number, cue in enumerate(cues, start=1)
    ]
    return "".join(f"{block}\n\n" for block in blocks)


def format_vtt(cues: Iterable[Cue]) -> str:
    """Write WebVTT text: the `WEBVTT` header, `HH:MM:SS.mmm` times, `&<>` escaped."""
    blocks = [
        f"{_timestamp(cue.start, '.')} --> {_timestamp(cue.end, '.')}\n"
        f"{_escape_vtt(_cue_text(cue.text))}"
        for cue in cues
    ]
    return "WEBVTT\n\n" + "".join(f"{block}\n\n" for block in blocks)


def shift(cues: Sequence[Cue], offset: float) -> list[Cue]:
    """Move every cue by `offset` seconds: scene time -> lecture time."""
    return [Cue(cue.start + offset, cue.end + offset, cue.text) for cue in cues]


def _blocks(lines: list[str]) -> Iterable[list[str]]:
    block: list[str] = []
    for line in lines:
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _parse_block(block: list[str], number: int) -> Cue:
    if not _TIMING.match(block[0]) and len(block) > 1 and block[0].strip().isdigit():
        block = block[1:]
    match = _TIMING.match(block[0])
    if match is None:
        raise ValueError(f"Caption cue {number} has no valid timing line: {block[0]!r}.")
    return Cue(
        start=_seconds(*match.groups()[:4]),
        end=_seconds(*match.groups()[4:]),
        text="\n".join(line.rstrip() for line in block[1:]),
    )


def _seconds(hours: str, minutes: str, seconds: str, fraction: str) -> float:
    millis = int(fraction.ljust(3, "0"))
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + millis / 1000


def _timestamp(seconds: float, separator: str) -> str:
    if seconds < 0:
        raise ValueError(f"Caption time {seconds} s is negative.")
    total_millis = round(seconds * 1000)
    hours, rest = divmod(total_millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}{separator}{millis:03d}"


def _cue_text(text: str) -> str:
    """Drop blank lines: inside a cue they would end it early in both formats."""
    return "\n".join(line for line in text.split("\n") if line.strip())


def _unescape_vtt(text: str) -> str:
    for escaped, raw in _VTT_UNESCAPES:
        text = text.replace(escaped, raw)
    return text


def _escape_vtt(text: str) -> str:
    for raw, escaped in _VTT_ESCAPES:
        text = text.replace(raw, escaped)
    return text
