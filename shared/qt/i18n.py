"""Qt translations: Chinese is the source language, English comes from compiled .qm files.

Each app keeps its strings in `assets/i18n/<app>_en.ts` (made with `pyside6-lupdate`,
compiled with `pyside6-lrelease` by `make i18n`); the .qm files are committed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parents[2] / "assets" / "i18n"
LANGUAGES = ("zh", "en")


def install_translators(
    app: QCoreApplication, lang: str, apps: tuple[str, ...]
) -> list[QTranslator]:
    """Load `<app>_<lang>.qm` for each of `apps` (and `shared_<lang>.qm`); zh needs none.

    Returns the translators so the caller keeps them alive (Qt does not own them).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    QLocale.setDefault(
        QLocale(QLocale.Language.Chinese if lang == "zh" else QLocale.Language.English)
    )
    loaded: list[QTranslator] = []
    if lang == "zh":
        return loaded
    for name in ("shared", *apps):
        qm = I18N_DIR / f"{name}_{lang}.qm"
        if not qm.exists():
            continue
        translator = QTranslator(app)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            loaded.append(translator)
        else:
            log.warning("could not load translation %s", qm)
    return loaded


def switch_language(
    app: QCoreApplication, lang: str, apps: tuple[str, ...], current: list[QTranslator]
) -> list[QTranslator]:
    """Remove the installed translators and install those of `lang` (a one-tap switch)."""
    for translator in current:
        app.removeTranslator(translator)
    return install_translators(app, lang, apps)
