"""Key slots: per person, a private key wrapped under their passphrase, and the vault key sealed."""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from intake_app.domain.errors import NotAVault, VaultDamaged, WrongPassphrase
from intake_app.store import sealing
from intake_app.store.kdf import (  # noqa: F401 (re-exported: the vault's public names)
    DEFAULT_KDF,
    KdfParams,
    derive_key,
    insecure_test_kdf,
)

KEYSLOT_FORMAT = "amparo-keyslots"
KEYSLOT_VERSION = 2  # version 1 (no key ids, vault key wrapped directly) is still read
VAULT_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
MAX_KEYSLOT_FILE_BYTES = 1_000_000
MAX_KEYS_PER_SLOT = 4
# Bounds on what a hostile key-slot file can make an unlock do: each distinct (parameters, salt)
# costs one Argon2 derivation (about a second), and slots of one vault share their salt, so a
# sound file needs one, two while the parameters are being raised.
MAX_SLOTS = 500
MAX_DERIVATIONS = 4

LEGACY_KEY_ID = "v1"  # the one vault key of a version-1 file, which had no key ids
KIND_SEALED = "x25519"  # the slot wraps the person's private key; vault keys are sealed to it
KIND_LEGACY = "vault_key"  # version 1: the slot wraps the vault key itself


@dataclass(frozen=True)
class SealedKey:
    """One vault key (by key id) sealed to a person's public key."""

    key_id: str
    epk: bytes
    nonce: bytes
    sealed: bytes


@dataclass(frozen=True)
class KeySlot:
    """One person's way in: a secret wrapped under their passphrase.

    For a sealed slot the secret is the person's X25519 private key and the vault key(s) are
    sealed to its public key, so an admin can give everyone a new vault key without knowing
    their passphrases. A legacy slot (written by version 1) wraps the vault key itself.
    """

    slot_id: str
    person_id: str
    params: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes
    kind: str = KIND_SEALED
    sealed: tuple[SealedKey, ...] = ()
    legacy_key_id: str = LEGACY_KEY_ID
    # The vault creator's signing key (membership.py), bound into this slot's authenticated
    # data when the slot was written: a slot opens only with the root it was written with.
    root: bytes | None = None

    def aad(self, vault_id: str) -> bytes:
        # Binding the parameters to the ciphertext means an edited file fails to unwrap
        # instead of silently weakening the derivation.
        p = self.params
        tail = (
            f"{vault_id}|{self.slot_id}|{self.person_id}|"
            f"{p.memory_kib}|{p.time_cost}|{p.parallelism}"
        )
        if self.kind == KIND_LEGACY:
            return f"{KEYSLOT_FORMAT}|{tail}".encode()
        if self.root is not None:
            return f"{KEYSLOT_FORMAT}|3|{self.kind}|{_b64(self.root)}|{tail}".encode()
        return f"{KEYSLOT_FORMAT}|2|{self.kind}|{tail}".encode()

    def key_ids(self) -> set[str]:
        if self.kind == KIND_LEGACY:
            return {self.legacy_key_id}
        return {s.key_id for s in self.sealed}


@dataclass(frozen=True)
class Unlocked:
    """What a passphrase opened: whose slot, their private key, and the vault keys by key id."""

    person_id: str
    private_key: bytes | None
    keys: dict[str, bytes]
    root: bytes | None = None


def _seal_aad(vault_id: str, key_id: str, person_id: str) -> bytes:
    return f"{KEYSLOT_FORMAT}|seal|{vault_id}|{key_id}|{person_id}".encode()


