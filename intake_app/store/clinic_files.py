"""The shared folder's files: where each lives, signed envelopes, and safe reads and writes.

Layout (every name a random id or a number; none says anything about a client):

    roster/000001.json                     the clinic's members, each version signed by an admin
    requests/<member>.json                 a device asking to join, signed by itself
    cases/<token>/keys/<epoch>.<member>.json   a case key sealed to one member
    cases/<token>/<author>/<seq>.seg       an author's changes to a case, encrypted and signed
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from intake_app.domain.errors import N_
from intake_app.store import clinic_crypto as cc

FORMAT = "amparo-clinic/1"
MAX_FILE_BYTES = 64 * 1024 * 1024  # a change file holds a burst of answers or a document chunk
_ID = re.compile(r"^[0-9a-f]{16,64}$")


class BadClinicFile(Exception):
    """A file in the shared folder that is not what it claims to be: truncated, altered, forged,
    replayed, misplaced or too big. `reason` is fixed text (never content) for the message."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


def is_id(text: str) -> bool:
    return bool(_ID.match(text))


def roster_path(folder: Path, version: int) -> Path:
    return folder / "roster" / f"{version:06d}.json"


def request_path(folder: Path, member_id: str) -> Path:
    return folder / "requests" / f"{member_id}.json"


def key_path(folder: Path, token: str, epoch: int, member_id: str) -> Path:
    return folder / "cases" / token / "keys" / f"{epoch:04d}.{member_id}.json"


def segment_path(folder: Path, token: str, author: str, seq: int) -> Path:
    return folder / "cases" / token / author / f"{seq:08d}.seg"


def seal_envelope(kind: str, signer: str, sign_private: bytes, body: dict[str, Any]) -> bytes:
    unsigned = {"format": FORMAT, "kind": kind, "signer": signer, "body": body}
    signature = cc.sign(sign_private, cc.canonical(unsigned))
    return cc.canonical({**unsigned, "sig": cc.b64(signature)})


def read_envelope(path: Path, kind: str) -> dict[str, Any]:
    """The envelope's fields, checked for shape (not yet for its signature: the caller knows
    whose key must verify it). Raises BadClinicFile."""
    return parse_envelope(path, read_bounded(path), kind)


def parse_envelope(path: Path, data: bytes, kind: str) -> dict[str, Any]:
    """`read_envelope` for bytes already read (what is checked is what is kept)."""
    import json

    try:
        envelope = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadClinicFile(path, N_("not a complete clinic file (truncated or damaged)")) from exc
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise BadClinicFile(path, N_("not a clinic file of this version"))
    if envelope.get("kind") != kind or not isinstance(envelope.get("body"), dict):
        raise BadClinicFile(path, N_("a clinic file in the wrong place"))
    if not isinstance(envelope.get("signer"), str) or not isinstance(envelope.get("sig"), str):
        raise BadClinicFile(path, N_("an unsigned clinic file"))
    return envelope


def check_signature(path: Path, envelope: dict[str, Any], public: bytes) -> None:
    unsigned = {k: envelope[k] for k in ("format", "kind", "signer", "body")}
    try:
        cc.verify(public, cc.unb64(envelope["sig"]), cc.canonical(unsigned))
    except (cc.BadSignature, ValueError) as exc:
        raise BadClinicFile(path, N_("its signature does not verify (altered or forged)")) from exc


def read_bounded(path: Path) -> bytes:
    """A regular file's bytes, refusing links, devices and anything over the size limit."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except OSError as exc:
        raise BadClinicFile(path, N_("cannot be read")) from exc
    try:
        import stat

        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BadClinicFile(path, N_("not a regular file"))
        if info.st_size > MAX_FILE_BYTES:
            raise BadClinicFile(path, N_("too big for a clinic file"))
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read(MAX_FILE_BYTES + 1)
    finally:
        if fd >= 0:
            os.close(fd)


def publish(path: Path, data: bytes) -> bool:
    """Write a file whole under a temporary name, then rename it into place (Syncthing sends
    only complete files). An existing file is never replaced: returns False when one is there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return False
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".amparo-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)  # fails if the name appeared meanwhile: never overwrite
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links (a FAT stick): rename instead
            if path.exists():
                return False
            os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return True
