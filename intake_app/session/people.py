"""People of the vault: who works in it, with which role; admins add and remove them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from intake_app.domain import permissions
from intake_app.domain.errors import PassphraseRejected
from intake_app.domain.passphrase import check_passphrase
from intake_app.domain.records import Person

if TYPE_CHECKING:
    from intake_app.session.core import Session


class People:
    """The vault's people (`session.people`): each with a passphrase of their own."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def list(self, include_removed: bool = False) -> list[Person]:
        """Everyone who can sign in (and, on request, those removed, kept for the audit log)."""
        self._session.require(permissions.MANAGE_PEOPLE)
        return self._session.vault().people(include_removed=include_removed)

    def add(self, display_name: str, role: str, passphrase: str, title: str = "") -> Person:
        """A new person with their own passphrase (their own key slot); needs an admin."""
        self._session.require(permissions.MANAGE_PEOPLE)
        name = display_name.strip()
        if not name:
            raise ValueError("a display name is required")
        check = check_passphrase(passphrase, context=(name,))
        if not check.acceptable:
            raise PassphraseRejected(",".join(check.problems))
        return self._session.vault().add_person(name, role, passphrase, self._session.kdf(), title)

    def remove(self, person_id: str) -> None:
        """Drop the person's key slot and re-encrypt the vault under a new key; needs an admin.

        Afterwards the removed passphrase opens nothing, not even a copy of the old key file.
        """
        self._session.require(permissions.MANAGE_PEOPLE)
        self._session.vault().remove_person(person_id)
