"""The case bundle's envelope: an authenticated header, then AES-256-GCM chunks with counters.

File layout:

    b"AMPARO-CASE-BUNDLE\\n"  4-byte big-endian header length  header (JSON)  chunks…

The header names the format, the Argon2id parameters and salt, a random 7-byte nonce prefix and
the chunk size. Chunk i (from 0) is the next `chunk_size` plaintext bytes sealed with
nonce = prefix ‖ i (4 bytes) ‖ last-flag (1 byte), and associated data SHA-256(magic ‖ header):
so an edited header, a chunk moved, dropped, repeated or altered, a file cut short or extended
all fail authentication (the STREAM construction that `age` and Tink use).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct
from collections.abc import Iterator
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from intake_app.domain.errors import BundleDamaged, BundleTooNew, NotABundle, VaultDamaged
from intake_app.store.kdf import KdfParams, derive_key

MAGIC = b"AMPARO-CASE-BUNDLE\n"
FORMAT = "amparo-case-bundle"
VERSION = 1
CHUNK_SIZE = 1 << 20
TAG_BYTES = 16
PREFIX_BYTES = 7
SALT_BYTES = 16
MAX_HEADER_BYTES = 64_000
MAX_CHUNK_SIZE = 16 << 20
MAX_VALUE_BYTES = 256 << 20


def new_header(params: KdfParams) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "kdf": params.as_dict(),
        "salt": base64.b64encode(secrets.token_bytes(SALT_BYTES)).decode("ascii"),
        "nonce_prefix": base64.b64encode(secrets.token_bytes(PREFIX_BYTES)).decode("ascii"),
        "chunk_size": CHUNK_SIZE,
    }


def header_bytes(header: dict[str, Any]) -> bytes:
    return json.dumps(header, separators=(",", ":"), sort_keys=True).encode("utf-8")


def bundle_key(header: dict[str, Any], passphrase: str) -> bytes:
    kdf = header["kdf"]
    params = KdfParams(kdf["memory_kib"], kdf["time_cost"], kdf["parallelism"])
    return derive_key(passphrase, base64.b64decode(header["salt"]), params)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= 2**32:
        raise BundleDamaged("too many chunks")
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


class ChunkWriter:
    """Encrypts a byte stream into the bundle file; `close()` seals the final chunk."""

    def __init__(self, fh: BinaryIO, header: dict[str, Any], key: bytes) -> None:
        raw = header_bytes(header)
        fh.write(MAGIC + struct.pack(">I", len(raw)) + raw)
        self._fh = fh
        self._aead = AESGCM(key)
        self._aad = hashlib.sha256(MAGIC + raw).digest()
        self._prefix = base64.b64decode(header["nonce_prefix"])
        self._size = header["chunk_size"]
        self._buffer = bytearray()
        self._counter = 0

    def write(self, data: bytes) -> None:
        self._buffer += data
        # Strictly more than a chunk: what is left at close() becomes the final chunk.
        while len(self._buffer) > self._size:
            self._emit(bytes(self._buffer[: self._size]), last=False)
            del self._buffer[: self._size]

    def close(self) -> None:
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _emit(self, plain: bytes, last: bool) -> None:
        nonce = _nonce(self._prefix, self._counter, last)
        self._fh.write(self._aead.encrypt(nonce, plain, self._aad))
        self._counter += 1


def read_header(fh: BinaryIO) -> tuple[dict[str, Any], bytes]:
    """The header (checked, parameters range-checked) and its exact bytes."""
    if fh.read(len(MAGIC)) != MAGIC:
        raise NotABundle("wrong magic")
    raw_len = fh.read(4)
    if len(raw_len) != 4:
        raise BundleDamaged("truncated header")
    (length,) = struct.unpack(">I", raw_len)
    if not 0 < length <= MAX_HEADER_BYTES:
        raise BundleDamaged("header length out of range")
    raw = fh.read(length)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BundleDamaged("header is not JSON") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise NotABundle("wrong format marker")
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BundleDamaged("bad version")
    if version > VERSION:
        raise BundleTooNew(str(version))
    try:
        kdf = header["kdf"]
        if not isinstance(kdf, dict) or kdf.get("alg") != "argon2id":
            raise ValueError("unknown KDF")
        KdfParams(kdf["memory_kib"], kdf["time_cost"], kdf["parallelism"]).check()
        salt = base64.b64decode(header["salt"], validate=True)
        prefix = base64.b64decode(header["nonce_prefix"], validate=True)
        size = header["chunk_size"]
        if len(salt) != SALT_BYTES or len(prefix) != PREFIX_BYTES:
            raise ValueError("bad salt or prefix length")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= MAX_CHUNK_SIZE:
            raise ValueError("bad chunk size")
    except (KeyError, TypeError, ValueError, VaultDamaged) as exc:
        raise BundleDamaged("bad header field") from exc
    return header, raw


def read_chunks(
    fh: BinaryIO, header: dict[str, Any], raw_header: bytes, key: bytes
) -> Iterator[bytes]:
    """Plaintext chunks in order; BundleDamaged on the first one that fails to authenticate,
    and unless the stream ends exactly with a chunk sealed as the last."""
    aead = AESGCM(key)
    aad = hashlib.sha256(MAGIC + raw_header).digest()
    prefix = base64.b64decode(header["nonce_prefix"])
    block = header["chunk_size"] + TAG_BYTES
    current = fh.read(block)
    counter = 0
    while True:
        following = fh.read(block) if len(current) == block else b""
        last = not following
        if len(current) < TAG_BYTES:
            raise BundleDamaged("truncated chunk")
        try:
            plain = aead.decrypt(_nonce(prefix, counter, last), current, aad)
        except InvalidTag as exc:
            raise BundleDamaged(f"chunk {counter} failed authentication") from exc
        yield plain
        if last:
            return
        current, counter = following, counter + 1


class RecordReader:
    """Exact reads over the decrypted chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = bytearray()
        self._ended = False

    def read(self, n: int) -> bytes:
        while len(self._buffer) < n and not self._ended:
            try:
                self._buffer += next(self._chunks)
            except StopIteration:
                self._ended = True
        if len(self._buffer) < n:
            raise BundleDamaged("the bundle ends in the middle of a record")
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def at_end(self) -> bool:
        """True when every chunk was read and authenticated and nothing is left over."""
        if not self._buffer and not self._ended:
            for chunk in self._chunks:
                self._buffer += chunk
            self._ended = True
        return self._ended and not self._buffer


