from __future__ import annotations

import pytest

from scenes.outputs.captions import Cue, format_srt, format_vtt, parse_srt, shift

SAMPLE_CUES = [
    Cue(0.0, 1.5, "Draw the curve."),
    Cue(1.5, 3.25, "Two lines\nof narration."),
    Cue(3725.007, 3726.0, "Past the first hour."),
]

SAMPLE_SRT = (
    "1\n00:00:00,000 --> 00:00:01,500\nDraw the curve.\n\n"
    "2\n00:00:01,500 --> 00:00:03,250\nTwo lines\nof narration.\n\n"
    "3\n01:02:05,007 --> 01:02:06,000\nPast the first hour.\n\n"
)


def test_format_srt_is_exact() -> None:
    assert format_srt(SAMPLE_CUES) == SAMPLE_SRT


def test_srt_round_trip_keeps_every_cue() -> None:
    assert parse_srt(format_srt(SAMPLE_CUES)) == SAMPLE_CUES


def test_format_vtt_is_exact_and_escapes_markup() -> None:
    cues = [Cue(0.0, 1.25, "f(x) < 1 & g > 0"), Cue(61.5, 62.0, "line one\nline two")]
    assert format_vtt(cues) == (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:01.250\nf(x) &lt; 1 &amp; g &gt; 0\n\n"
        "00:01:01.500 --> 00:01:02.000\nline one\nline two\n\n"
    )


def test_format_vtt_of_no_cues_is_just_the_header() -> None:
    assert format_vtt([]) == "WEBVTT\n\n"


def test_parse_srt_tolerates_bom_crlf_missing_index_and_trailing_blanks() -> None:
    text = (
        "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nfirst\r\nsecond line\r\n\r\n"
        "00:00:02,000 --> 00:00:03,5 X1:10\r\nno index, short millis\r\n\r\n\r\n  \r\n"
    )
    assert parse_srt(text) == [
        Cue(1.0, 2.0, "first\nsecond line"),
        Cue(2.0, 3.5, "no index, short millis"),
    ]


def test_parse_srt_keeps_a_digit_only_text_line() -> None:
    assert parse_srt("7\n00:00:00,000 --> 00:00:01,000\n42\n") == [Cue(0.0, 1.0, "42")]


def test_parse_srt_of_empty_text_is_empty() -> None:
    assert parse_srt("\n\r\n") == []


def test_parse_srt_names_the_cue_with_a_bad_timing_line() -> None:
    text = "1\n00:00:00,000 --> 00:00:01,000\nfine\n\n2\n0:01 -> 0:02\nbroken\n"
    with pytest.raises(ValueError, match=r"cue 2 .*'0:01 -> 0:02'"):
        parse_srt(text)


def test_shift_moves_both_ends() -> None:
    assert shift([Cue(0.5, 1.0, "a"), Cue(1.0, 2.0, "b")], 10.0) == [
        Cue(10.5, 11.0, "a"),
        Cue(11.0, 12.0, "b"),
    ]


def test_cue_ending_before_it_starts_is_rejected() -> None:
    with pytest.raises(ValueError, match="ends"):
        Cue(2.0, 1.0, "backwards")


def test_negative_times_cannot_be_written() -> None:
    with pytest.raises(ValueError, match="negative"):
        format_srt(shift([Cue(0.0, 1.0, "early")], -0.5))


def test_blank_lines_inside_a_cue_are_dropped_so_the_cue_stays_whole() -> None:
    written = format_srt([Cue(0.0, 1.0, "top\n\n  \nbottom")])
    assert parse_srt(written) == [Cue(0.0, 1.0, "top\nbottom")]


def test_times_round_to_the_nearest_millisecond() -> None:
    assert format_srt([Cue(0.0004, 0.9996, "t")]).splitlines()[1] == (
        "00:00:00,000 --> 00:00:01,000"
    )
