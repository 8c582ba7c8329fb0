"""The lecture's voice settings reach Piper: speed stretches the speech, a model is used."""

from __future__ import annotations

import pytest

from scenes.content.voice_settings import VoiceSettings

pytestmark = pytest.mark.slow  # synthesises with Piper

SENTENCE = "The slope of the secant comes closer to two as the run shrinks."


def test_half_speed_says_the_same_sentence_in_about_twice_the_time() -> None:
    from scenes.voice.piper_voice import PiperJoeVoice

    normal = PiperJoeVoice(VoiceSettings(speed=1.0))
    slow = PiperJoeVoice(VoiceSettings(speed=0.5))
    assert normal.settings != slow.settings  # the cache tells them apart
    [at_one], [at_half] = normal.speak([SENTENCE]), slow.speak([SENTENCE])
    assert len(at_half) / len(at_one) == pytest.approx(2.0, rel=0.15)
