"""Typed errors that lower layers raise and the UI and CLI turn into friendly, translated words."""

from __future__ import annotations

from pathlib import Path


def N_(message: str) -> str:
    """Marks a message for extraction; the UI and CLI translate it with `_()` when shown."""
    return message


class AmparoError(Exception):
    """Base of every error a person may see; `user_message` is English, translated when shown."""

    user_message = N_("Something went wrong.")

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.user_message)
        self.detail = detail


class LocatedError(AmparoError):
    """A problem in a data file, shown as `path:line: message` so editors and CI link to it.
    Subclasses name the file kind in `user_message`; `line` is None when the whole file is at
    fault."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else f"{self.path}"
        super().__init__(f"{where}: {message}")

    def __str__(self) -> str:
        return self.detail

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and (self.path, self.line, self.message) == (
            other.path,
            other.line,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.message))


class VaultError(AmparoError):
    user_message = N_("The vault could not be opened.")


class WrongPassphrase(VaultError):
    user_message = N_(
        "Wrong passphrase, or the vault file is damaged. Check the passphrase and try again."
    )


class StrayLogMovedAside(VaultError):
    """A write-ahead log beside the vault that another vault wrote (a copied folder, a restored
    backup): it was moved aside unused, and the vault file was not touched."""

    user_message = N_(
        "A log file beside the vault did not belong to it. It was moved aside, unused, and the "
        "vault was not changed. Unlock again."
    )


class NotAMember(VaultError):
    """A key slot for someone the vault's signed membership does not list: no administrator
    added them, so their passphrase opens nothing."""

    user_message = N_(
        "This passphrase belongs to no one an administrator added to this vault, so it opens "
        "nothing. Ask an administrator of the vault."
    )


class MembershipMissing(VaultError):
    """The signed list of members is gone or unreadable: roles cannot be checked."""

    user_message = N_(
        "The vault's signed list of members is missing or damaged, so no one's role can be "
        "checked. Nothing was changed. Restore the vault from a backup (Administration › "
        "Restore from a backup…, or `intake restore`)."
    )


class VaultNotFound(VaultError):
    user_message = N_("There is no vault at that location.")


class NotAVault(VaultError):
    user_message = N_("That file is not an Amparo vault.")


class VaultDamaged(VaultError):
    # The key slot authenticates the passphrase first: this is damage, not a wrong guess.
    user_message = N_(
        "The vault file is damaged. Nothing was changed. Restore the vault from a backup "
        "(Administration › Restore from a backup…, or `intake restore`)."
    )


class VaultDiskFull(VaultError):
    """The disk under the vault is full: the change was not saved, and nothing is damaged."""

    user_message = N_(
        "The disk is full, so the last change was not saved. Nothing is damaged: free some "
        "space, then try again."
    )


class VaultReadOnly(VaultError):
    """The vault's disk or folder cannot be written (a locked stick, a read-only share)."""

    user_message = N_(
        "The vault's disk or folder cannot be written (a read-only drive, say), so the last "
        "change was not saved. Nothing is damaged."
    )


class VaultInUse(VaultError):
    user_message = N_("The vault is open in another window. Close it there first.")


class VaultExists(VaultError):
    user_message = N_("A vault already exists at that location; nothing was overwritten.")


class CipherUnavailable(VaultError):
    user_message = N_(
        "Encryption is not available in this installation, so Amparo will not run. "
        "Reinstall the application."
    )


class PlaintextVault(VaultError):
    user_message = N_("That file is an unencrypted database; Amparo refuses to use it.")


class VaultLocked(VaultError):
    user_message = N_("The vault is locked. Unlock it to continue.")


class PassphraseRejected(AmparoError):
    user_message = N_("That passphrase cannot be used.")


class CaseNotFound(AmparoError):
    user_message = N_("No case with that number was found.")


class NotPermitted(AmparoError):
    user_message = N_("Your role does not allow this action.")


class RoadClosed(AmparoError):
    """A road out of detention that does not fit the case's custody posture (a bond motion for
    a person with a final order)."""

    user_message = N_(
        "This document does not fit the case's custody posture. Check the custody answers, or "
        "choose another road."
    )


class UnknownRoad(AmparoError):
    """A road id no paragraph file defines."""

    user_message = N_("There is no road by that name. `intake roads CASE` lists them.")


class PointsOpen(AmparoError):
    """Counsel cannot vouch for a letter that still carries points only counsel can settle."""

    user_message = N_(
        "The letter still has points for counsel, marked in square brackets. Write those "
        "paragraphs, then mark the case reviewed."
    )


class CaseFileError(AmparoError):
    """A case JSON file that cannot be imported; the detail names the path and the reason."""

    user_message = N_("The case file could not be read; nothing was imported.")


class PersonNotFound(AmparoError):
    user_message = N_("That person is not in this vault.")


class LastAdministrator(AmparoError):
    user_message = N_(
        "This is the last administrator. Add another administrator before removing this one."
    )


class PeopleNotUpgraded(AmparoError):
    """Some key slots still hold the vault key itself (made by an older version): the vault
    key cannot be replaced for them without their passphrases."""

    user_message = N_(
        "Everyone must sign in once with this version of Amparo before a person can be "
        "removed. Nothing was changed."
    )


class BackupError(AmparoError):
    user_message = N_("The backup could not be made. The previous backup was not touched.")


class BackupDiskFull(BackupError):
    user_message = N_(
        "The backup could not be made: the disk is full. Free some space or choose another "
        "drive. The previous backup was not touched."
    )


class BackupDamaged(AmparoError):
    user_message = N_(
        "That backup file is damaged, incomplete, or not an Amparo backup. Nothing was restored."
    )


class BundleError(AmparoError):
    user_message = N_("The case bundle could not be written. Nothing was left behind.")


class BundleDamaged(AmparoError):
    user_message = N_(
        "Wrong bundle passphrase, or the bundle file is damaged or has been altered. "
        "Nothing was imported."
    )


class NotABundle(BundleDamaged):
    user_message = N_("That file is not an Amparo case bundle. Nothing was imported.")


class BundleTooNew(BundleDamaged):
    user_message = N_(
        "That bundle was made by a newer version of Amparo. Update Amparo, then import it again."
    )
