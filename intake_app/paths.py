"""Where bundled data lives (source tree or frozen bundle), the data dir and the vault files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Amparo"
APP_AUTHOR = "Amparo"
VAULT_FILENAME = "amparo.vault"
VAULT_ENV = "INTAKE_VAULT"


KEYSLOT_SUFFIX = ".keys"


def keyslot_path(vault_path: Path) -> Path:
    """The key-slot sidecar that sits beside the vault file."""
    return vault_path.with_name(vault_path.name + KEYSLOT_SUFFIX)


TRIES_SUFFIX = ".tries"


def tries_path(vault_path: Path) -> Path:
    """Wrong-passphrase count beside the vault (session/throttle.py): a number, a time."""
    return vault_path.with_name(vault_path.name + TRIES_SUFFIX)


def is_frozen() -> bool:
    """True inside a PyInstaller bundle (`make dist`); the only check of `sys.frozen` in Amparo."""
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """Folder holding forms/, translations/ and resources/.

    From source: the repository. Frozen by PyInstaller 6 (onedir): `sys._MEIPASS`, which is the
    `_internal` folder beside the executables (`Contents/Frameworks` in a macOS `.app`); the
    executable's own folder is only a fallback for bundles built without a contents directory.
    """
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)).resolve()
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return bundle_root() / "forms"


def translations_dir() -> Path:
    return bundle_root() / "translations"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def app_icon_path() -> Path:
    """The window icon (`tools/make_icon.py` draws it; build.spec uses its .ico and .icns)."""
    return resources_dir() / "icons" / "amparo.png"


def user_data_dir() -> Path:
    import platformdirs  # only when no --vault / $INTAKE_VAULT names the vault

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def default_vault_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--vault PATH` first, then `$INTAKE_VAULT`, then the user's data directory."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(VAULT_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return user_data_dir() / VAULT_FILENAME
