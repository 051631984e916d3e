"""Data leaving and coming back: backups and restores, one-case bundles, purging closed cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake_app.domain import permissions
from intake_app.domain.errors import BundleDamaged, VaultDamaged, VaultError
from intake_app.domain.passphrase import normalize_one_time, one_time_passphrase

if TYPE_CHECKING:
    from intake_app.session.core import Session
    from intake_app.store.backup import BackupReport
    from intake_app.store.bundle_model import BundleReport

BACKUP_LAST_KEY = "backup.last"  # {"at": ISO time, "size": bytes}: never a path (it may name)
BACKUP_REMINDER_KEY = "backup.reminder_days"
RETENTION_KEY = "retention.closed_case_days"
DEFAULT_BACKUP_REMINDER_DAYS = 7
DEFAULT_RETENTION_DAYS = 365
CLOSED_STATUSES = ("submitted", "decided")


def _utc(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)


class Transfer:
    """Data leaving and coming back (`session.transfer`): backups, bundles, retention."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # --- backup and restore --------------------------------------------------------------------

    def backup(
        self, out: Path | str, progress: Callable[[int, int], None] | None = None
    ) -> BackupReport:
        """Back up the whole vault to one encrypted file (a USB stick, say); admins only.

        `progress(done, total)` is called as pages are copied and written. The file at `out` is
        replaced only once the new backup has been written and verified.
        """
        from intake_app.store import backup

        self._session.require(permissions.BACKUP)
        vault = self._session.vault()
        report = backup.back_up(vault, self._session.check_target(out), progress)
        when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        vault.set_setting(BACKUP_LAST_KEY, {"at": when, "size": report.size})
        vault.audit("backup_made")
        return report

    def last_backup_at(self) -> dt.datetime | None:
        last = self._session.vault().get_setting(BACKUP_LAST_KEY) or {}
        try:
            return dt.datetime.fromisoformat(last["at"])
        except (KeyError, TypeError, ValueError):
            return None

    def backup_reminder_days(self) -> int:
        value = self._session.vault().get_setting(BACKUP_REMINDER_KEY, DEFAULT_BACKUP_REMINDER_DAYS)
        return value if isinstance(value, int) and value > 0 else DEFAULT_BACKUP_REMINDER_DAYS

    def set_backup_reminder_days(self, days: int) -> None:
        self._session.require(permissions.MANAGE_SETTINGS)
        if not 1 <= int(days) <= 365:
            raise ValueError("the reminder must be between 1 and 365 days")
        self._session.vault().set_setting(BACKUP_REMINDER_KEY, int(days))

    def backup_overdue(self, now: dt.datetime | None = None) -> bool:
        """True when someone who can back up should be reminded to (none yet, or too old)."""
        if not self._session.can(permissions.BACKUP):
            return False
        last = self.last_backup_at()
        if last is None:
            return self._session.vault().case_count() > 0
        return _utc(now) - last > dt.timedelta(days=self.backup_reminder_days())

    def restore_backup(
        self, backup_file: Path | str, to: Path | str, passphrase: str
    ) -> dict[str, tuple[int, str]]:
        """Recreate a vault from a backup at a NEW location (an existing vault is never touched),
        opened by the same passphrases; then this session works with it, still locked.

        Returns each table's row count and digest as restored (equal to the backup's own).
        """
        from intake_app.store import backup

        self._session.lock()
        digests = backup.restore(Path(backup_file), Path(to), passphrase)
        self._session.vault_path = Path(to)
        return digests

    # --- moving one case -------------------------------------------------------------------------

    def export_bundle(
        self, case_id: str, out: Path | str, passphrase: str | None = None
    ) -> tuple[str, BundleReport]:
        """Write one case (answers, documents, packet choices, audit trail) to an encrypted
        bundle; returns (the one-time passphrase, to be shown once, and what was written)."""
        from intake_app.store import bundle

        self._session.require(permissions.TRANSFER_CASE)
        vault = self._session.vault()
        self._session.cases.get(case_id)
        words = passphrase if passphrase is not None else one_time_passphrase()
        key_text = normalize_one_time(words)
        if len(key_text) < 15:
            raise ValueError("a bundle passphrase needs at least 15 characters")
        # A bundle of damage would carry it to another vault: check first (cheap next to the
        # export, which reads every row of the case anyway).
        if vault.integrity_problems():
            raise VaultDamaged("integrity check failed before a bundle export")
        report = bundle.export_case(
            vault, case_id, self._session.check_target(out), key_text, self._session.kdf()
        )
        vault.audit("case_bundle_exported", case_id)
        return words, report

    def import_bundle(self, path: Path | str, passphrase: str) -> BundleReport:
        """Import a bundle's case whole (a new case number if this vault has its number), or
        raise BundleDamaged and import nothing."""
        from intake_app.store import bundle

        self._session.require(permissions.TRANSFER_CASE)
        vault = self._session.vault()
        report = bundle.import_case(
            vault,
            Path(path),
            normalize_one_time(passphrase),
            self._session.cases.new_id,
            self._accept_imported_case,
            self._check_imported_case,
        )
        self._session.cases.forget(report.case_id)
        return report

    def _check_imported_case(self, case_id: str) -> None:
        """A bundle comes from another laptop or another clinic: untrusted. Its answers pass
        the checks a case file's do and its documents those an attachment does, inside the
        import's transaction, so a refusal leaves the vault as it was."""
        from intake_app.evidence import DocumentError
        from intake_app.evidence.inspect import inspect_stream
        from intake_app.forms.engine import normalize_case_answers

        vault = self._session.vault()
        row = vault.get_case(case_id)
        form = self._session.form(row.form_id)
        try:
            answers = vault.answers(case_id)
        except (ValueError, TypeError, RecursionError) as exc:
            raise BundleDamaged("an answer in the bundle is not readable") from exc
        if not _encodable(answers):
            raise BundleDamaged("an answer in the bundle is not valid text")
        _normalized, problems = normalize_case_answers(form, answers)
        if problems:
            # Ids and codes only: the problems never quote a value.
            raise BundleDamaged("answers the questionnaire refuses: " + "; ".join(problems[:5]))
        limits = self._session.documents.limits()
        for doc in vault.documents(case_id):
            try:
                vault.check_document_chunks(doc.id)
                checked = inspect_stream(vault.open_document(doc.id), doc.size, limits)
            except (DocumentError, VaultError) as exc:
                raise BundleDamaged("a document in the bundle is incomplete or unsafe") from exc
            if (checked.sha256, checked.size, checked.kind) != (doc.sha256, doc.size, doc.kind):
                raise BundleDamaged("a document in the bundle is not what it says it is")

    def _accept_imported_case(self, row: dict[str, Any]) -> None:
        form = self._session.forms().get(row.get("form_id"))
        if form is None or row.get("form_version") != form.version:
            raise BundleDamaged("the bundle's case uses a questionnaire this app does not have")

    # --- retention -------------------------------------------------------------------------------

    def retention_days(self) -> int:
        value = self._session.vault().get_setting(RETENTION_KEY, DEFAULT_RETENTION_DAYS)
        return value if isinstance(value, int) and value > 0 else DEFAULT_RETENTION_DAYS

    def set_retention_days(self, days: int) -> None:
        self._session.require(permissions.MANAGE_SETTINGS)
        if not 1 <= int(days) <= 36_500:
            raise ValueError("the retention period must be between 1 and 36,500 days")
        self._session.vault().set_setting(RETENTION_KEY, int(days))

    def closed_cases_past_retention(
        self, older_than_days: int | None = None, now: dt.datetime | None = None
    ) -> list[str]:
        """Submitted or decided cases untouched for longer than the period (default: setting)."""
        from intake_app.store import retention

        days = self.retention_days() if older_than_days is None else int(older_than_days)
        cutoff = _utc(now) - dt.timedelta(days=days)
        stamp = cutoff.isoformat(timespec="milliseconds")
        return retention.cases_closed_before(self._session.vault(), CLOSED_STATUSES, stamp)

    def purge_closed_cases(
        self, older_than_days: int | None = None, now: dt.datetime | None = None
    ) -> int:
        """Erase every closed case past the period; admins only. The audit log records how many
        (`cases_purged`), never who they were."""
        from intake_app.store import retention

        self._session.require(permissions.PURGE)
        case_ids = self.closed_cases_past_retention(older_than_days, now)
        count = retention.purge_cases(self._session.vault(), case_ids)
        for case_id in case_ids:
            self._session.cases.forget(case_id)
        return count


def _encodable(value: Any) -> bool:
    """No lone surrogate anywhere (text that cannot be written as UTF-8)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_encodable(k) and _encodable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_encodable(v) for v in value)
    return True
