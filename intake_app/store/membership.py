"""Signed membership: who belongs to the vault, with which role and keys, signed by an admin.

The `people` table is what the window lists; any member who holds the vault key can write it.
What decides who a person is, their role and which public key a new vault key is sealed to is
this log instead: each entry sets one member's state (name, role, title, sealing key, signing
key, active or removed) and is signed with the Ed25519 key of someone who was an active admin
just before it. The first entry is the vault's creator, signed by their own key, which is
pinned in the authenticated data of every key slot (keyslots.py), so a member cannot start a
log of their own. A member's signing key is derived from their sealing private key, which only
their passphrase opens.

Replay is pure: entries in order, each checked against the state before it; an entry that does
not verify is skipped and reported, never applied.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, replace

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from intake_app.domain.records import ROLES, TITLES
from intake_app.store import clinic_crypto

_SIGNING_INFO = b"amparo-person-signing-v1"
MAX_ENTRIES = 10_000  # far beyond any clinic; bounds the work a hostile table can cause

# Problem kinds, named in the window and the CLI.
UNSIGNED = "unsigned"  # a people row no signed entry vouches for
ALTERED = "altered"  # a people row whose role, title, name, key or removal differs
BAD_ENTRY = "bad_entry"  # a log entry whose signature or signer does not hold
MISSING_ENTRY = "missing_entry"  # a gap in the log's numbering


@dataclass(frozen=True)
class Member:
    """One person as the signed log says: the values a role check or a rekey may trust."""

    id: str
    name: str
    role: str
    title: str
    seal_public: bytes | None
    sign_public: bytes | None
    active: bool = True

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "title": self.title,
            "seal_public": _b64(self.seal_public),
            "sign_public": _b64(self.sign_public),
            "active": self.active,
        }

    @classmethod
    def from_dict(cls, item: object) -> Member:
        if not isinstance(item, dict):
            raise ValueError("a member must be an object")
        member = cls(
            id=_text(item["id"]),
            name=_text(item["name"], 500),
            role=_text(item["role"]),
            title=item["title"] if isinstance(item["title"], str) else "",
            seal_public=_unb64(item["seal_public"]),
            sign_public=_unb64(item["sign_public"]),
            active=item["active"] is True,
        )
        if member.role not in ROLES or member.title not in TITLES:
            raise ValueError("unknown role or title")
        return member


@dataclass(frozen=True)
class Problem:
    """Something in the membership that does not hold: its kind and whom it concerns."""

    kind: str
    person_id: str
    seq: int | None = None


@dataclass
class Roster:
    """The members the log proves, from the pinned root, and what did not verify."""

    root: bytes
    members: dict[str, Member]
    problems: list[Problem]
    last_seq: int

    def active(self) -> dict[str, Member]:
        return {pid: m for pid, m in self.members.items() if m.active}

    def admins(self) -> list[Member]:
        return [m for m in self.members.values() if m.active and m.role == "admin"]

    def seal_keys(self) -> dict[str, bytes]:
        """The sealing key of every active member: the only keys a rekey seals to."""
        return {pid: m.seal_public for pid, m in self.active().items() if m.seal_public}


def signing_key_of(seal_private: bytes) -> bytes:
    """A member's Ed25519 signing key, derived from the X25519 key their passphrase opens."""
    return HKDF(hashes.SHA256(), 32, salt=None, info=_SIGNING_INFO).derive(seal_private)


def signing_public_of(seal_private: bytes) -> bytes:
    return clinic_crypto.signing_public(signing_key_of(seal_private))


def exists(conn) -> bool:
    return conn.execute("SELECT 1 FROM membership LIMIT 1").fetchone() is not None


def append(conn, signer_id: str, seal_private: bytes, member: Member) -> int:
    """Sign and insert one entry (inside the caller's transaction); returns its number."""
    last = conn.execute("SELECT max(seq) FROM membership").fetchone()[0] or 0
    seq = last + 1
    body = clinic_crypto.canonical(
        {
            "seq": seq,
            "by": signer_id,
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "member": member.as_dict(),
        }
    ).decode("utf-8")
    signature = clinic_crypto.sign(signing_key_of(seal_private), body.encode("utf-8"))
    conn.execute(
        "INSERT INTO membership (seq, entry, signature) VALUES (?, ?, ?)",
        (seq, body, _b64(signature)),
    )
    return seq


