"""The speech subsystem's errors: one family, each message saying what and what to do."""

from __future__ import annotations


class SpeechError(Exception):
    """Base of every error raised by shared.speech."""


class CallTextError(SpeechError, ValueError):
    """A ticket code, counter number, template or language cannot be spoken."""


class VoiceUnavailable(SpeechError):
    """The voice engine (espeak-ng) or the requested voice is missing or failed."""


class AudioUnavailable(SpeechError):
    """No audio device or player command: nothing can be heard on this machine."""
