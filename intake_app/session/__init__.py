"""The application service: the one API the GUI, the CLI and the tests use. No Qt here."""

from intake_app.session.cases import DEFAULT_FORM_ID
from intake_app.session.core import INSECURE_TEST_KDF_ENV, Session, kdf_from_environment
from intake_app.session.packets import CLINIC_PROFILE_KEY
from intake_app.session.summary import SUMMARY_FIELDS, CaseSummary, display_name
from intake_app.session.throttle import UnlockThrottle

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