def genesis_key(conn) -> bytes | None:
    """The signing key the first entry names for its own signer (used only to pin it once)."""
    row = conn.execute("SELECT entry FROM membership WHERE seq = 1").fetchone()
    if row is None:
        return None
    try:
        return Member.from_dict(json.loads(row[0])["member"]).sign_public
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        return None


def replay(conn, root: bytes) -> Roster:
    """Every entry in order, each applied only when signed by whom the state before allows."""
    members: dict[str, Member] = {}
    problems: list[Problem] = []
    expected = 1
    last_seq = 0
    rows = conn.execute(
        "SELECT seq, entry, signature FROM membership ORDER BY seq LIMIT ?", (MAX_ENTRIES,)
    )
    for seq, body, signature in rows:
        if seq != expected:
            problems.append(Problem(MISSING_ENTRY, "", expected))
        expected, last_seq = seq + 1, seq
        try:
            entry = json.loads(body)
            member = Member.from_dict(entry["member"])
            signer_id = _text(entry["by"])
            if entry["seq"] != seq:
                raise ValueError("entry number does not match its row")
            key = _signer_key(members, signer_id, member, root, seq)
            clinic_crypto.verify(key, _unb64(signature) or b"", body.encode("utf-8"))
        except (
            ValueError,
            KeyError,
            TypeError,
            RecursionError,
            json.JSONDecodeError,
            clinic_crypto.BadSignature,
        ):
            problems.append(Problem(BAD_ENTRY, _person_named(body), seq))
            continue
        members[member.id] = member
    return Roster(root, members, problems, last_seq)


def _signer_key(
    members: dict[str, Member], signer_id: str, member: Member, root: bytes, seq: int
) -> bytes:
    """The key this entry must verify under, or ValueError when its signer may not sign it."""
    if not members:
        # The first entry: the creator, signing for themselves with the pinned key.
        if seq != 1 or signer_id != member.id or member.sign_public != root:
            raise ValueError("the first entry is not the pinned creator's")
        return root
    signer = members.get(signer_id)
    if signer is not None and signer.active and signer.role == "admin" and signer.sign_public:
        return signer.sign_public
    # A member from before signed membership, entered without a signing key, binds one once:
    # the entry changes nothing else and is signed by the key it names.
    previous = members.get(member.id)
    if (
        signer_id == member.id
        and previous is not None
        and previous.active
        and previous.sign_public is None
        and member.sign_public is not None
        and replace(previous, sign_public=member.sign_public, seal_public=member.seal_public)
        == member
        and previous.seal_public in (None, member.seal_public)
    ):
        return member.sign_public
    raise ValueError("the signer was not an active admin")


def table_problems(conn, roster: Roster) -> list[Problem]:
    """People rows that no signed entry vouches for, or that differ from what was signed."""
    found: list[Problem] = []
    rows = conn.execute(
        "SELECT id, display_name, role, title, removed_at, public_key FROM people ORDER BY id"
    )
    for person_id, name, role, title, removed_at, public_key in rows:
        member = roster.members.get(person_id)
        if member is None:
            # A former member named in an imported case's history (removed, keyless) grants
            # nothing; any other row no entry vouches for is reported.
            if removed_at is None or public_key is not None:
                found.append(Problem(UNSIGNED, person_id))
            continue
        key = base64.b64decode(public_key) if public_key else None
        same = (
            name == member.name
            and role == member.role
            and (title or "") == member.title
            and (removed_at is None) == member.active
            and (member.seal_public is None or key == member.seal_public)
        )
        if not same:
            found.append(Problem(ALTERED, person_id))
    return found


def _person_named(body: object) -> str:
    try:
        item = json.loads(body)["member"]["id"]
    except (ValueError, KeyError, TypeError, RecursionError, json.JSONDecodeError):
        return ""
    return item if isinstance(item, str) and len(item) <= 200 else ""


def _text(value: object, limit: int = 200) -> str:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise ValueError("expected a short string")
    return value


def _b64(data: bytes | None) -> str | None:
    return base64.b64encode(data).decode("ascii") if data is not None else None


def _unb64(text: object) -> bytes | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text, validate=True)
