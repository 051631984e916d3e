"""Key slots: passphrases Unicode-normalised (old slots still open), hostile files bounded."""

from __future__ import annotations

import json
import time
import unicodedata

import pytest

from intake_app.domain.errors import VaultDamaged, WrongPassphrase
from intake_app.store import Vault, insecure_test_kdf, keyslot_path
from intake_app.store import keyslots as keyslots_module

COMPOSED = "café lantern river cobalt señora"  # é and ñ as single characters (NFC)
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)  # e + U+0301, n + U+0303


def test_a_passphrase_opens_however_its_accents_were_typed(tmp_path):
    assert COMPOSED != DECOMPOSED
    path = tmp_path / "v.vault"
    Vault.create(path, "Ana", "admin", DECOMPOSED, insecure_test_kdf()).close()
    Vault.open(path, COMPOSED).close()
    Vault.open(path, DECOMPOSED).close()
    with pytest.raises(WrongPassphrase):
        Vault.open(path, "cafe lantern river cobalt senora")


def test_a_slot_written_before_normalisation_still_opens(tmp_path, monkeypatch):
    path = tmp_path / "old.vault"
    monkeypatch.setattr(keyslots_module, "normalize_passphrase", lambda text: text)
    Vault.create(path, "Ana", "admin", DECOMPOSED, insecure_test_kdf()).close()
    monkeypatch.undo()
    Vault.open(path, DECOMPOSED).close()  # tried as typed after the normalised form fails


@pytest.mark.parametrize("what", ["many salts", "many slots"])
def test_a_hostile_key_slot_file_is_refused_before_any_derivation(tmp_path, what):
    path = tmp_path / "v.vault"
    Vault.create(path, "Ana", "admin", COMPOSED, insecure_test_kdf()).close()
    doc = json.loads(keyslot_path(path).read_text())
    slot = doc["slots"][0]
    if what == "many salts":
        import base64
        import os

        doc["slots"] = [
            {**slot, "slot_id": f"{n:016x}", "salt": base64.b64encode(os.urandom(16)).decode()}
            for n in range(keyslots_module.MAX_DERIVATIONS + 1)
        ]
    else:
        doc["slots"] = [slot] * (keyslots_module.MAX_SLOTS + 1)
    keyslot_path(path).write_text(json.dumps(doc))
    started = time.perf_counter()
    with pytest.raises(VaultDamaged, match="too many"):
        Vault.open(path, COMPOSED)
    print(f"hostile key-slot file ({what}): refused in {time.perf_counter() - started:.3f} s")
