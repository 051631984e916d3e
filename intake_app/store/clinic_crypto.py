"""The clinic network's cryptography: Ed25519 signatures, sealed case keys, encrypted changes."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from intake_app.store import sealing

KEY_BYTES = 32
NONCE_BYTES = 12


class BadSignature(Exception):
    """A clinic file whose signature does not verify with its signer's key."""


class CannotOpen(Exception):
    """A sealed key or an encrypted change this member's keys do not open (or that was altered)."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def canonical(value: Any) -> bytes:
    """One byte string per value: what is signed and what is authenticated."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def new_signing_key() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes_raw()


def signing_public(private: bytes) -> bytes:
    key = Ed25519PrivateKey.from_private_bytes(private).public_key()
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def sign(private: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private).sign(message)


def verify(public: bytes, signature: bytes, message: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError) as exc:
        raise BadSignature() from exc


def fingerprint(public: bytes) -> str:
    """A short, readable digest of a signing key, compared aloud when a member joins."""
    digest = hashlib.sha256(public).hexdigest()[:20].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def new_case_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def seal_key(recipient_seal_public: bytes, key: bytes, aad: bytes) -> dict[str, str]:
    epk, nonce, sealed = sealing.seal(recipient_seal_public, key, aad)
    return {"epk": b64(epk), "nonce": b64(nonce), "sealed": b64(sealed)}


def open_key(seal_private: bytes, copy: dict[str, Any], aad: bytes) -> bytes:
    try:
        epk, nonce, sealed = (unb64(copy[k]) for k in ("epk", "nonce", "sealed"))
        return sealing.unseal(seal_private, epk, nonce, sealed, aad)
    except (InvalidTag, KeyError, ValueError, TypeError) as exc:
        raise CannotOpen() from exc


def encrypt(key: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError) as exc:
        raise CannotOpen() from exc
