"""The one safe way to write an output (a packet, a draft, an export, a family sheet): never
over the vault or its side files, never into a pipe or a folder, never half a file — written
under a temporary name (0600, O_EXCL) in the target's folder, synced, then renamed into place.
On any failure the temporary file goes and whatever was at the target is left as it was."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from intake_app.domain.errors import N_, AmparoError

# The files beside a vault that SQLite and Amparo own.
VAULT_SIDE_SUFFIXES = ("", ".keys", "-wal", "-shm", "-journal")


class OutputError(AmparoError):
    """An output that was not written; the target is as it was."""


class OutputIsTheVault(OutputError):
    user_message = N_(
        "That file is the vault itself (or one of its own files). Choose another name: nothing "
        "was written, and the vault is untouched."
    )


class OutputNotAFile(OutputError):
    user_message = N_(
        "That name belongs to a folder, a device or a pipe, not a file. Choose a file name. "
        "Nothing was written."
    )


class OutputFolderMissing(OutputError):
    user_message = N_("That folder does not exist. Choose an existing folder. Nothing was written.")


class OutputNotWritable(OutputError):
    user_message = N_(
        "Amparo may not write in that folder (it is read-only or belongs to someone else). "
        "Choose another. Nothing was written."
    )


class OutputDiskFull(OutputError):
    user_message = N_(
        "The disk is full. Free some space or choose another drive. Nothing was written, and "
        "any file that was there is unchanged."
    )


def vault_files(vault: Path | None) -> list[Path]:
    """The vault and every file beside it that belongs to it."""
    if vault is None:
        return []
    return [vault.with_name(vault.name + suffix) for suffix in VAULT_SIDE_SUFFIXES]


def _same_file(a: Path, b: Path) -> bool:
    """The same file by path once resolved, or by device and inode (a hard link counts)."""
    try:
        if a.resolve() == b.resolve():
            return True
        sa, sb = a.stat(), b.stat()
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def check_target(target: Path, protected: Iterable[Path] = ()) -> Path:
    """The target, or an OutputError saying why nothing may be written there."""
    target = Path(target).expanduser()
    for own in protected:
        if _same_file(target, own) or target.resolve() == Path(own).resolve():
            raise OutputIsTheVault()
    if not target.parent.is_dir():
        raise OutputFolderMissing(str(target.parent))
    try:
        mode = target.stat().st_mode  # follows a link: what would really be replaced
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise _mapped(exc) from exc
    if not stat.S_ISREG(mode):
        raise OutputNotAFile()
    return target


def write_output(
    target: Path | str,
    content: bytes | Callable[[BinaryIO], object],
    *,
    protected: Iterable[Path] = (),
) -> Path:
    """Write `content` (bytes, or a function that writes to a binary stream) to `target`
    safely; returns the path written. Raises an OutputError, the target untouched."""
    target = check_target(Path(target), list(protected))
    partial = target.with_name(f".{target.name}.{secrets.token_hex(6)}.partial")
    try:
        fd = os.open(
            partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
        )
    except OSError as exc:
        raise _mapped(exc) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(content, bytes | bytearray | memoryview):
                fh.write(content)
            else:
                content(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _mapped(exc) from exc
        raise
    _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mapped(exc: OSError) -> OutputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputDiskFull()
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputNotWritable()
    if exc.errno in (errno.EISDIR, errno.ENXIO):
        return OutputNotAFile()
    if exc.errno == errno.ENOENT:
        return OutputFolderMissing()
    return OutputNotWritable(type(exc).__name__)
