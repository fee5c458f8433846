"""The configuration errors: one base, and the hall file's error with every issue found."""

from __future__ import annotations

from dataclasses import dataclass


class ConfigError(Exception):
    """Base of every configuration error."""


@dataclass(frozen=True)
class HallFileIssue:
    """One problem in a hall file: where it is and what was wrong."""

    file: str
    line: int  # 1-based; 0 when the file could not be read at all
    field: str  # dotted path such as "services[3].prefix" (indices 0-based)
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class HallFileError(ConfigError):
    """A hall file that cannot be used; `issues` holds every problem found."""

    def __init__(self, issues: list[HallFileIssue]) -> None:
        if not issues:
            raise ValueError("HallFileError needs at least one issue")
        self.issues = list(issues)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(issue) for issue in self.issues)
