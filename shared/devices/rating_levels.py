"""The five rating levels of 好差评 (GB/T 39734-2020), worded exactly, in one place."""

from __future__ import annotations

from enum import IntEnum

# A case left unrated is recorded as this, never as a level (DOMAIN.md).
NOT_RATED_LABEL = "未评价"
NOT_RATED_LABEL_EN = "Not rated"

_LABELS: dict[int, tuple[str, str]] = {
    1: ("非常满意", "Very satisfied"),
    2: ("满意", "Satisfied"),
    3: ("基本满意", "Basically satisfied"),
    4: ("不满意", "Dissatisfied"),
    5: ("非常不满意", "Very dissatisfied"),
}


class RatingLevel(IntEnum):
    """A rating level; the value is what the rating pad sends and the store keeps."""

    VERY_SATISFIED = 1
    SATISFIED = 2
    BASICALLY_SATISFIED = 3
    DISSATISFIED = 4
    VERY_DISSATISFIED = 5

    @property
    def label(self) -> str:
        """The national wording in Chinese, e.g. 基本满意."""
        return _LABELS[self.value][0]

    @property
    def label_en(self) -> str:
        """The English wording."""
        return _LABELS[self.value][1]

    @property
    def counts_as_satisfied(self) -> bool:
        """Whether the level counts toward the satisfaction rate (基本满意 or better)."""
        return self <= RatingLevel.BASICALLY_SATISFIED

    @property
    def is_bad(self) -> bool:
        """Whether the rating is a bad one that must be followed up (不满意, 非常不满意)."""
        return self >= RatingLevel.DISSATISFIED

    @classmethod
    def from_label(cls, label: str) -> RatingLevel:
        """The level worded `label` (Chinese or English); ValueError names the label."""
        for value, (zh, en) in _LABELS.items():
            if label in (zh, en):
                return cls(value)
        raise ValueError(f"unknown rating label {label!r}; expected one of {rating_labels()}")


def rating_labels() -> list[str]:
    """The five Chinese labels in level order (1 非常满意 … 5 非常不满意)."""
    return [_LABELS[value][0] for value in sorted(_LABELS)]
