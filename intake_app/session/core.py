"""The session's core: vault lifecycle, cases, answers, case files, audit and settings."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake_app import paths
from intake_app.case_file import CaseFile, read_case_file
from intake_app.domain import permissions
from intake_app.domain.errors import (
    CaseFileError,
    PassphraseRejected,
    VaultLocked,
    WrongPassphrase,
)
from intake_app.domain.records import (
    CASE_STATUSES,
    INTERVIEW_LANGUAGES,
    AuditEntry,
    CaseRow,
    Person,
)
from intake_app.session.summary import SUMMARY_FIELDS, CaseSummary, case_summary
from intake_app.session.throttle import UnlockThrottle

if TYPE_CHECKING:
    from intake_app.analysis import Analysis
    from intake_app.forms.model import Form
    from intake_app.store import KdfParams

log = logging.getLogger("intake_app.session")

DEFAULT_FORM_ID = "humanitarian_release"
INSECURE_TEST_KDF_ENV = "AMPARO_INSECURE_TEST_KDF"
CLINIC_PROFILE_KEY = "clinic.profile"
_CASE_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def _store():
    # The vault's crypto libraries load after the first window is on screen (start-up time).
    from intake_app import store

    return store


def _engine():
    # The questionnaire engine (and its YAML parser) loads when a case is first touched, so the
    # unlock window appears without waiting for it.
    from intake_app.forms import engine

    return engine


def kdf_from_environment() -> KdfParams:
    """The shipped KDF, unless the test-suite explicitly asks for its cheap parameters."""
    if os.environ.get(INSECURE_TEST_KDF_ENV) == "1":
        return _store().insecure_test_kdf()
    return _store().DEFAULT_KDF


class SessionCore:
    """One person's session with one vault: unlock, cases, answers, audit, settings."""

    def __init__(
        self,
        vault_path: Path | str | None = None,
        *,
        kdf: KdfParams | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        forms_dir: Path | None = None,
    ) -> None:
        self.vault_path = paths.default_vault_path(vault_path)
        self._kdf = kdf  # resolved when a vault is created: reading it needs the store
        self._throttle = UnlockThrottle(sleep, clock)
        self._forms_dir = forms_dir or paths.forms_dir()
        self._forms: dict[str, Form] | None = None
        self._vault = None
        # The open case's answers, so progress can be recomputed without a read per save.
        self._answers_cache: dict[str, dict[str, Any]] = {}

    @staticmethod
    def preload() -> None:
        """Import the vault and questionnaire code ahead of need (the GUI calls this once the
        first window is painted, so unlocking and opening a case do not wait for imports)."""
        _store()
        _engine()

    # --- forms -----------------------------------------------------------------------------

    def forms(self) -> dict[str, Form]:
        if self._forms is None:
            from intake_app.forms.loader import load_forms

            self._forms = load_forms(self._forms_dir)
        return self._forms

    def form(self, form_id: str = DEFAULT_FORM_ID) -> Form:
        return self.forms()[form_id]

    # --- vault lifecycle -------------------------------------------------------------------

    def vault_exists(self) -> bool:
        return self.vault_path.is_file() or paths.keyslot_path(self.vault_path).is_file()

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None

    @property
    def person(self) -> Person:
        return self._require().person

    def create_vault(
        self, display_name: str, role: str, passphrase: str, title: str = ""
    ) -> Person:
        from intake_app.domain.passphrase import check_passphrase

        check = check_passphrase(passphrase, context=(display_name,))
        if not check.acceptable:
            raise PassphraseRejected(",".join(check.problems))
        if not display_name.strip():
            raise ValueError("a display name is required")
        self.lock()
        self._vault = _store().Vault.create(
            self.vault_path, display_name, role, passphrase, self._vault_kdf(), title
        )
        log.info("vault created")
        return self._vault.person

    def _vault_kdf(self) -> KdfParams:
        return self._kdf or kdf_from_environment()

    # --- who may do what (domain/permissions.py is the one table) ---------------------------

    def can(self, action: str) -> bool:
        """True when the signed-in person's role allows the action (False while locked)."""
        return self.is_unlocked and permissions.allowed(self.person.role, action)

    def require(self, action: str) -> None:
        """Raise NotPermitted unless the signed-in person may perform the action."""
        permissions.require(self.person.role, action)

    _require_permission = require

    def unlock(self, passphrase: str) -> Person:
        self.lock()
        self._throttle.wait()
        try:
            self._vault = _store().Vault.open(self.vault_path, passphrase)
        except WrongPassphrase:
            self._throttle.failed()
            log.info("unlock refused: wrong passphrase (failure %d)", self._throttle.failures)
            raise
        self._throttle.succeeded()
        log.info("vault unlocked")
        return self._vault.person

    def unlock_wait_seconds(self) -> float:
        """How long before another passphrase may be tried (0 when it may be tried now)."""
        return self._throttle.remaining()

    def lock(self) -> None:
        if self._vault is not None:
            self._vault.close()
            self._vault = None
            log.info("vault locked")
        self._answers_cache.clear()

    def change_passphrase(self, old: str, new: str) -> None:
        from intake_app.domain.passphrase import check_passphrase

        check = check_passphrase(new, context=(self.person.display_name,))
        if not check.acceptable:
            raise PassphraseRejected(",".join(check.problems))
        # The current passphrase is tried like an unlock: wrong guesses slow down the same way.
        self._throttle.wait()
        try:
            self._require().change_passphrase(old, new)
        except WrongPassphrase:
            self._throttle.failed()
            raise
        self._throttle.succeeded()

    def write_output(self, target: Path | str, content) -> Path:
        """Write an output safely (domain/outputs.py): never over this vault or its own files,
        never half a file, the target untouched on failure. `content` is bytes, or a function
        that writes to a binary stream (a packet bound page by page)."""
        from intake_app.domain.outputs import vault_files, write_output

        return write_output(target, content, protected=vault_files(Path(self.vault_path)))

    def integrity_problems(self) -> list[str]:
        """SQLite's and SQLCipher's own checks of the whole vault: empty when it is sound."""
        return self._require().integrity_problems()

    def _require(self):
        if self._vault is None:
            raise VaultLocked()
        return self._vault

    # --- cases -----------------------------------------------------------------------------

    def create_case(self, interview_language: str = "es", form_id: str = DEFAULT_FORM_ID) -> str:
        vault = self._require()
        self._require_permission(permissions.INTERVIEW)
        _check_language(interview_language)
        form = self.form(form_id)
        case_id = self._new_case_id()
        prog = _engine().progress(form, {})
        vault.create_case(
            case_id, interview_language, form.id, form.version, (prog.answered, prog.required)
        )
        return case_id

    def _new_case_id(self) -> str:
        import secrets  # hashlib and hmac load here, not on the unlock screen

        vault = self._require()
        while True:
            case_id = "C-" + "".join(secrets.choice(_CASE_ID_ALPHABET) for _ in range(6))
            if not vault.case_exists(case_id):
                return case_id

    def list_cases(self) -> list[CaseSummary]:
        rows = self._require().list_cases(SUMMARY_FIELDS)
        return [case_summary(row) for row in rows]

    def case(self, case_id: str) -> CaseRow:
        return self._require().get_case(case_id)

    def answers(self, case_id: str) -> dict[str, Any]:
        if case_id not in self._answers_cache:
            self._answers_cache[case_id] = self._require().answers(case_id)
        return dict(self._answers_cache[case_id])

    def open_case(self, case_id: str) -> dict[str, Any]:
        answers = self.answers(case_id)
        self._require().audit("case_opened", case_id)
        return answers

    def save_answer(self, case_id: str, question_id: str, value: Any) -> None:
        """Persist one answer (None clears it); returns once it is committed to disk."""
        vault = self._require()
        row = vault.get_case(case_id)
        form = self.form(row.form_id)
        form.question(question_id)  # raises KeyError for an id the form does not have
        answers = self.answers(case_id)
        if value is None or value == "" or value == []:
            answers.pop(question_id, None)
            value = None
        else:
            answers[question_id] = value
        prog = _engine().progress(form, answers)
        vault.save_answer(case_id, question_id, value, (prog.answered, prog.required))
        self._answers_cache[case_id] = answers

    def visible_answers(self, case_id: str) -> dict[str, Any]:
        form = self.form(self.case(case_id).form_id)
        return _engine().visible_answers(form, self.answers(case_id))

    def analysis(self, case_id: str, today: dt.date | None = None) -> Analysis:
        """Factors, findings, red flags, legal bases and missing evidence for one case."""
        # Imported here: the rules load only when a case is analysed, not at start-up.
        from intake_app.analysis import analyze

        return analyze(self.visible_answers(case_id), today=today)

    def set_status(self, case_id: str, status: str) -> None:
        """Move a case along: intake → attorney_review → ready → submitted → decided. A case
        submitted or decided is closed, and the retention purge counts from its last change."""
        self._require_permission(permissions.INTERVIEW)
        if status not in CASE_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        self._require().set_case_fields(case_id, status=status)

    def set_interview_language(self, case_id: str, language: str) -> None:
        _check_language(language)
        self._require().set_case_fields(case_id, interview_language=language)

    def delete_case(self, case_id: str) -> None:
        """Erase a case: its rows go (documents with them), and secure_delete zeroes the freed
        pages, which a checkpoint then writes over the old ones in the vault file."""
        vault = self._require()
        self._require_permission(permissions.INTERVIEW)
        # Its packet state (counsel's review, choices and edited paragraphs) goes with it, in the
        # same transaction (ON DELETE CASCADE).
        vault.delete_case(case_id)
        vault.checkpoint()
        self._answers_cache.pop(case_id, None)

    # --- import / export -------------------------------------------------------------------

    def import_case_file(self, path: Path) -> str:
        """Import a case JSON file whole, or raise CaseFileError and import nothing."""
        vault = self._require()
        self._require_permission(permissions.INTERVIEW)
        case_file = read_case_file(path)
        form = self.forms().get(case_file.form_id)
        if form is None:
            raise CaseFileError(f"{path}: unknown form {case_file.form_id!r}")
        if case_file.form_version != form.version:
            raise CaseFileError(
                f"{path}: form version {case_file.form_version} does not match "
                f"{form.id} version {form.version}"
            )
        # What people type ("20-845-612", "Illinois", a local phone number) goes through the
        # window's normalisation; a value it cannot read refuses the whole file.
        answers, problems = _engine().normalize_case_answers(form, case_file.answers)
        if problems:
            raise CaseFileError(f"{path}: " + "; ".join(problems[:10]))
        case_id = self._new_case_id()
        prog = _engine().progress(form, answers)
        vault.import_case(
            case_id,
            case_file.interview_language,
            form.id,
            form.version,
            answers,
            (prog.answered, prog.required),
        )
        return case_id

    def answer_issues(self, case_id: str, today: dt.date | None = None) -> list:
        """What still needs checking in a case's visible answers: required answers missing and
        values out of range (an arrest dated in the future), as the engine's Issues."""
        row = self.case(case_id)
        return _engine().validate(self.form(row.form_id), self.answers(case_id), today)

    def export_case_file(self, case_id: str, out: Path) -> None:
        """Write a case as plaintext JSON. Callers must warn: this file is not encrypted.
        Moving a case out of the vault is counsel's call, as for an encrypted bundle."""
        self._require_permission(permissions.TRANSFER_CASE)
        row = self.case(case_id)
        case_file = CaseFile(
            row.form_id, row.form_version, row.interview_language, self.answers(case_id)
        )
        data = case_file.to_json().encode("utf-8")
        self.write_output(out, data)
        self._require().audit("case_exported_plaintext", case_id)

    # --- audit and settings ----------------------------------------------------------------

    def audit_log(self, case_id: str | None = None, limit: int = 1000) -> list[AuditEntry]:
        """Who did what, when, to which case (never a value); for admins."""
        self._require_permission(permissions.VIEW_AUDIT_LOG)
        return self._require().audit_entries(case_id, limit)

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self._require().get_setting(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        if key.startswith("clinic."):
            self._require_permission(permissions.EDIT_CLINIC_PROFILE)
        if key.startswith(("backup.", "retention.")):
            self._require_permission(permissions.MANAGE_SETTINGS)
        self._require().set_setting(key, value)


def _check_language(language: str) -> None:
    if language not in INTERVIEW_LANGUAGES:
        raise ValueError(f"unsupported interview language {language!r}")
