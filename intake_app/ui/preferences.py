"""This computer's preferences (QSettings): languages and auto-lock; nothing about a client."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from intake_app import i18n

# QSettings is plaintext on disk: only preferences that identify nobody may go in it.
SETTING_UI_LANGUAGE = "ui/language"
SETTING_INTERVIEW_LANGUAGE = "ui/default_interview_language"
SETTING_AUTOLOCK_MINUTES = "security/autolock_minutes"


def preferences() -> QSettings:
    return QSettings("Amparo", "Amparo")


def saved_autolock_minutes() -> int:
    value = preferences().value(SETTING_AUTOLOCK_MINUTES, 5)
    try:
        return max(1, min(120, int(value)))
    except (TypeError, ValueError):
        return 5


def saved_ui_language() -> str | None:
    value = preferences().value(SETTING_UI_LANGUAGE)
    return value if value in i18n.SUPPORTED_LANGUAGES else None


def saved_interview_language() -> str:
    value = preferences().value(SETTING_INTERVIEW_LANGUAGE, "es")
    return value if value in i18n.SUPPORTED_LANGUAGES else "es"