@dataclass
class KeySlotFile:
    """Every slot of one vault: the small plaintext sidecar that holds nothing but wrapped keys.

    `key_id` names the vault key the database is (or, mid-rekey, is about to be) encrypted
    with; a slot may hold a second, older key only while a rekey is under way.
    """

    vault_id: str
    slots: list[KeySlot]
    key_id: str = LEGACY_KEY_ID

    @classmethod
    def new(cls) -> KeySlotFile:
        return cls(vault_id=secrets.token_hex(16), slots=[], key_id=new_key_id())

    def add_slot(
        self,
        person_id: str,
        passphrase: str,
        vault_key: bytes,
        params: KdfParams,
        private_key: bytes,
        root: bytes,
    ) -> None:
        """A new person's slot for the current vault key, pinned to the vault's root."""
        self.set_slot(person_id, passphrase, params, private_key, {self.key_id: vault_key}, root)

    def set_slot(
        self,
        person_id: str,
        passphrase: str,
        params: KdfParams,
        private_key: bytes,
        keys: dict[str, bytes],
        root: bytes | None,
    ) -> None:
        """(Re)write one person's slot: their private key under this passphrase, keys sealed,
        pinned to the vault's root signing key."""
        salt = self._shared_salt(params) or secrets.token_bytes(SALT_BYTES)
        slot = KeySlot(
            slot_id=secrets.token_hex(8),
            person_id=person_id,
            params=params,
            salt=salt,
            nonce=secrets.token_bytes(NONCE_BYTES),
            wrapped=b"",
            root=root,
        )
        wrapped = AESGCM(derive_key(normalize_passphrase(passphrase), salt, params)).encrypt(
            slot.nonce, private_key, slot.aad(self.vault_id)
        )
        public = sealing.public_key_of(private_key)
        sealed = tuple(self._sealed(person_id, public, kid, key) for kid, key in keys.items())
        self.slots = [s for s in self.slots if s.person_id != person_id]
        self.slots.append(replace(slot, wrapped=wrapped, sealed=sealed))

    def _sealed(self, person_id: str, public: bytes, key_id: str, key: bytes) -> SealedKey:
        epk, nonce, ct = sealing.seal(public, key, _seal_aad(self.vault_id, key_id, person_id))
        return SealedKey(key_id, epk, nonce, ct)

    def seal_for(self, person_id: str, public_key: bytes, key_id: str, vault_key: bytes) -> None:
        """Add a vault key to a person's sealed slot (no passphrase needed: the public key)."""
        for index, slot in enumerate(self.slots):
            if slot.person_id == person_id:
                if slot.kind != KIND_SEALED:
                    raise ValueError("a legacy slot cannot receive a new vault key")
                extra = self._sealed(person_id, public_key, key_id, vault_key)
                self.slots[index] = replace(slot, sealed=(*slot.sealed, extra))
                return
        raise KeyError(person_id)

    def drop_person(self, person_id: str) -> None:
        self.slots = [s for s in self.slots if s.person_id != person_id]

    def keep_only(self, key_id: str) -> None:
        """The rekey is done: forget every other vault key, and any slot left without one."""
        kept = []
        for slot in self.slots:
            if slot.kind == KIND_SEALED:
                slot = replace(slot, sealed=tuple(s for s in slot.sealed if s.key_id == key_id))
            if key_id in slot.key_ids():
                kept.append(slot)
        self.slots = kept
        self.key_id = key_id

    def key_ids(self) -> set[str]:
        return {kid for slot in self.slots for kid in slot.key_ids()}

    def person_ids(self) -> set[str]:
        return {slot.person_id for slot in self.slots}

    def legacy_person_ids(self) -> set[str]:
        return {slot.person_id for slot in self.slots if slot.kind == KIND_LEGACY}

    def _shared_salt(self, params: KdfParams) -> bytes | None:
        # Slots with the same parameters share the vault's salt so unlocking derives only once.
        for slot in self.slots:
            if slot.params == params:
                return slot.salt
        return None

    def unwrap(self, passphrase: str) -> Unlocked:
        """The slot this passphrase opens, with its vault keys (the current key id first).

        The passphrase is tried Unicode-normalised (NFC: "é" typed as one character or as "e"
        and an accent is the same passphrase), then, for a slot written before normalisation,
        exactly as typed."""
        nfc = normalize_passphrase(passphrase)
        for candidate in dict.fromkeys((nfc, passphrase)):
            try:
                return self._unwrap(candidate)
            except WrongPassphrase:
                continue
        raise WrongPassphrase()

    def _unwrap(self, passphrase: str) -> Unlocked:
        derived: dict[tuple[KdfParams, bytes], bytes] = {}
        for slot in self.slots:
            cache_key = (slot.params, slot.salt)
            if cache_key not in derived:
                derived[cache_key] = derive_key(passphrase, slot.salt, slot.params)
            try:
                secret = AESGCM(derived[cache_key]).decrypt(
                    slot.nonce, slot.wrapped, slot.aad(self.vault_id)
                )
            except InvalidTag:
                continue
            if len(secret) != VAULT_KEY_BYTES:
                continue
            if slot.kind == KIND_LEGACY:
                return Unlocked(slot.person_id, None, {slot.legacy_key_id: secret})
            keys = self._unseal_all(slot, secret)
            if keys:
                return Unlocked(slot.person_id, secret, keys, slot.root)
        raise WrongPassphrase()

    def _unseal_all(self, slot: KeySlot, private_key: bytes) -> dict[str, bytes]:
        keys: dict[str, bytes] = {}
        for entry in sorted(slot.sealed, key=lambda s: s.key_id != self.key_id):
            aad = _seal_aad(self.vault_id, entry.key_id, slot.person_id)
            try:
                key = sealing.unseal(private_key, entry.epk, entry.nonce, entry.sealed, aad)
            except InvalidTag:
                continue
            if len(key) == VAULT_KEY_BYTES:
                keys[entry.key_id] = key
        return keys

    def to_json(self) -> bytes:
        doc = {
            "format": KEYSLOT_FORMAT,
            "version": KEYSLOT_VERSION,
            "vault_id": self.vault_id,
            "key_id": self.key_id,
            "slots": [_slot_to_dict(s) for s in self.slots],
        }
        return json.dumps(doc, indent=2).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> KeySlotFile:
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise VaultDamaged("key-slot file is not valid JSON") from exc
        if not isinstance(doc, dict) or doc.get("format") != KEYSLOT_FORMAT:
            raise NotAVault("key-slot file has the wrong format marker")
        version = doc.get("version")
        if version not in (1, KEYSLOT_VERSION) or isinstance(version, bool):
            raise VaultDamaged("unsupported key-slot file version")
        try:
            vault_id = _str(doc["vault_id"])
            key_id = LEGACY_KEY_ID if version == 1 else _str(doc["key_id"])
            if not isinstance(doc["slots"], list):
                raise ValueError("slots must be a list")
            if len(doc["slots"]) > MAX_SLOTS:
                raise VaultDamaged("key-slot file holds too many key slots")
            slots = [_slot_from_dict(item, version) for item in doc["slots"]]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise VaultDamaged("key-slot file is malformed") from exc
        if not slots:
            raise VaultDamaged("key-slot file holds no key slot")
        if len({(slot.params, slot.salt) for slot in slots}) > MAX_DERIVATIONS:
            raise VaultDamaged("key-slot file asks for too many key derivations")
        return cls(vault_id=vault_id, slots=slots, key_id=key_id)

    def write(self, path: Path) -> None:
        """Atomic replace: a crash leaves either the old file or the new one, never half of one."""
        write_private_atomically(path, self.to_json())

    @classmethod
    def read(cls, path: Path) -> KeySlotFile:
        with path.open("rb") as fh:
            raw = fh.read(MAX_KEYSLOT_FILE_BYTES + 1)
        if len(raw) > MAX_KEYSLOT_FILE_BYTES:
            raise VaultDamaged("key-slot file is too large")
        return cls.from_json(raw)


