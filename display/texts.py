"""The board's words: Chinese source text through Qt's translators, English beside it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTranslator

from shared.qt.i18n import I18N_DIR

CONTEXT = "Board"
NOW_CALLING = str(QT_TRANSLATE_NOOP("Board", "正在呼叫"))
RECALL = str(QT_TRANSLATE_NOOP("Board", "重呼"))
RECENT = str(QT_TRANSLATE_NOOP("Board", "最近叫号"))
GO_TO = str(QT_TRANSLATE_NOOP("Board", "请到 {counter} 号窗口"))
COUNTER_N = str(QT_TRANSLATE_NOOP("Board", "{counter}号窗口"))
WAITING = str(QT_TRANSLATE_NOOP("Board", "等候人数"))
PEOPLE = str(QT_TRANSLATE_NOOP("Board", "{n}人"))
PAUSED = str(QT_TRANSLATE_NOOP("Board", "暂停服务"))
CLOSED = str(QT_TRANSLATE_NOOP("Board", "未开放"))
IDLE = str(QT_TRANSLATE_NOOP("Board", "等待叫号"))
NO_CALLS = str(QT_TRANSLATE_NOOP("Board", "暂无叫号"))
OFFLINE = str(QT_TRANSLATE_NOOP("Board", "连接中断"))
NOT_TAKING = str(QT_TRANSLATE_NOOP("Board", "暂停取号"))
EST = str(QT_TRANSLATE_NOOP("Board", "约{n}分钟"))
EST_RANGE = str(QT_TRANSLATE_NOOP("Board", "约{low}–{high}分钟"))
CLOSES_FIRST = str(QT_TRANSLATE_NOOP("Board", "可能超出今日办理时间"))
DATE_FORMAT = str(QT_TRANSLATE_NOOP("Board", "yyyy年M月d日 dddd"))


class BoardTexts:
    """Chinese first; with `lang="zh"` the English of each label is offered to show beside it."""

    def __init__(self, lang: str, english: QTranslator | None = None) -> None:
        self.lang = lang
        self._english = english

    @classmethod
    def build(cls, lang: str, i18n_dir: Path = I18N_DIR) -> BoardTexts:
        """Texts for `lang`; the English .qm is loaded (not installed) for the second line."""
        english: QTranslator | None = None
        if lang == "zh":
            candidate = QTranslator()
            if candidate.load(str(i18n_dir / "display_en.qm")):
                english = candidate
        return cls(lang, english)

    def __call__(self, source: str, **values: object) -> str:
        """The label in the board's language."""
        return QCoreApplication.translate(CONTEXT, source).format(**values)

    def english(self, source: str, **values: object) -> str:
        """The label's English to show beside the Chinese; "" when the board is in English."""
        if self._english is None:
            return ""
        text = self._english.translate(CONTEXT, source)
        return text.format(**values) if text else ""
