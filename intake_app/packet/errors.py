"""`PacketError`: a problem in a packet paragraph file, located as `path:line`."""

from __future__ import annotations

from pathlib import Path

from intake_app.domain.errors import N_, AmparoError


class PacketError(AmparoError):
    """`forms/packet/cover_letter.yaml:42: unknown key 'wen'`, the way editors link to it."""

    user_message = N_("A packet paragraph file has an error; the packet cannot be built.")

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else f"{self.path}"
        super().__init__(f"{where}: {message}")

    def __str__(self) -> str:
        return self.detail

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PacketError) and (self.path, self.line, self.message) == (
            other.path,
            other.line,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.message))
