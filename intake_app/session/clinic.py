"""The clinic network (`session.clinic`): join, admit, share a case, and sync a shared folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake_app.domain import permissions
from intake_app.domain.errors import NotPermitted

if TYPE_CHECKING:
    from intake_app.session.core import Session
    from intake_app.store.clinic import ImportReport, Member


FOLDER_KEY = "network.folder"
LAST_SYNC_KEY = "network.last_sync"


class ClinicNetwork:
    """This vault's place in a clinic whose laptops share cases through one folder (which
    Syncthing carries between them); everything written there is encrypted and signed."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def folder(self) -> Path | None:
        """The clinic folder this laptop shares (kept inside the vault, never in QSettings)."""
        value = self._session.get_setting(FOLDER_KEY)
        return Path(value) if isinstance(value, str) and value else None

    def set_folder(self, folder: Path | str) -> None:
        self._session.require(permissions.MANAGE_PEOPLE)
        self._session.set_setting(FOLDER_KEY, str(Path(folder)))

    def last_sync(self) -> dict[str, Any] | None:
        """When this laptop last synced and what came of it (counts only)."""
        value = self._session.get_setting(LAST_SYNC_KEY)
        return value if isinstance(value, dict) else None

    def _clinic(self):
        return self._session.vault().clinic

    @property
    def clinic_id(self) -> str | None:
        return self._clinic().clinic_id

    def fingerprint(self) -> str:
        """This laptop's key, read aloud to the admin who admits it."""
        return self._clinic().my_fingerprint()

    def members(self) -> list[Member]:
        return self._clinic().members()

    def create(self, folder: Path | str, name: str) -> str:
        """Found a clinic with this laptop as its first admin device; returns the clinic id."""
        self._session.require(permissions.MANAGE_PEOPLE)
        clinic_id = self._clinic().create(Path(folder), name.strip())
        self._session.vault().audit("clinic_created")
        return clinic_id

    def request_to_join(self, folder: Path | str, clinic_id: str, name: str) -> str:
        self._session.require(permissions.MANAGE_PEOPLE)
        return self._clinic().request_to_join(Path(folder), clinic_id.strip().lower(), name)

    def requests(self, folder: Path | str) -> list[Member]:
        return self._clinic().requests(Path(folder))

    def admit(self, folder: Path | str, member_id: str, role: str) -> Member:
        self._session.require(permissions.MANAGE_PEOPLE)
        member = self._clinic().admit(Path(folder), member_id, role)
        self._session.vault().audit("clinic_member_admitted", detail=member.id)
        return member

    def remove(self, folder: Path | str, member_id: str) -> None:
        self._session.require(permissions.MANAGE_PEOPLE)
        self._clinic().remove(Path(folder), member_id)
        self._session.vault().audit("clinic_member_removed", detail=member_id)

    def is_shared(self, case_id: str) -> bool:
        return self._clinic().token(case_id) is not None

    def share(self, folder: Path | str, case_id: str) -> None:
        """Share a case with the clinic: from now on every change to it is published."""
        self._session.require(permissions.INTERVIEW)
        row = self._session.cases.get(case_id)
        fields = {
            "form_id": row.form_id,
            "form_version": row.form_version,
            "interview_language": row.interview_language,
            "status": row.status,
        }
        self._clinic().share(Path(folder), case_id, self._session.cases.answers(case_id), fields)
        self._session.vault().audit("case_shared", case_id)

    def sync(self, folder: Path | str) -> tuple[ImportReport, list[Path]]:
        """Take in what the others wrote, then publish this laptop's own changes. Returns what
        was imported and the files written (for a scan of exactly those paths)."""
        folder = Path(folder)
        clinic = self._clinic()
        report = clinic.import_changes(folder, self._session.cases.new_id)
        for case_id in report.touched:
            self._session.cases.forget(case_id)
            self._session.cases.refresh_progress(case_id)
        written = clinic.publish_changes(folder)
        import datetime as dt

        self._session.set_setting(
            LAST_SYNC_KEY,
            {
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "applied": report.applied,
                "published": len(written),
                "refused": len(report.refused),
                "waiting": report.waiting,
            },
        )
        return report, written

    def conflicts(self, case_id: str) -> list[tuple[str, str, Any]]:
        return self._clinic().conflicts(case_id)

    def resolve(self, case_id: str, question_id: str, value: Any) -> None:
        """Counsel keeps one value for an answer two people changed at once."""
        self._session.require(permissions.REVIEW_PACKET)
        if self._clinic().my_role() not in ("attorney", "admin"):
            # The others would refuse a resolution from a volunteer's device: refuse it here.
            raise NotPermitted(permissions.REVIEW_PACKET)
        self._clinic().resolve(case_id, question_id, value)
        self._session.cases.forget(case_id)
        self._session.cases.refresh_progress(case_id)
