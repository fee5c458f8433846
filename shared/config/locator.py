"""Find the source line of every table, key and array element in valid TOML text.

tomllib returns plain dicts without positions, so this small scanner walks the
text once more and records, for each path such as ("services", 3, "prefix") or
("counters", 0, "services", 1), the line where it is written. It is only run on
text tomllib has already accepted, so it need not report syntax errors.
"""

from __future__ import annotations

import bisect
import tomllib

Path = tuple[str | int, ...]

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}\n#")


class LineLocator:
    """Maps paths in a TOML document to their 1-based source lines."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self._pos = 0
        self.lines: dict[Path, int] = {}
        self._aot_count: dict[Path, int] = {}
        self._scan()

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest recorded ancestor, else 1."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1

    # -- scanning -----------------------------------------------------------------

    def _line(self, pos: int) -> int:
        return bisect.bisect_right(self._newlines, pos - 1) + 1

    def _record(self, path: Path, pos: int) -> None:
        # the first mention wins: that is where a table or key is defined
        self.lines.setdefault(path, self._line(pos))

    def _peek(self, n: int = 1) -> str:
        return self._text[self._pos : self._pos + n]

    def _skip_space(self, newlines: bool) -> None:
        text, n = self._text, len(self._text)
        while self._pos < n:
            ch = text[self._pos]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self._pos += 1
            elif ch == "#":
                end = text.find("\n", self._pos)
                self._pos = n if end < 0 else end
            else:
                return

    def _scan(self) -> None:
        table: Path = ()
        while True:
            self._skip_space(newlines=True)
            if self._pos >= len(self._text):
                return
            start = self._pos
            if self._peek(2) == "[[":
                self._pos += 2
                keys = self._keys()
                self._pos += 2  # "]]"
                parent = self._resolve(keys[:-1])
                aot: Path = (*parent, keys[-1])
                index = self._aot_count.get(aot, 0)
                self._aot_count[aot] = index + 1
                self._record(aot, start)
                table = (*aot, index)
                self._record(table, start)
            elif self._peek() == "[":
                self._pos += 1
                keys = self._keys()
                self._pos += 1  # "]"
                table = self._resolve(keys)
                self._record(table, start)
            else:
                self._key_value(table)

    def _resolve(self, keys: list[str]) -> Path:
        """A header's keys as a path, stepping into the last element of each array of tables."""
        path: Path = ()
        for key in keys:
            path = (*path, key)
            count = self._aot_count.get(path)
            if count is not None:
                path = (*path, count - 1)
            else:
                self.lines.setdefault(path, self._line(self._pos))
        return path

    def _keys(self) -> list[str]:
        keys = []
        while True:
            self._skip_space(newlines=False)
            keys.append(self._simple_key())
            self._skip_space(newlines=False)
            if self._peek() != ".":
                return keys
            self._pos += 1

    def _simple_key(self) -> str:
        text, start = self._text, self._pos
        if text[start] in "\"'":
            end = self._pos = self._skip_string()
            # a quoted key is a TOML string: let tomllib undo the escapes
            return str(tomllib.loads("k = " + text[start:end])["k"])
        while self._pos < len(text) and text[self._pos] in _BARE_KEY_CHARS:
            self._pos += 1
        return text[start : self._pos]

    def _key_value(self, table: Path) -> None:
        start = self._pos
        keys = self._keys()
        path = table
        for key in keys:
            path = (*path, key)
            self._record(path, start)
        self._pos += 1  # "="
        self._value(path)

    def _value(self, path: Path) -> None:
        self._skip_space(newlines=False)
        ch = self._peek()
        if ch in "\"'":
            self._pos = self._skip_string()
        elif ch == "[":
            self._array(path)
        elif ch == "{":
            self._inline_table(path)
        else:
            text, n = self._text, len(self._text)
            while self._pos < n and text[self._pos] not in _SCALAR_END:
                self._pos += 1

    def _array(self, path: Path) -> None:
        self._pos += 1
        index = 0
        while True:
            self._skip_space(newlines=True)
            if self._peek() == "]":
                self._pos += 1
                return
            if self._peek() == ",":
                self._pos += 1
                continue
            self._record((*path, index), self._pos)
            self._value((*path, index))
            index += 1

    def _inline_table(self, path: Path) -> None:
        self._pos += 1
        while True:
            self._skip_space(newlines=True)
            if self._peek() == "}":
                self._pos += 1
                return
            if self._peek() == ",":
                self._pos += 1
                continue
            self._key_value(path)

    def _skip_string(self) -> int:
        """The position just after the string starting at the current position."""
        text, pos = self._text, self._pos
        quote = text[pos]
        if text.startswith(quote * 3, pos):
            i = pos + 3
            while True:
                if quote == '"' and text[i] == "\\":
                    i += 2
                    continue
                if text.startswith(quote * 3, i):
                    # up to two quotes may end the content just before the closing three
                    end = i + 3
                    while end < len(text) and text[end] == quote and end - i < 5:
                        end += 1
                    return end
                i += 1
        i = pos + 1
        while text[i] != quote:
            i += 2 if (quote == '"' and text[i] == "\\") else 1
        return i + 1
