"""The application service: the one API the GUI, the CLI and the tests use. No Qt here."""

from intake_app.session.core import (
    CLINIC_PROFILE_KEY,
    DEFAULT_FORM_ID,
    INSECURE_TEST_KDF_ENV,
    SessionCore,
    kdf_from_environment,
)
from intake_app.session.documents import DocumentsMixin
from intake_app.session.packet import PacketMixin
from intake_app.session.people import PeopleMixin
from intake_app.session.summary import SUMMARY_FIELDS, CaseSummary, display_name
from intake_app.session.throttle import UnlockThrottle
from intake_app.session.transfer import TransferMixin


class Session(PeopleMixin, TransferMixin, DocumentsMixin, PacketMixin, SessionCore):
    """One person's session with one vault: everything the GUI, the CLI and the tests do."""


__all__ = [
    "CLINIC_PROFILE_KEY",
    "DEFAULT_FORM_ID",
    "INSECURE_TEST_KDF_ENV",
    "SUMMARY_FIELDS",
    "CaseSummary",
    "Session",
    "UnlockThrottle",
    "display_name",
    "kdf_from_environment",
]
