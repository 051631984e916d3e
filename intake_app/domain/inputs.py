"""Opening a file someone names for reading (an attachment, a backup, a bundle), only when it is
a regular file: a named pipe would block forever, a device never ends, a folder is no file."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotRegular(OSError):
    """The path names a pipe, a device, a socket or a folder."""


def open_regular(path: Path | str) -> BinaryIO:
    """Opened without blocking, then checked on the open descriptor itself (no race)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError as exc:
        raise NotRegular(str(path)) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
