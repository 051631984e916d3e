"""The session: one person with one vault — unlock, lock, permissions, settings, audit, forms."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake_app import paths
from intake_app.domain import permissions
from intake_app.domain.errors import (
    PassphraseRejected,
    VaultLocked,
    WrongPassphrase,
)
from intake_app.domain.records import (
    AuditEntry,
    Person,
)
from intake_app.session.cases import DEFAULT_FORM_ID, Cases
from intake_app.session.clinic import ClinicNetwork
from intake_app.session.documents import Documents
from intake_app.session.packets import Packets
from intake_app.session.people import People
from intake_app.session.throttle import UnlockThrottle
from intake_app.session.transfer import Transfer

if TYPE_CHECKING:
    from intake_app.forms.model import Form
    from intake_app.store import KdfParams

log = logging.getLogger("intake_app.session")

INSECURE_TEST_KDF_ENV = "AMPARO_INSECURE_TEST_KDF"


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


class Session:
    """One person's session with one vault: unlocking it and who may do what, here; the work
    itself in capability services, each handed this session as its context (git-cola's
    explicit context): `cases`, `documents`, `people`, `packets`, `transfer`."""

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
        self._throttle = UnlockThrottle(sleep, clock, record=paths.tries_path(self.vault_path))
        self._forms_dir = forms_dir or paths.forms_dir()
        self._forms: dict[str, Form] | None = None
        self._vault = None
        self.cases = Cases(self)
        self.documents = Documents(self)
        self.people = People(self)
        self.packets = Packets(self)
        self.transfer = Transfer(self)
        self.clinic = ClinicNetwork(self)

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
        return self.vault().person

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
            self.vault_path, display_name, role, passphrase, self.kdf(), title
        )
        log.info("vault created")
        return self._vault.person

    def kdf(self) -> KdfParams:
        """The key-derivation parameters for new passphrases (key slots, bundles)."""
        return self._kdf or kdf_from_environment()

    # --- who may do what (domain/permissions.py is the one table) ---------------------------

    def can(self, action: str) -> bool:
        """True when the signed-in person's role allows the action (False while locked)."""
        return self.is_unlocked and permissions.allowed(self.person.role, action)

    def require(self, action: str) -> None:
        """Raise NotPermitted unless the signed-in person may perform the action."""
        permissions.require(self.person.role, action)

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
        self.cases.forget()

    def change_passphrase(self, old: str, new: str) -> None:
        from intake_app.domain.passphrase import check_passphrase

        check = check_passphrase(new, context=(self.person.display_name,))
        if not check.acceptable:
            raise PassphraseRejected(",".join(check.problems))
        # The current passphrase is tried like an unlock: wrong guesses slow down the same way.
        self._throttle.wait()
        try:
            self.vault().change_passphrase(old, new)
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
        return self.vault().integrity_problems()

    def vault(self):
        """The open vault, for this package's services (VaultLocked when locked). The window
        and the CLI never call it: they ask the services."""
        if self._vault is None:
            raise VaultLocked()
        return self._vault

    def check_target(self, out: Path | str) -> Path:
        """Where a backup or bundle may go: never over this vault or its own files, never a
        folder or a pipe (domain/outputs.py); they then write and rename in place themselves."""
        from intake_app.domain.outputs import check_target, vault_files

        return check_target(Path(out), vault_files(Path(self.vault_path)))

    # --- audit and settings ----------------------------------------------------------------

    def audit_log(self, case_id: str | None = None, limit: int = 1000) -> list[AuditEntry]:
        """Who did what, when, to which case (never a value); for admins."""
        self.require(permissions.VIEW_AUDIT_LOG)
        return self.vault().audit_entries(case_id, limit)

    def audit_problems(self) -> list[int]:
        """Audit entries whose hash chain breaks (edited, or one before them removed)."""
        self.require(permissions.VIEW_AUDIT_LOG)
        return self.vault().audit_problems()

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self.vault().get_setting(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        if key.startswith("clinic."):
            self.require(permissions.EDIT_CLINIC_PROFILE)
        if key.startswith(("backup.", "retention.")):
            self.require(permissions.MANAGE_SETTINGS)
        self.vault().set_setting(key, value)
