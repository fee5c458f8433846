"""Split a call sentence into the pack's fragments (longest match first) and pauses."""

from __future__ import annotations

import re

from .manifest import Fragment, english_number

PAUSE = None  # a pause between phrases (at a comma or full stop)
Piece = Fragment | None
_PUNCTUATION = set(",.;:!?，。；：！？、")
_EN_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+|[,.;:!?]")


def _by_text(fragments: tuple[Fragment, ...], langs: tuple[str, ...]) -> dict[str, Fragment]:
    return {f.text.lower(): f for f in fragments if f.lang in langs}


def split_zh(text: str, fragments: tuple[Fragment, ...]) -> list[Piece] | None:
    """Chinese text as fragments, or None when a character has no fragment."""
    known = _by_text(fragments, ("zh", "letter"))
    longest = max((len(t) for t in known), default=1)
    pieces: list[Piece] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace() or char == "-":
            i += 1
            continue
        if char in _PUNCTUATION:
            if pieces and pieces[-1] is not PAUSE:
                pieces.append(PAUSE)
            i += 1
            continue
        for size in range(min(longest, len(text) - i), 0, -1):
            fragment = known.get(text[i : i + size].lower())
            if fragment is not None:
                pieces.append(fragment)
                i += size
                break
        else:
            return None
    return pieces


def split_en(text: str, fragments: tuple[Fragment, ...]) -> list[Piece] | None:
    """English text as fragments (numbers as words, lone capitals as letters), or None."""
    words = _by_text(fragments, ("en",))
    letters = _by_text(fragments, ("letter",))
    tokens: list[str | Fragment | None] = []
    for token in _EN_TOKEN.findall(text):
        if token in _PUNCTUATION:
            tokens.append(PAUSE)
        elif token.isdigit():
            tokens += english_number(int(token)).split()
        elif len(token) == 1 and token.isupper():
            letter = letters.get(token.lower())
            if letter is None:
                return None
            tokens.append(letter)
        else:
            tokens.append(token.lower())
    longest = max((len(t.split()) for t in words), default=1)
    pieces: list[Piece] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not isinstance(token, str):
            if token is not PAUSE or (pieces and pieces[-1] is not PAUSE):
                pieces.append(token)
            i += 1
            continue
        for size in range(longest, 0, -1):
            run = tokens[i : i + size]
            if len(run) == size and all(isinstance(t, str) for t in run):
                fragment = words.get(" ".join(run))  # type: ignore[arg-type]
                if fragment is not None:
                    pieces.append(fragment)
                    i += size
                    break
        else:
            return None
    return pieces


def split_sentence(text: str, lang: str, fragments: tuple[Fragment, ...]) -> list[Piece] | None:
    """The fragments that say `text` in `lang`, or None when the pack cannot say it."""
    pieces = split_zh(text, fragments) if lang == "zh" else split_en(text, fragments)
    while pieces and pieces[-1] is PAUSE:
        pieces.pop()
    return pieces or None
