"""The kiosk's wait line: one figure, a range, closing first, in Chinese and English."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.views.texts import Texts
from shared.qt.i18n import I18N_DIR


def test_wait_words_in_chinese(qapp) -> None:  # type: ignore[no-untyped-def]
    texts = Texts()
    assert texts.est(12) == "预计等待约 12 分钟"
    assert texts.est(12, 10, 15) == "预计等待约 10–15 分钟"
    closing = texts.est(12, 10, 15, closes_first=True)
    assert closing.endswith("今日办理时间可能先结束，请咨询工作人员")
    assert texts.waiting(3, 12, 10, 15) == "等待 3 人 · 约 10–15 分钟"
    assert texts.waiting(3, 12, 12, 12) == "等待 3 人 · 约 12 分钟"


def test_wait_words_in_english(qapp) -> None:  # type: ignore[no-untyped-def]
    english = QTranslator()
    assert english.load(str(I18N_DIR / "kiosk_en.qm"))
    QCoreApplication.installTranslator(english)
    try:
        texts = Texts()
        assert texts.est(12, 10, 15) == "Estimated wait: about 10–15 minutes"
        assert texts.waiting(3, 12, 10, 15).endswith("about 10–15 min")
    finally:
        QCoreApplication.removeTranslator(english)
