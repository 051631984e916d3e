"""People of the vault: who works in it, with which role; admins add and remove them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from intake_app.domain import permissions
from intake_app.domain.errors import PassphraseRejected
from intake_app.domain.passphrase import check_passphrase
from intake_app.domain.records import Person
from intake_app.i18n import _

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

    def problems(self) -> list:
        """What in the signed membership does not hold, and people rows that differ from it
        (an insider's edit): each a `membership.Problem`; for admins."""
        self._session.require(permissions.MANAGE_PEOPLE)
        return self._session.vault().membership_problems()

    def describe_problems(self) -> list[str]:
        """The same, one translated sentence each, naming the person concerned."""
        vault = self._session.vault()
        names = {p.id: p.display_name for p in vault.table_people()}
        return [_problem_sentence(p, names) for p in self.problems()]


def _problem_sentence(problem, names: dict[str, str]) -> str:
    name = names.get(problem.person_id) or problem.person_id or _("someone")
    if problem.kind == "unsigned":
        return _(
            "{name} is listed among the vault's people, but no administrator signed them in: "
            "they have no role and get no key."
        ).format(name=name)
    if problem.kind == "altered":
        return _(
            "The role, name, key or removal listed for {name} differs from what an "
            "administrator signed: the signed values are the ones used."
        ).format(name=name)
    if problem.kind == "bad_entry":
        return _(
            "An entry of the signed list of members (for {name}) does not carry a valid "
            "administrator's signature: it was ignored."
        ).format(name=name)
    return _("Entry {number} of the signed list of members is missing.").format(number=problem.seq)
