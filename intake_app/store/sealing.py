"""Sealing a vault key to a person's X25519 public key: an admin can rekey without passphrases."""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

KEY_BYTES = 32
NONCE_BYTES = 12
_INFO = b"amparo-seal-v1"


def new_private_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def public_key_of(private_key: bytes) -> bytes:
    key = X25519PrivateKey.from_private_bytes(private_key).public_key()
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _kek(shared: bytes, epk: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=epk + recipient, info=_INFO).derive(shared)


def seal(recipient_public: bytes, secret: bytes, aad: bytes) -> tuple[bytes, bytes, bytes]:
    """(ephemeral public key, nonce, ciphertext): only the recipient's private key opens it."""
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(_kek(shared, epk, recipient_public)).encrypt(nonce, secret, aad)
    return epk, nonce, sealed


def unseal(private_key: bytes, epk: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    """The sealed secret, or InvalidTag when it was not sealed to this key or was altered."""
    me = X25519PrivateKey.from_private_bytes(private_key)
    try:
        shared = me.exchange(X25519PublicKey.from_public_bytes(epk))
    except ValueError as exc:  # a low-order point: a hostile file, not a key
        raise InvalidTag() from exc
    recipient = me.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return AESGCM(_kek(shared, epk, recipient)).decrypt(nonce, sealed, aad)
