"""`PacketError`: a problem in a packet paragraph file, located as `path:line`."""

from __future__ import annotations

from intake_app.domain.errors import N_, LocatedError


class PacketError(LocatedError):
    """`forms/packet/cover_letter.yaml:42: unknown key 'wen'`, the way editors link to it."""

    user_message = N_("A packet paragraph file has an error; the packet cannot be built.")
