"""Key slots: the random vault key wrapped per person under an Argon2id key of their passphrase."""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from intake_app.domain.errors import NotAVault, VaultDamaged, WrongPassphrase

KEYSLOT_FORMAT = "amparo-keyslots"
KEYSLOT_VERSION = 1
VAULT_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
MAX_KEYSLOT_FILE_BYTES = 1_000_000

# Bounds applied to parameters read from disk: a hostile file must not make unlock take an hour,
# nor pass off parameters so weak they are no protection.
MEMORY_KIB_RANGE = (8, 1_048_576)
TIME_COST_RANGE = (1, 10)
PARALLELISM_RANGE = (1, 16)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters, stored beside each slot and range-checked when read."""

    memory_kib: int
    time_cost: int
    parallelism: int

    def check(self) -> KdfParams:
        for value, (low, high) in (
            (self.memory_kib, MEMORY_KIB_RANGE),
            (self.time_cost, TIME_COST_RANGE),
            (self.parallelism, PARALLELISM_RANGE),
        ):
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise VaultDamaged("key-derivation parameters out of range")
        if self.memory_kib < 8 * self.parallelism:
            raise VaultDamaged("key-derivation memory below Argon2's minimum")
        return self

    def as_dict(self) -> dict[str, int | str]:
        return {
            "alg": "argon2id",
            "memory_kib": self.memory_kib,
            "time_cost": self.time_cost,
            "parallelism": self.parallelism,
        }


# Shipped default: 64 MiB, 3 passes, 4 lanes (about a quarter second here; above OWASP's floor).
DEFAULT_KDF = KdfParams(memory_kib=65_536, time_cost=3, parallelism=4)


def insecure_test_kdf() -> KdfParams:
    """Cheap parameters for the test-suite only; never chosen unless a caller asks by name."""
    return KdfParams(memory_kib=8, time_cost=1, parallelism=1)


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


@dataclass(frozen=True)
class KeySlot:
    """One person's copy of the vault key, wrapped under their passphrase."""

    slot_id: str
    person_id: str
    params: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes

    def aad(self, vault_id: str) -> bytes:
        # Binding the parameters to the ciphertext means an edited file fails to unwrap
        # instead of silently weakening the derivation.
        p = self.params
        return (
            f"{KEYSLOT_FORMAT}|{vault_id}|{self.slot_id}|{self.person_id}|"
            f"{p.memory_kib}|{p.time_cost}|{p.parallelism}"
        ).encode()


@dataclass
class KeySlotFile:
    """Every slot of one vault: the small plaintext sidecar that holds nothing but wrapped keys."""

    vault_id: str
    slots: list[KeySlot]

    @classmethod
    def new(cls) -> KeySlotFile:
        return cls(vault_id=secrets.token_hex(16), slots=[])

    def add_slot(
        self, person_id: str, passphrase: str, vault_key: bytes, params: KdfParams
    ) -> None:
        salt = self._shared_salt(params) or secrets.token_bytes(SALT_BYTES)
        slot = KeySlot(
            slot_id=secrets.token_hex(8),
            person_id=person_id,
            params=params,
            salt=salt,
            nonce=secrets.token_bytes(NONCE_BYTES),
            wrapped=b"",
        )
        wrapped = AESGCM(derive_key(passphrase, salt, params)).encrypt(
            slot.nonce, vault_key, slot.aad(self.vault_id)
        )
        self.slots = [s for s in self.slots if s.person_id != person_id]
        self.slots.append(
            KeySlot(slot.slot_id, person_id, params, salt, slot.nonce, wrapped),
        )

    def _shared_salt(self, params: KdfParams) -> bytes | None:
        # Slots with the same parameters share the vault's salt so unlocking derives only once.
        for slot in self.slots:
            if slot.params == params:
                return slot.salt
        return None

    def unwrap(self, passphrase: str) -> tuple[str, bytes]:
        """Return (person_id, vault_key) for the slot this passphrase opens."""
        derived: dict[tuple[KdfParams, bytes], bytes] = {}
        for slot in self.slots:
            cache_key = (slot.params, slot.salt)
            if cache_key not in derived:
                derived[cache_key] = derive_key(passphrase, slot.salt, slot.params)
            try:
                key = AESGCM(derived[cache_key]).decrypt(
                    slot.nonce, slot.wrapped, slot.aad(self.vault_id)
                )
            except InvalidTag:
                continue
            if len(key) == VAULT_KEY_BYTES:
                return slot.person_id, key
        raise WrongPassphrase()

    def to_json(self) -> bytes:
        doc = {
            "format": KEYSLOT_FORMAT,
            "version": KEYSLOT_VERSION,
            "vault_id": self.vault_id,
            "slots": [
                {
                    "slot_id": s.slot_id,
                    "person_id": s.person_id,
                    "kdf": s.params.as_dict(),
                    "salt": _b64(s.salt),
                    "nonce": _b64(s.nonce),
                    "wrapped_key": _b64(s.wrapped),
                }
                for s in self.slots
            ],
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
        if doc.get("version") != KEYSLOT_VERSION:
            raise VaultDamaged("unsupported key-slot file version")
        try:
            vault_id = _str(doc["vault_id"])
            if not isinstance(doc["slots"], list):
                raise ValueError("slots must be a list")
            slots = [_slot_from_dict(item) for item in doc["slots"]]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise VaultDamaged("key-slot file is malformed") from exc
        if not slots:
            raise VaultDamaged("key-slot file holds no key slot")
        return cls(vault_id=vault_id, slots=slots)

    def write(self, path: Path) -> None:
        """Atomic replace: a crash leaves either the old file or the new one, never half of one."""
        tmp = path.with_name(path.name + ".new")
        data = self.to_json()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        _fsync_dir(path.parent)

    @classmethod
    def read(cls, path: Path) -> KeySlotFile:
        with path.open("rb") as fh:
            raw = fh.read(MAX_KEYSLOT_FILE_BYTES + 1)
        if len(raw) > MAX_KEYSLOT_FILE_BYTES:
            raise VaultDamaged("key-slot file is too large")
        return cls.from_json(raw)


def new_vault_key() -> bytes:
    return secrets.token_bytes(VAULT_KEY_BYTES)


def _slot_from_dict(item: object) -> KeySlot:
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
    return KeySlot(
        slot_id=_str(item["slot_id"]),
        person_id=_str(item["person_id"]),
        params=params,
        salt=salt,
        nonce=nonce,
        wrapped=_unb64(item["wrapped_key"]),
    )


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


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
