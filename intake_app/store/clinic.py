"""The clinic network inside one vault: its member keys, the roster, case keys, changes out and in.

Nothing here touches a network. Amparo writes and reads a shared folder (which Syncthing, or a
USB stick, carries between laptops); `store/clinic_files.py` says what lives where. Each shared
case has its own random key per epoch, sealed to the members who may see it: whoever the case
was shared by, every attorney and every admin. Removing a member starts a new epoch for every
case this vault holds, sealed to those who remain, so nothing written afterwards opens with the
removed member's key.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake_app.domain.errors import N_, AmparoError
from intake_app.store import clinic_crypto as cc
from intake_app.store import clinic_log
from intake_app.store.clinic_files import (
    BadClinicFile,
    check_signature,
    is_id,
    key_path,
    parse_envelope,
    publish,
    read_bounded,
    read_envelope,
    request_path,
    roster_path,
    seal_envelope,
    segment_path,
)
from intake_app.store.repositories import transaction

ROLES = ("volunteer", "attorney", "admin")
SEES_EVERY_CASE = ("attorney", "admin")
MAX_CHANGES = 5000  # per change file: a save burst, or a case shared whole
CONTENT_BUDGET = 8 * 1024 * 1024  # document bytes per change file (base64 in the file: ~11 MB)


class ClinicError(AmparoError):
    """A clinic operation that cannot be done as asked; `reason` is fixed text, marked for
    translation, and is what the window and the CLI show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.user_message = reason


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    role: str
    seal_public: bytes
    sign_public: bytes
    removed: bool = False

    @property
    def fingerprint(self) -> str:
        return cc.fingerprint(self.sign_public)


@dataclass
class ImportReport:
    """What one pass over the shared folder did."""

    applied: int = 0  # change files applied
    changes: int = 0  # answers and fields merged
    new_cases: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    waiting: int = 0  # change files that cannot be applied yet (an earlier one is missing)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)


