"""Compiled definitions (forms, rules, packet paragraphs) kept on disk, keyed by their sources."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from intake_app import __version__, paths

# Parsing the YAML definitions is most of what a command costs (ruamel's round-trip parser is
# pure Python: about a second for the questionnaire, rules and paragraphs). They hold no client
# data, so their compiled objects are kept in the user's cache folder and reused while neither
# the YAML nor Amparo's own code changes: the key hashes both.
CACHE_DIR_ENV = "AMPARO_CACHE_DIR"
CACHE_OFF_ENV = "AMPARO_NO_DEFINITIONS_CACHE"
_MAX_BYTES = 32 * 1024 * 1024  # far above the ~0.6 MB the definitions take; guards a stray file

T = TypeVar("T")


def cache_dir() -> Path | None:
    """Where compiled definitions go; None when caching is switched off."""
    if os.environ.get(CACHE_OFF_ENV):
        return None
    named = os.environ.get(CACHE_DIR_ENV)
    if named:
        return Path(named)
    import platformdirs

    return Path(platformdirs.user_cache_dir(paths.APP_NAME, paths.APP_AUTHOR)) / "definitions"


def cached(kind: str, sources: Iterable[Path], build: Callable[[], T], extra: str = "") -> T:
    """`build()`'s result, from the cache when `sources`, `extra` and Amparo's code are unchanged.

    `build` must raise rather than return a partial result: only what it returns is kept. Any
    trouble with the cache (unreadable, someone else's file, a stale layout) means `build()`.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        key = _key(kind, sources, extra)
    except OSError:
        return build()
    # One file per kind and place (the forms of one folder, the Spanish catalog…): a new key
    # replaces that file rather than piling up beside it.
    family = f"{kind}-{hashlib.sha256(extra.encode()).hexdigest()[:8]}"
    path = folder / f"{family}-{key}.pickle"
    found = _read(path)
    if found is not None:
        return found
    value = build()
    _write(folder, family, path, value)
    return value


def _key(kind: str, sources: Iterable[Path], extra: str) -> str:
    digest = hashlib.sha256()
    for part in (kind, __version__, sys.version, _code_fingerprint(), extra):
        digest.update(part.encode() + b"\0")
    for source in sorted(sources):
        digest.update(str(source).encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()[:40]


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Amparo's own code, by each module's size and modification time (cheap: no reading), so a
    changed class never meets objects pickled by its older self; a bundle is its executable."""
    if paths.is_frozen():
        info = Path(sys.executable).stat()
        return f"frozen:{info.st_size}:{info.st_mtime_ns}"
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for module in sorted(package.rglob("*.py")):
        info = module.stat()
        digest.update(f"{module.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _read(path: Path) -> object | None:
    """The cached object, or None. Only a regular file of this user's, writable by nobody else,
    is unpickled: pickle runs code, and the cache folder must not become a way in."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_BYTES:
            return None
        if hasattr(os, "getuid") and (
            info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            data = handle.read(_MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    try:
        return pickle.loads(data)
    except Exception:  # a layout from another version of a dependency: rebuild
        return None


def _write(folder: Path, family: str, path: Path, value: object) -> None:
    """Best effort: a read-only or full disk only means the next command parses again."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for stale in folder.glob(f"{family}-*.pickle"):
            stale.unlink(missing_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{family}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
