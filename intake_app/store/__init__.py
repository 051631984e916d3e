"""The encrypted vault: SQLCipher, key derivation and key slots, migrations, repositories."""

from intake_app.store.keyslots import DEFAULT_KDF, KdfParams, insecure_test_kdf
from intake_app.store.vault import Vault, keyslot_path

__all__ = ["DEFAULT_KDF", "KdfParams", "Vault", "insecure_test_kdf", "keyslot_path"]