class Clinic:
    """This vault's place in a clinic network (`vault.clinic`)."""

    def __init__(self, conn) -> None:
        self.conn = conn

    # --- this vault's member keys ---------------------------------------------------------

    def _identity(self) -> tuple[str | None, str, bytes, bytes] | None:
        return self.conn.execute(
            "SELECT clinic_id, member_id, seal_private, sign_private FROM clinic_identity"
        ).fetchone()

    def _ensure_identity(self) -> tuple[str | None, str, bytes, bytes]:
        found = self._identity()
        if found is None:
            seal_private = cc.sealing.new_private_key()
            with transaction(self.conn):
                self.conn.execute(
                    "INSERT INTO clinic_identity (only, member_id, seal_private, sign_private) "
                    "VALUES (1, ?, ?, ?)",
                    (secrets.token_hex(16), seal_private, cc.new_signing_key()),
                )
            found = self._identity()
        return found

    @property
    def clinic_id(self) -> str | None:
        found = self._identity()
        return found[0] if found else None

    @property
    def member_id(self) -> str:
        return self._ensure_identity()[1]

    def my_fingerprint(self) -> str:
        return cc.fingerprint(cc.signing_public(self._ensure_identity()[3]))

    def members(self, include_removed: bool = False) -> list[Member]:
        rows = self.conn.execute(
            "SELECT member_id, name, role, seal_public, sign_public, removed FROM clinic_members "
            "ORDER BY name, member_id"
        ).fetchall()
        found = [Member(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]
        return [m for m in found if include_removed or not m.removed]

    def _member(self, member_id: str) -> Member | None:
        return next((m for m in self.members(True) if m.id == member_id), None)

    def my_role(self) -> str | None:
        """This device's role in the clinic (None outside one, or once removed)."""
        me = self._identity()
        found = self._member(me[1]) if me else None
        return found.role if found and not found.removed else None

    def is_member(self) -> bool:
        me = self._identity()
        return me is not None and (found := self._member(me[1])) is not None and not found.removed

    # --- the roster -----------------------------------------------------------------------

    def create(self, folder: Path, name: str) -> str:
        """Found a clinic with this vault as its first admin; returns the clinic id (the digest
        of the founder's signing key: whoever joins checks the roster back to it)."""
        if self.clinic_id:
            raise ClinicError(N_("this vault already belongs to a clinic"))
        _clinic, member_id, seal_private, sign_private = self._ensure_identity()
        sign_public = cc.signing_public(sign_private)
        clinic_id = hashlib.sha256(sign_public).hexdigest()[:32]
        with transaction(self.conn):
            self.conn.execute("UPDATE clinic_identity SET clinic_id = ?", (clinic_id,))
        me = Member(member_id, name, "admin", cc.sealing.public_key_of(seal_private), sign_public)
        self._publish_roster(folder, [me], version=1, previous=None)
        self.refresh_roster(folder)
        return clinic_id

    def request_to_join(self, folder: Path, clinic_id: str, name: str) -> str:
        """Ask to join: this vault's public keys, signed, in the shared folder for an admin to
        admit. Returns the fingerprint the admin should read back before admitting."""
        if not is_id(clinic_id):
            raise ClinicError(N_("not a clinic id"))
        current, member_id, seal_private, sign_private = self._ensure_identity()
        if current and current != clinic_id:
            raise ClinicError(N_("this vault already belongs to another clinic"))
        with transaction(self.conn):
            self.conn.execute("UPDATE clinic_identity SET clinic_id = ?", (clinic_id,))
        body = {
            "clinic": clinic_id,
            "member": {
                "id": member_id,
                "name": name,
                "seal": cc.b64(cc.sealing.public_key_of(seal_private)),
                "sign": cc.b64(cc.signing_public(sign_private)),
            },
        }
        data = seal_envelope("request", member_id, sign_private, body)
        path = request_path(folder, member_id)
        path.unlink(missing_ok=True)  # a request is this member's own file, re-sent as needed
        publish(path, data)
        return cc.fingerprint(cc.signing_public(sign_private))

    def requests(self, folder: Path) -> list[Member]:
        """Members asking to join who are not in the roster yet (their signatures checked)."""
        clinic_id = self.clinic_id
        known = {m.id for m in self.members(True)}
        found = []
        for path in sorted((folder / "requests").glob("*.json")):
            try:
                member = self._read_request(path, clinic_id)
            except BadClinicFile:
                continue
            if member.id not in known:
                found.append(member)
        return found

    def _read_request(self, path: Path, clinic_id: str | None) -> Member:
        envelope = read_envelope(path, "request")
        body = envelope["body"]
        try:
            raw = body["member"]
            member = Member(
                raw["id"],
                str(raw["name"]),
                "volunteer",
                cc.unb64(raw["seal"]),
                cc.unb64(raw["sign"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BadClinicFile(path, N_("a request without its keys")) from exc
        if body.get("clinic") != clinic_id or envelope["signer"] != member.id:
            raise BadClinicFile(path, N_("a request for another clinic"))
        if path.stem != member.id or not is_id(member.id):
            raise BadClinicFile(path, N_("a request in the wrong place"))
        check_signature(path, envelope, member.sign_public)
        return member

    def admit(self, folder: Path, member_id: str, role: str) -> Member:
        """An admin admits a requesting member with a role; a new roster version follows, and
        every case key this vault holds is sealed to them if their role lets them see it."""
        if role not in ROLES:
            raise ClinicError(N_("unknown role"))
        self._require_admin()
        request = request_path(folder, member_id)
        member = self._read_request(request, self.clinic_id)
        member = Member(member.id, member.name, role, member.seal_public, member.sign_public)
        others = [m for m in self.members(True) if m.id != member.id]
        self._next_roster(folder, [*others, member])
        self.reseal(folder)
        return member

    def remove(self, folder: Path, member_id: str) -> None:
        """An admin removes a member: a new roster version, and a new epoch for every case this
        vault holds, sealed to those who remain. The removed member's key opens nothing new."""
        self._require_admin()
        if member_id == self.member_id:
            raise ClinicError(N_("an admin cannot remove their own device"))
        members = self.members(True)
        if not any(m.id == member_id and not m.removed for m in members):
            raise ClinicError(N_("no such member"))
        updated = [
            Member(m.id, m.name, m.role, m.seal_public, m.sign_public, True)
            if m.id == member_id
            else m
            for m in members
        ]
        self._next_roster(folder, updated)
        for (case_id,) in self.conn.execute("SELECT case_id FROM shared_cases").fetchall():
            self._new_epoch(folder, case_id)

    def _require_admin(self) -> None:
        me = self._member(self.member_id)
        if me is None or me.removed or me.role != "admin":
            raise ClinicError(N_("only a clinic admin's device may change who is in the clinic"))

    def _next_roster(self, folder: Path, members: list[Member]) -> None:
        self.refresh_roster(folder)  # never fork the roster: build on the newest version
        version, digest = self.conn.execute(
            "SELECT version, digest FROM clinic_roster ORDER BY version DESC LIMIT 1"
        ).fetchone()
        self._publish_roster(folder, members, version + 1, digest)
        self.refresh_roster(folder)

    def _publish_roster(
        self, folder: Path, members: list[Member], version: int, previous: str | None
    ) -> None:
        _clinic, member_id, _seal, sign_private = self._ensure_identity()
        body = {
            "clinic": self.clinic_id,
            "version": version,
            "previous": previous,
            "members": [
                {
                    "id": m.id,
                    "name": m.name,
                    "role": m.role,
                    "seal": cc.b64(m.seal_public),
                    "sign": cc.b64(m.sign_public),
                    "removed": m.removed,
                }
                for m in sorted(members, key=lambda m: m.id)
            ],
        }
        if not publish(
            roster_path(folder, version), seal_envelope("roster", member_id, sign_private, body)
        ):
            raise ClinicError(N_("another admin changed the roster at the same time; try again"))

    def refresh_roster(self, folder: Path) -> list[tuple[str, str]]:
        """Read roster versions newer than the one this vault holds, each checked against the
        one before it (signed by an admin of that version) back to the founder. Returns the
        refused files as (name, reason); a refused version stops the chain there."""
        refused: list[tuple[str, str]] = []
        clinic_id = self.clinic_id
        if clinic_id is None:
            return refused
        while True:
            row = self.conn.execute(
                "SELECT version, digest FROM clinic_roster ORDER BY version DESC LIMIT 1"
            ).fetchone()
            version, digest = row if row else (0, None)
            path = roster_path(folder, version + 1)
            if not path.is_file():
                return refused
            try:
                members = self._check_roster(path, clinic_id, version + 1, digest)
            except BadClinicFile as exc:
                refused.append((path.name, exc.reason))
                return refused
            self._store_roster(members, version + 1, hashlib.sha256(path.read_bytes()).hexdigest())

    def _check_roster(
        self, path: Path, clinic_id: str, version: int, previous: str | None
    ) -> list[Member]:
        envelope = read_envelope(path, "roster")
        body = envelope["body"]
        if body.get("clinic") != clinic_id or body.get("version") != version:
            raise BadClinicFile(path, N_("a roster of another clinic or version"))
        if body.get("previous") != previous:
            raise BadClinicFile(path, N_("a roster that does not follow the one before it"))
        try:
            members = [
                Member(
                    m["id"],
                    str(m["name"]),
                    m["role"],
                    cc.unb64(m["seal"]),
                    cc.unb64(m["sign"]),
                    bool(m.get("removed", False)),
                )
                for m in body["members"]
            ]
        except (KeyError, TypeError, ValueError) as exc:
            raise BadClinicFile(path, N_("a roster with a damaged member entry")) from exc
        if any(m.role not in ROLES or not is_id(m.id) for m in members):
            raise BadClinicFile(path, N_("a roster with an unknown role"))
        if version == 1:
            signer = next((m for m in members if m.id == envelope["signer"]), None)
            if signer is None or signer.role != "admin":
                raise BadClinicFile(path, N_("the first roster is not signed by its founder"))
            if hashlib.sha256(signer.sign_public).hexdigest()[:32] != clinic_id:
                raise BadClinicFile(path, N_("the first roster is not this clinic's founder's"))
        else:
            signer = self._member(envelope["signer"])
            if signer is None or signer.removed or signer.role != "admin":
                raise BadClinicFile(path, N_("a roster not signed by one of the clinic's admins"))
        check_signature(path, envelope, signer.sign_public)
        return members

    def _store_roster(self, members: list[Member], version: int, digest: str) -> None:
        with transaction(self.conn):
            for m in members:
                self.conn.execute(
                    "INSERT INTO clinic_members (member_id, name, role, seal_public, sign_public, "
                    "removed) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET "
                    "name = excluded.name, role = excluded.role, removed = excluded.removed",
                    (m.id, m.name, m.role, m.seal_public, m.sign_public, int(m.removed)),
                )
            self.conn.execute(
                "INSERT INTO clinic_roster (version, digest) VALUES (?, ?)", (version, digest)
            )

    # --- case keys ------------------------------------------------------------------------

    def token(self, case_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT token FROM shared_cases WHERE case_id = ?", (case_id,)
        ).fetchone()
        return row[0] if row else None

    def share(self, folder: Path, case_id: str, snapshot: dict[str, Any], fields: dict) -> str:
        """Share a case with the clinic: a token, an epoch-1 key sealed to those who may see
        it, and the case as it is now waiting in the outbox. Returns the token."""
        if not self.is_member():
            raise ClinicError(N_("this vault is not a member of a clinic yet"))
        if self.token(case_id):
            return self.token(case_id)
        token = secrets.token_hex(16)
        key = cc.new_case_key()
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO shared_cases (case_id, token) VALUES (?, ?)", (case_id, token)
            )
            self.conn.execute(
                "INSERT INTO case_keys (case_id, epoch, key) VALUES (?, 1, ?)", (case_id, key)
            )
            self._outbox(case_id, {"kind": "case", **fields})
            for name in clinic_log.CASE_FIELDS:
                if name in fields:
                    clinic_log.note(self.conn, case_id, clinic_log.field_key(name), fields[name])
            for question_id, value in sorted(snapshot.items()):
                clinic_log.note(self.conn, case_id, question_id, value)
            for key, value in sorted(clinic_log.packet_values(self.conn, case_id).items()):
                clinic_log.note(self.conn, case_id, key, value)
            for (document_id,) in self.conn.execute(
                "SELECT id FROM documents WHERE case_id = ? ORDER BY category, position",
                (case_id,),
            ).fetchall():
                clinic_log.note_document(self.conn, case_id, document_id, with_content=True)
        self._seal_case_key(folder, token, 1, key, self.member_id)
        return token

    def _outbox(self, case_id: str, change: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO clinic_outbox (case_id, change_json) VALUES (?, ?)",
            (case_id, json.dumps(change, ensure_ascii=False, separators=(",", ":"))),
        )

    def _entitled(self, sharer: str | None) -> list[Member]:
        return [
            m
            for m in self.members()
            if m.role in SEES_EVERY_CASE or m.id == sharer or m.id == self.member_id
        ]

    def _seal_case_key(self, folder: Path, token: str, epoch: int, key: bytes, sharer) -> None:
        _clinic, me, _seal, sign_private = self._ensure_identity()
        for member in self._entitled(sharer):
            path = key_path(folder, token, epoch, member.id)
            if path.exists():
                continue
            aad = cc.canonical({"token": token, "epoch": epoch, "to": member.id})
            body = {
                "token": token,
                "epoch": epoch,
                "to": member.id,
                "sharer": sharer,
                **cc.seal_key(member.seal_public, key, aad),
            }
            publish(path, seal_envelope("case_key", me, sign_private, body))

    def reseal(self, folder: Path) -> None:
        """Seal every case key this vault holds to members who may see the case and lack it
        (an attorney admitted after the case was shared)."""
        rows = self.conn.execute(
            "SELECT s.token, k.epoch, k.key FROM shared_cases s JOIN case_keys k "
            "ON k.case_id = s.case_id WHERE k.epoch = (SELECT max(epoch) FROM case_keys "
            "WHERE case_id = s.case_id)"
        ).fetchall()
        for token, epoch, key in rows:
            self._seal_case_key(folder, token, epoch, key, self._sharer(folder, token))

    def _sharer(self, folder: Path, token: str) -> str | None:
        """Who shared a case: named in the epoch-1 copy sealed to this vault."""
        path = key_path(folder, token, 1, self.member_id)
        try:
            return read_envelope(path, "case_key")["body"].get("sharer")
        except BadClinicFile:
            return None

    def _new_epoch(self, folder: Path, case_id: str) -> None:
        token = self.token(case_id)
        key = cc.new_case_key()
        with transaction(self.conn):
            (epoch,) = self.conn.execute(
                "SELECT coalesce(max(epoch), 0) + 1 FROM case_keys WHERE case_id = ?", (case_id,)
            ).fetchone()
            self.conn.execute(
                "INSERT INTO case_keys (case_id, epoch, key) VALUES (?, ?, ?)",
                (case_id, epoch, key),
            )
        self._seal_case_key(folder, token, epoch, key, self._sharer(folder, token))

    def _open_case_keys(self, folder: Path, token: str, case_id: str | None) -> dict[int, bytes]:
        """Every epoch's key sealed to this vault for a case (new copies checked and kept)."""
        keys: dict[int, bytes] = {}
        if case_id:
            keys = dict(
                self.conn.execute(
                    "SELECT epoch, key FROM case_keys WHERE case_id = ?", (case_id,)
                ).fetchall()
            )
        _clinic, me, seal_private, _sign = self._ensure_identity()
        for path in sorted((folder / "cases" / token / "keys").glob(f"*.{me}.json")):
            try:
                epoch = int(path.name.split(".", 1)[0])
            except ValueError:
                continue
            if epoch in keys:
                continue
            try:
                envelope = read_envelope(path, "case_key")
                signer = self._member(envelope["signer"])
                if signer is None or signer.removed:
                    raise BadClinicFile(path, N_("a case key from someone outside the clinic"))
                check_signature(path, envelope, signer.sign_public)
                body = envelope["body"]
                if body.get("token") != token or body.get("epoch") != epoch or body.get("to") != me:
                    raise BadClinicFile(path, N_("a case key in the wrong place"))
                aad = cc.canonical({"token": token, "epoch": epoch, "to": me})
                keys[epoch] = cc.open_key(seal_private, body, aad)
            except (BadClinicFile, cc.CannotOpen):
                continue
        return keys

    # --- changes out ----------------------------------------------------------------------

    def pending_changes(self) -> int:
        return self.conn.execute("SELECT count(*) FROM clinic_outbox").fetchone()[0]

    def publish_changes(self, folder: Path) -> list[Path]:
        """Seal the outbox into one change file per case (a save burst is one file), then make
        sure every change file this vault ever made is in the folder. Returns the files
        written, for a scan of exactly those paths."""
        _clinic, me, _seal, sign_private = self._ensure_identity()
        for (case_id,) in self.conn.execute(
            "SELECT DISTINCT case_id FROM clinic_outbox ORDER BY case_id"
        ).fetchall():
            while self.conn.execute(
                "SELECT 1 FROM clinic_outbox WHERE case_id = ? LIMIT 1", (case_id,)
            ).fetchone():
                self._seal_outbox(case_id, me, sign_private)
        written = []
        rows = self.conn.execute(
            "SELECT s.token, p.seq, p.data FROM clinic_published p "
            "JOIN shared_cases s ON s.case_id = p.case_id ORDER BY s.token, p.seq"
        ).fetchall()
        for token, seq, data in rows:
            path = segment_path(folder, token, me, seq)
            if not path.exists() and publish(path, data):
                written.append(path)
        return written

    def _seal_outbox(self, case_id: str, me: str, sign_private: bytes) -> None:
        # One transaction: the change file's bytes are kept, the outbox emptied and the number
        # taken together, so a crash can neither lose a change nor reuse a number.
        with transaction(self.conn):
            rows = self.conn.execute(
                "SELECT id, change_json FROM clinic_outbox WHERE case_id = ? ORDER BY id LIMIT ?",
                (case_id, MAX_CHANGES),
            ).fetchall()
            changes, done = self._changes_for_file(rows)
            token, seq = self.conn.execute(
                "SELECT token, next_seq FROM shared_cases WHERE case_id = ?", (case_id,)
            ).fetchone()
            epoch, key = self.conn.execute(
                "SELECT epoch, key FROM case_keys WHERE case_id = ? ORDER BY epoch DESC LIMIT 1",
                (case_id,),
            ).fetchone()
            header = {
                "clinic": self.clinic_id,
                "case": token,
                "author": me,
                "seq": seq,
                "epoch": epoch,
            }
            nonce, ciphertext = cc.encrypt(
                key, cc.canonical({"changes": changes}), cc.canonical(header)
            )
            body = {**header, "nonce": cc.b64(nonce), "data": cc.b64(ciphertext)}
            data = seal_envelope("changes", me, sign_private, body)
            self.conn.execute(
                "INSERT INTO clinic_published (case_id, seq, data) VALUES (?, ?, ?)",
                (case_id, seq, data),
            )
            self.conn.execute(
                "INSERT INTO clinic_applied (token, author, seq, digest) VALUES (?, ?, ?, ?)",
                (token, me, seq, hashlib.sha256(data).hexdigest()),
            )
            self.conn.execute(
                "UPDATE shared_cases SET next_seq = ? WHERE case_id = ?", (seq + 1, case_id)
            )
            self.conn.executemany("DELETE FROM clinic_outbox WHERE id = ?", [(i,) for i in done])

    def _changes_for_file(self, rows: list[tuple[int, str]]) -> tuple[list[dict], list[int]]:
        """The outbox rows one change file carries, a new document's content expanded into its
        chunks, up to CONTENT_BUDGET bytes of content: a large document continues in the next
        file (its outbox row then says where). Returns (changes, outbox ids done)."""
        changes: list[dict] = []
        done: list[int] = []
        budget = CONTENT_BUDGET
        for row_id, text in rows:
            change = json.loads(text)
            if change.get("kind") != "content_ref":
                changes.append(change)
                done.append(row_id)
                continue
            seq = int(change.get("from", 0))
            chunks = self.conn.execute(
                "SELECT seq, data FROM document_chunks WHERE document_id = ? AND seq >= ? "
                "ORDER BY seq",
                (change["doc"], seq),
            )
            finished = True
            for seq, data in chunks:
                if budget < len(data) and budget < CONTENT_BUDGET:
                    finished = False
                    break
                changes.append(
                    {"kind": "content", "doc": change["doc"], "seq": seq, "data": cc.b64(data)}
                )
                budget -= len(data)
            if not finished:
                self.conn.execute(
                    "UPDATE clinic_outbox SET change_json = ? WHERE id = ?",
                    (json.dumps({**change, "from": seq}), row_id),
                )
                break
            done.append(row_id)
        return changes, done

    # --- changes in -----------------------------------------------------------------------

    def import_changes(self, folder: Path, new_case_id) -> ImportReport:
        """Apply every new change file in the folder, in each author's order. A file is applied
        whole or not at all, only once (a copy of one already applied is skipped; a different
        file under its number is refused), and only when its signature, its author's membership
        and its number check out. `new_case_id()` names a case first seen here."""
        report = ImportReport()
        report.refused += self.refresh_roster(folder)
        if not self.is_member():
            return report
        me = self.member_id
        for case_dir in sorted((folder / "cases").glob("*")):
            token = case_dir.name
            if not is_id(token) or not case_dir.is_dir():
                continue
            case_id = self._case_of(token)
            keys = self._open_case_keys(folder, token, case_id)
            if not keys:
                continue  # not a case this member may see
            for author_dir in sorted(p for p in case_dir.iterdir() if p.is_dir()):
                author = author_dir.name
                if author in ("keys", me) or not is_id(author):
                    continue
                case_id = self._import_author(
                    folder, token, author, case_id, keys, new_case_id, report
                )
            if case_id:
                self._keep_keys(case_id, keys)
        return report

    def _case_of(self, token: str) -> str | None:
        row = self.conn.execute(
            "SELECT case_id FROM shared_cases WHERE token = ?", (token,)
        ).fetchone()
        return row[0] if row else None

    def _keep_keys(self, case_id: str, keys: dict[int, bytes]) -> None:
        with transaction(self.conn):
            self.conn.executemany(
                "INSERT OR IGNORE INTO case_keys (case_id, epoch, key) VALUES (?, ?, ?)",
                [(case_id, epoch, key) for epoch, key in keys.items()],
            )

    def _import_author(
        self, folder, token, author, case_id, keys, new_case_id, report: ImportReport
    ) -> str | None:
        applied = dict(
            self.conn.execute(
                "SELECT seq, digest FROM clinic_applied WHERE token = ? AND author = ?",
                (token, author),
            ).fetchall()
        )
        next_seq = max(applied, default=0) + 1
        for path in sorted((folder / "cases" / token / author).glob("*.seg")):
            try:
                seq = int(path.stem)
            except ValueError:
                report.refused.append((path.name, N_("not a change file name")))
                continue
            if seq in applied:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                if digest != applied[seq]:
                    reason = N_(
                        "a different file under a number already applied (replayed or forged)"
                    )
                    report.refused.append((path.name, reason))
                continue
            if seq != next_seq:
                report.waiting += 1
                continue
            try:
                changes, data = self._open_segment(path, token, author, seq, keys)
                case_id = self._apply(
                    case_id, token, author, seq, data, changes, new_case_id, report
                )
            except BadClinicFile as exc:
                report.refused.append((path.name, exc.reason))
                return case_id  # later files of this author wait behind the refused one
            next_seq += 1
        return case_id

    def _open_segment(self, path, token, author, seq, keys) -> tuple[list[dict], bytes]:
        data = read_bounded(path)
        envelope = parse_envelope(path, data, "changes")
        member = self._member(author)
        if member is None:
            raise BadClinicFile(path, N_("changes from someone who is not in the clinic"))
        if member.removed:
            raise BadClinicFile(path, N_("changes from a member who was removed"))
        if envelope["signer"] != author:
            raise BadClinicFile(path, N_("changes signed by someone other than their author"))
        check_signature(path, envelope, member.sign_public)
        body = envelope["body"]
        header = {k: body.get(k) for k in ("clinic", "case", "author", "seq", "epoch")}
        if header != {
            "clinic": self.clinic_id,
            "case": token,
            "author": author,
            "seq": seq,
            "epoch": header["epoch"],
        }:
            raise BadClinicFile(path, N_("changes moved from another case, author or number"))
        key = keys.get(header["epoch"])
        if key is None:
            raise BadClinicFile(path, N_("changes under a case key this member was not given"))
        try:
            plaintext = cc.decrypt(
                key, cc.unb64(body["nonce"]), cc.unb64(body["data"]), cc.canonical(header)
            )
            changes = json.loads(plaintext)["changes"]
        except (cc.CannotOpen, KeyError, ValueError, TypeError) as exc:
            raise BadClinicFile(path, N_("changes that do not open with the case key")) from exc
        if not isinstance(changes, list) or len(changes) > MAX_CHANGES:
            raise BadClinicFile(path, N_("a change file of the wrong shape"))
        return changes, data

    def _apply(
        self, case_id, token, author, seq, data, changes, new_case_id, report: ImportReport
    ) -> str:
        """One change file, whole, in one transaction (with the case, when first seen)."""
        author_role = self._member(author).role
        with transaction(self.conn):
            if case_id is None:
                case_id = self._first_seen(token, changes, new_case_id)
                report.new_cases.append(case_id)
            for change in changes:
                if not isinstance(change, dict) or change.get("kind") == "case":
                    continue
                if change.get("kind") == "content":
                    self._stage_content(case_id, change)
                else:
                    self._merge(case_id, change, author_role)
                report.changes += 1
            self._complete_documents(case_id)
            self.conn.execute(
                "INSERT INTO clinic_applied (token, author, seq, digest) VALUES (?, ?, ?, ?)",
                (token, author, seq, hashlib.sha256(data).hexdigest()),
            )
        report.applied += 1
        report.touched.add(case_id)
        return case_id

    def _first_seen(self, token: str, changes: list, new_case_id) -> str:
        fields = next((c for c in changes if isinstance(c, dict) and c.get("kind") == "case"), None)
        try:
            row = (
                str(fields["status"]),
                str(fields["interview_language"]),
                str(fields["form_id"]),
                int(fields["form_version"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            reason = N_("the first changes of a case do not describe it")
            raise BadClinicFile(Path(token), reason) from exc
        case_id = new_case_id()
        self.conn.execute(
            "INSERT INTO cases (id, status, interview_language, form_id, form_version, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            (case_id, *row),
        )
        self.conn.execute(
            "INSERT INTO shared_cases (case_id, token) VALUES (?, ?)", (case_id, token)
        )
        return case_id

    def _merge(self, case_id: str, change: dict, author_role: str) -> None:
        """Last writer wins per answer, by clock; two edits after the same version are a true
        conflict, kept for counsel (the loser's value, on every laptop alike)."""
        kind, key, value, hlc, base = (change.get(k) for k in ("kind", "q", "value", "hlc", "base"))
        if (
            kind not in ("answer", "resolve")
            or not isinstance(key, str)
            or not isinstance(hlc, str)
        ):
            raise BadClinicFile(Path(case_id), N_("a change of an unknown kind"))
        if clinic_log.is_counsels(key) and author_role not in SEES_EVERY_CASE:
            reason = N_("a packet choice made on a laptop that is not counsel's")
            raise BadClinicFile(Path(case_id), reason)
        if kind == "resolve" and author_role not in SEES_EVERY_CASE:
            raise BadClinicFile(
                Path(case_id), N_("a conflict resolved by someone who is not counsel")
            )
        clinic_log.tick(self.conn, remote=hlc)
        row = self.conn.execute(
            "SELECT hlc, base FROM answer_versions WHERE case_id = ? AND question_id = ?",
            (case_id, key),
        ).fetchone()
        if row is not None and row[0] == hlc:
            return
        concurrent = row is not None and row[1] == base and kind == "answer"
        if row is None or hlc > row[0]:
            if concurrent:
                self._conflict(case_id, key, row[0], self._current(case_id, key))
            self._set(case_id, key, value)
            self.conn.execute(
                "INSERT INTO answer_versions (case_id, question_id, hlc, base) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (case_id, question_id) DO UPDATE SET hlc = excluded.hlc, "
                "base = excluded.base",
                (case_id, key, hlc, base),
            )
        elif concurrent:
            self._conflict(case_id, key, hlc, value)
        if kind == "resolve":
            self.conn.execute(
                "DELETE FROM clinic_conflicts WHERE case_id = ? AND question_id = ? AND hlc < ?",
                (case_id, key, hlc),
            )

    def _conflict(self, case_id: str, key: str, hlc: str, value: Any) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO clinic_conflicts (case_id, question_id, hlc, value_json) "
            "VALUES (?, ?, ?, ?)",
            (case_id, key, hlc, json.dumps(value, ensure_ascii=False)),
        )

    def _current(self, case_id: str, key: str) -> Any:
        if key.startswith(clinic_log.DOCUMENT_PREFIX):
            return clinic_log.document_values(self.conn, key[len(clinic_log.DOCUMENT_PREFIX) :])
        if clinic_log.is_counsels(key):
            return clinic_log.packet_values(self.conn, case_id).get(key)
        if key.startswith("@"):
            column = key[1:]
            if column not in clinic_log.CASE_FIELDS:
                return None
            row = self.conn.execute(
                f"SELECT {column} FROM cases WHERE id = ?", (case_id,)
            ).fetchone()
            return row[0] if row else None
        row = self.conn.execute(
            "SELECT value_json FROM answers WHERE case_id = ? AND question_id = ?",
            (case_id, key),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def _set(self, case_id: str, key: str, value: Any) -> None:
        if key.startswith(clinic_log.DOCUMENT_PREFIX):
            self._set_document(case_id, key[len(clinic_log.DOCUMENT_PREFIX) :], value)
            return
        if clinic_log.is_counsels(key):
            self._set_packet(case_id, key, value)
            return
        if key.startswith("@"):
            column = key[1:]
            if column in clinic_log.CASE_FIELDS and isinstance(value, str):
                self.conn.execute(f"UPDATE cases SET {column} = ? WHERE id = ?", (value, case_id))
            return
        if value is None:
            self.conn.execute(
                "DELETE FROM answers WHERE case_id = ? AND question_id = ?", (case_id, key)
            )
            return
        self.conn.execute(
            "INSERT INTO answers (case_id, question_id, value_json, updated_at) "
            "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) "
            "ON CONFLICT (case_id, question_id) DO UPDATE SET value_json = excluded.value_json, "
            "updated_at = excluded.updated_at",
            (case_id, key, json.dumps(value, ensure_ascii=False, separators=(",", ":"))),
        )

    # --- documents from other laptops ------------------------------------------------------

    def _stage_content(self, case_id: str, change: dict) -> None:
        try:
            document_id, seq = str(change["doc"]), int(change["seq"])
            data = cc.unb64(change["data"])
        except (KeyError, TypeError, ValueError) as exc:
            raise BadClinicFile(Path(case_id), N_("a change of an unknown kind")) from exc
        if not is_id(document_id) or seq < 0:
            raise BadClinicFile(Path(case_id), N_("a change of an unknown kind"))
        self.conn.execute(
            "INSERT OR IGNORE INTO clinic_incoming_chunks (document_id, case_id, seq, data) "
            "VALUES (?, ?, ?, ?)",
            (document_id, case_id, seq, data),
        )

    def _set_document(self, case_id: str, document_id: str, meta: Any) -> None:
        """A document's description: a new one waits for its content; a known one is moved or
        described anew (never its content: that does not change); None deletes it."""
        if not is_id(document_id):
            raise BadClinicFile(Path(case_id), N_("a change of an unknown kind"))
        if meta is None:
            self.conn.execute(
                "DELETE FROM documents WHERE id = ? AND case_id = ?", (document_id, case_id)
            )
            for table in ("clinic_incoming_documents", "clinic_incoming_chunks"):
                self.conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
            return
        if not isinstance(meta, dict) or set(meta) != set(clinic_log.DOCUMENT_FIELDS):
            raise BadClinicFile(Path(case_id), N_("a change of an unknown kind"))
        exists = self.conn.execute(
            "SELECT case_id FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if exists is None:
            self.conn.execute(
                "INSERT INTO clinic_incoming_documents (document_id, case_id, meta_json) "
                "VALUES (?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET "
                "meta_json = excluded.meta_json",
                (document_id, case_id, json.dumps(meta)),
            )
            return
        if exists[0] != case_id:
            raise BadClinicFile(Path(case_id), N_("a change of an unknown kind"))
        editable = {
            k: meta[k]
            for k in (
                "category",
                "position",
                "title",
                "evidence_id",
                "supports",
                "provided_by",
                "language",
                "date_received",
                "translation",
            )
        }
        assignments = ", ".join(f"{name} = ?" for name in editable)
        self.conn.execute(
            f"UPDATE documents SET {assignments} WHERE id = ?", (*editable.values(), document_id)
        )

    def _complete_documents(self, case_id: str) -> None:
        """Attach every waiting document whose chunks are all in and whose digest matches."""
        waiting = self.conn.execute(
            "SELECT document_id, meta_json FROM clinic_incoming_documents WHERE case_id = ?",
            (case_id,),
        ).fetchall()
        for document_id, meta_json in waiting:
            meta = json.loads(meta_json)
            chunks = self.conn.execute(
                "SELECT seq, data FROM clinic_incoming_chunks WHERE document_id = ? ORDER BY seq",
                (document_id,),
            ).fetchall()
            if [seq for seq, _data in chunks] != list(range(int(meta["chunk_count"]))):
                continue
            digest = hashlib.sha256()
            for _seq, data in chunks:
                digest.update(data)
            if digest.hexdigest() != meta["sha256"]:
                raise BadClinicFile(Path(case_id), N_("a document whose content does not match"))
            fields = clinic_log.DOCUMENT_FIELDS
            self.conn.execute(
                f"INSERT INTO documents (id, case_id, {', '.join(fields)}) "
                f"VALUES (?, ?, {', '.join('?' for _ in fields)})",
                (document_id, case_id, *(meta[f] for f in fields)),
            )
            self.conn.execute(
                "INSERT INTO document_chunks (document_id, seq, data) SELECT document_id, seq, "
                "data FROM clinic_incoming_chunks WHERE document_id = ?",
                (document_id,),
            )
            for table in ("clinic_incoming_documents", "clinic_incoming_chunks"):
                self.conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))

    def _set_packet(self, case_id: str, key: str, value: Any) -> None:
        """One packet value from another of counsel's laptops, into the typed tables."""
        if key.startswith(clinic_log.OVERRIDE_PREFIX):
            block = key[len(clinic_log.OVERRIDE_PREFIX) :]
            if value is None:
                self.conn.execute(
                    "DELETE FROM paragraph_overrides WHERE case_id = ? AND block_key = ?",
                    (case_id, block),
                )
            elif isinstance(value, str):
                self.conn.execute(
                    "INSERT INTO paragraph_overrides (case_id, block_key, text) VALUES (?, ?, ?) "
                    "ON CONFLICT (case_id, block_key) DO UPDATE SET text = excluded.text",
                    (case_id, block, value),
                )
            return
        self.conn.execute("INSERT OR IGNORE INTO packet_state (case_id) VALUES (?)", (case_id,))
        field = key[len(clinic_log.PACKET_PREFIX) :]
        if field == "review":
            review = value if isinstance(value, dict) else {}
            self.conn.execute(
                "UPDATE packet_state SET reviewed_by = NULL, review_name = ?, review_at = ?, "
                "review_fingerprint = ? WHERE case_id = ?",
                (review.get("by"), review.get("at"), review.get("fingerprint"), case_id),
            )
        elif field == "pro_se":
            self.conn.execute(
                "UPDATE packet_state SET pro_se = ? WHERE case_id = ?", (int(bool(value)), case_id)
            )
        elif field in ("legal_bases", "relief", "roads"):
            if value is not None and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                raise BadClinicFile(Path(case_id), N_("a change of an unknown kind"))
            if field != "legal_bases" and value is None:
                value = []
            text = None if value is None else json.dumps(value, ensure_ascii=False)
            self.conn.execute(
                f"UPDATE packet_state SET {field}_json = ? WHERE case_id = ?", (text, case_id)
            )
        else:
            raise BadClinicFile(Path(case_id), N_("a change of an unknown kind"))

    # --- conflicts ------------------------------------------------------------------------

    def conflicts(self, case_id: str) -> list[tuple[str, str, Any]]:
        """(question id, the losing version's clock, its value) for counsel to decide."""
        return [
            (q, hlc, json.loads(value) if value is not None else None)
            for q, hlc, value in self.conn.execute(
                "SELECT question_id, hlc, value_json FROM clinic_conflicts WHERE case_id = ? "
                "ORDER BY question_id, hlc",
                (case_id,),
            )
        ]

    def resolve(self, case_id: str, question_id: str, value: Any) -> None:
        """Counsel's decision on a conflict: the kept value, published as a resolution that
        clears the conflict on every laptop."""
        with transaction(self.conn):
            self._set(case_id, question_id, value)
            clinic_log.note(self.conn, case_id, question_id, value, kind="resolve")
            (hlc,) = self.conn.execute(
                "SELECT hlc FROM answer_versions WHERE case_id = ? AND question_id = ?",
                (case_id, question_id),
            ).fetchone()
            self.conn.execute(
                "DELETE FROM clinic_conflicts WHERE case_id = ? AND question_id = ? AND hlc < ?",
                (case_id, question_id, hlc),
            )