def write_private_atomically(path: Path, data: bytes) -> None:
    """Write a 0600 file under a temporary name, fsync it, rename it over `path`, fsync the dir."""
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def normalize_passphrase(passphrase: str) -> str:
    """The form every passphrase is derived from: Unicode NFC."""
    import unicodedata

    return unicodedata.normalize("NFC", passphrase)


def new_key_id() -> str:
    return secrets.token_hex(8)


def new_vault_key() -> bytes:
    return secrets.token_bytes(VAULT_KEY_BYTES)


def _slot_to_dict(slot: KeySlot) -> dict:
    item = {
        "slot_id": slot.slot_id,
        "person_id": slot.person_id,
        "kind": slot.kind,
        "kdf": slot.params.as_dict(),
        "salt": _b64(slot.salt),
        "nonce": _b64(slot.nonce),
        "wrapped_key": _b64(slot.wrapped),
    }
    if slot.root is not None:
        item["root"] = _b64(slot.root)
    if slot.kind == KIND_LEGACY:
        item["key_id"] = slot.legacy_key_id
    else:
        item["vault_keys"] = [
            {
                "key_id": s.key_id,
                "epk": _b64(s.epk),
                "nonce": _b64(s.nonce),
                "sealed": _b64(s.sealed),
            }
            for s in slot.sealed
        ]
    return item


def _slot_from_dict(item: object, version: int) -> KeySlot:
    if not isinstance(item, dict) or not isinstance(item.get("kdf"), dict):
        raise ValueError("a key slot must be an object with a kdf object")
    kdf = item["kdf"]
    if kdf.get("alg") != "argon2id":
        raise ValueError("unknown KDF")
    params = KdfParams(
        memory_kib=kdf["memory_kib"], time_cost=kdf["time_cost"], parallelism=kdf["parallelism"]
    ).check()
    salt, nonce = _unb64(item["salt"]), _unb64(item["nonce"])
    if len(salt) != SALT_BYTES or len(nonce) != NONCE_BYTES:
        raise ValueError("bad salt or nonce length")
    kind = KIND_LEGACY if version == 1 else item["kind"]
    slot = KeySlot(
        slot_id=_str(item["slot_id"]),
        person_id=_str(item["person_id"]),
        params=params,
        salt=salt,
        nonce=nonce,
        wrapped=_unb64(item["wrapped_key"]),
        kind=kind,
    )
    if kind == KIND_LEGACY:
        key_id = LEGACY_KEY_ID if version == 1 else _str(item["key_id"])
        return replace(slot, legacy_key_id=key_id)
    if kind != KIND_SEALED:
        raise ValueError("unknown key-slot kind")
    if "root" in item:
        root = _unb64(item["root"])
        if len(root) != sealing.KEY_BYTES:
            raise ValueError("bad root key length")
        slot = replace(slot, root=root)
    entries = item["vault_keys"]
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_KEYS_PER_SLOT:
        raise ValueError("vault_keys must be a short, non-empty list")
    return replace(slot, sealed=tuple(_sealed_from_dict(e) for e in entries))


def _sealed_from_dict(entry: object) -> SealedKey:
    if not isinstance(entry, dict):
        raise ValueError("a sealed key must be an object")
    sealed = SealedKey(
        key_id=_str(entry["key_id"]),
        epk=_unb64(entry["epk"]),
        nonce=_unb64(entry["nonce"]),
        sealed=_unb64(entry["sealed"]),
    )
    if len(sealed.epk) != sealing.KEY_BYTES or len(sealed.nonce) != NONCE_BYTES:
        raise ValueError("bad sealed-key lengths")
    return sealed


def _str(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise ValueError("expected a short string")
    return value


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text, validate=True)


def fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
