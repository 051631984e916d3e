"""Who may do what: the one table of roles and the actions each allows, used by the session."""

from __future__ import annotations

from intake_app.domain.errors import NotPermitted

# Every action a role can be allowed. The session checks these names; the UI asks `allowed()`
# to grey out what a person may not do (the session still refuses, whatever the UI shows).
INTERVIEW = "interview"  # create cases, answer, change status, delete a case
ATTACH = "attach_documents"
REVIEW_PACKET = "review_packet"  # choose legal bases, edit paragraphs, sign off
EXPORT_PACKET = "export_packet"  # write the final packet to a file, print it
EDIT_CLINIC_PROFILE = "edit_clinic_profile"
TRANSFER_CASE = "transfer_case"  # export or import a one-case bundle
MANAGE_PEOPLE = "manage_people"
MANAGE_SETTINGS = "manage_settings"  # retention period, backup reminder
BACKUP = "backup"  # back up the vault, and see when it was last backed up
PURGE = "purge_cases"
VIEW_AUDIT_LOG = "view_audit_log"

_VOLUNTEER = frozenset({INTERVIEW, ATTACH})
_COUNSEL = _VOLUNTEER | {REVIEW_PACKET, EXPORT_PACKET, EDIT_CLINIC_PROFILE, TRANSFER_CASE}
_ADMIN = _COUNSEL | {MANAGE_PEOPLE, MANAGE_SETTINGS, BACKUP, PURGE, VIEW_AUDIT_LOG}

# An accredited representative is stored as role "attorney" with that title (see
# `records.TITLES`): the law lets them sign the same papers, so the app grants the same actions.
PERMISSIONS: dict[str, frozenset[str]] = {
    "volunteer": _VOLUNTEER,
    "attorney": frozenset(_COUNSEL),
    "admin": frozenset(_ADMIN),
}

ACTIONS = frozenset(_ADMIN)


def allowed(role: str, action: str) -> bool:
    """True when the role may perform the action (an unknown action is a programming error)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return action in PERMISSIONS.get(role, frozenset())


def require(role: str, action: str) -> None:
    """Raise NotPermitted unless the role may perform the action."""
    if not allowed(role, action):
        raise NotPermitted(action)
