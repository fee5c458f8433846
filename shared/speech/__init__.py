"""The spoken call: call text, chime + speech WAVs, players and the announcer thread."""

from .announcer import (
    Announcement,
    AnnouncementKind,
    Announcer,
    CallRenderer,
    DropReason,
    SpokenForm,
    VoiceCallRenderer,
    build_announcer,
    in_quiet_hours,
)
from .errors import AudioUnavailable, CallTextError, SpeechError, VoiceUnavailable
from .players import CommandPlayer, Player, WavFilePlayer
from .text import (
    ENGLISH_VOICE,
    TEMPLATE_EN,
    TEMPLATE_ZH,
    Sentence,
    announcement_sentences,
    code_en,
    code_zh,
    counter_zh,
    spoken_text,
)
from .voice import DEFAULT_VOICE, render_sentences, render_wav, synthesize

__all__ = [
    "DEFAULT_VOICE",
    "ENGLISH_VOICE",
    "TEMPLATE_EN",
    "TEMPLATE_ZH",
    "Announcement",
    "AnnouncementKind",
    "Announcer",
    "AudioUnavailable",
    "CallRenderer",
    "CallTextError",
    "CommandPlayer",
    "DropReason",
    "Player",
    "Sentence",
    "SpeechError",
    "SpokenForm",
    "VoiceCallRenderer",
    "VoiceUnavailable",
    "WavFilePlayer",
    "announcement_sentences",
    "build_announcer",
    "code_en",
    "code_zh",
    "counter_zh",
    "in_quiet_hours",
    "render_sentences",
    "render_wav",
    "spoken_text",
    "synthesize",
]