# --- values: a tiny tagged encoding (never pickle for a file someone may have tampered with) --

_NULL, _INT, _FLOAT, _TEXT, _BLOB = b"\x00", b"\x01", b"\x02", b"\x03", b"\x04"


def encode_value(value: Any) -> bytes:
    if value is None:
        return _NULL
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return _INT + struct.pack(">q", value)
    if isinstance(value, float):
        return _FLOAT + struct.pack(">d", value)
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
        return _TEXT + struct.pack(">I", len(data)) + data
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        return _BLOB + struct.pack(">I", len(data)) + data
    raise TypeError(f"cannot encode {type(value).__name__}")


def decode_value(reader: RecordReader) -> Any:
    tag = reader.read(1)
    if tag == _NULL:
        return None
    if tag == _INT:
        return struct.unpack(">q", reader.read(8))[0]
    if tag == _FLOAT:
        return struct.unpack(">d", reader.read(8))[0]
    if tag in (_TEXT, _BLOB):
        (length,) = struct.unpack(">I", reader.read(4))
        if length > MAX_VALUE_BYTES:
            raise BundleDamaged("a value is larger than any Amparo writes")
        data = reader.read(length)
        if tag == _BLOB:
            return data
        try:
            return data.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError as exc:
            raise BundleDamaged("text is not UTF-8") from exc
    raise BundleDamaged("unknown value tag")
