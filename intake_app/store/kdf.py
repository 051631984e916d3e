"""Argon2id: the passphrase-derived key, its cost parameters and their range checks."""

from __future__ import annotations

from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from intake_app.domain.errors import VaultDamaged

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
