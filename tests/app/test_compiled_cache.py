"""The definitions cache: reused while sources and code are unchanged, ignored when suspect."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from intake_app import compiled, paths
from intake_app.compiled import CACHE_DIR_ENV, CACHE_OFF_ENV, cached


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    monkeypatch.delenv(CACHE_OFF_ENV, raising=False)
    return folder


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "thing.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    return path


class Builder:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict:
        self.calls += 1
        return {"built": self.calls}


def test_a_second_load_comes_from_the_cache(cache, source):
    build = Builder()
    assert cached("thing", [source], build) == {"built": 1}
    assert cached("thing", [source], build) == {"built": 1}
    assert build.calls == 1
    (only,) = cache.glob("thing-*.pickle")
    assert only.stat().st_mode & 0o077 == 0


def test_a_changed_source_is_built_again_and_replaces_the_old_file(cache, source):
    build = Builder()
    cached("thing", [source], build)
    source.write_text("a: 2\n", encoding="utf-8")
    assert cached("thing", [source], build) == {"built": 2}
    assert len(list(cache.glob("thing-*.pickle"))) == 1


def test_another_place_keeps_its_own_file(cache, source):
    build = Builder()
    cached("thing", [source], build, extra="en")
    cached("thing", [source], build, extra="es")
    assert cached("thing", [source], build, extra="en") == {"built": 1}
    assert build.calls == 2


@pytest.mark.parametrize("spoil", ["garbage", "group-writable", "symlink", "folder"])
def test_a_suspect_cache_file_is_never_unpickled(cache, source, tmp_path, spoil):
    cached("thing", [source], Builder())
    (path,) = cache.glob("thing-*.pickle")
    if spoil == "garbage":
        path.write_bytes(b"\x80\x05not a pickle")
    elif spoil == "group-writable":
        path.chmod(0o664)
    elif spoil == "symlink":
        planted = tmp_path / "planted.pickle"
        planted.write_bytes(pickle.dumps({"built": "planted"}))
        path.unlink()
        path.symlink_to(planted)
    else:
        path.unlink()
        path.mkdir()
    build = Builder()
    assert cached("thing", [source], build) == {"built": 1}
    assert build.calls == 1


def test_a_failed_build_leaves_nothing_behind(cache, source):
    def broken() -> dict:
        raise ValueError("the definitions have errors")

    with pytest.raises(ValueError):
        cached("thing", [source], broken)
    assert not cache.exists() or not list(cache.iterdir())


def test_switched_off_it_writes_nothing(cache, source, monkeypatch):
    monkeypatch.setenv(CACHE_OFF_ENV, "1")
    build = Builder()
    cached("thing", [source], build)
    cached("thing", [source], build)
    assert build.calls == 2 and not cache.exists()


def test_an_unwritable_cache_only_costs_a_parse(tmp_path, source, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))
    assert cached("thing", [source], Builder()) == {"built": 1}


def test_the_real_definitions_come_back_equal(cache):
    """Forms, rules, paragraphs and the Spanish catalog, compiled fresh and read back."""
    from intake_app.analysis.rules import default_rules_path, load_rules
    from intake_app.forms.loader import load_forms
    from intake_app.packet.loader import _load_blocks_now, load_packet_blocks, packet_dir

    forms_dir = paths.forms_dir().resolve()
    fresh_forms = load_forms(forms_dir)
    assert load_forms(forms_dir) == fresh_forms
    assert {p.name.split("-")[0] for p in cache.glob("*.pickle")} >= {"forms"}
    rules_path = default_rules_path().resolve()
    fresh_rules = load_rules(rules_path)
    assert cached("rules", [rules_path], lambda: load_rules(rules_path)) == fresh_rules
    assert cached("rules", [rules_path], lambda: load_rules(rules_path)) == fresh_rules
    load_packet_blocks.cache_clear()
    try:
        warm = load_packet_blocks()
        load_packet_blocks.cache_clear()
        assert load_packet_blocks() == warm == _load_blocks_now(packet_dir().resolve())
    finally:
        load_packet_blocks.cache_clear()


def test_a_warm_command_builds_the_same_packet(tmp_path, cache):
    """The demo's packet from a cold and from a warm cache: the same letter, word for word."""
    env = dict(os.environ, AMPARO_INSECURE_TEST_KDF="1", **{CACHE_DIR_ENV: str(cache)})
    texts = []
    for run in ("cold", "warm"):
        out = tmp_path / run
        subprocess.run(
            [sys.executable, "-m", "intake_app", "demo", "--out", str(out)],
            check=True,
            env=env,
            capture_output=True,
            timeout=120,
        )
        from pypdf import PdfReader

        reader = PdfReader(out / "packet.pdf")
        texts.append("\n".join(page.extract_text() for page in reader.pages))
    assert texts[0] == texts[1] and "Exhibit" in texts[0]
    kinds = {p.name.split("-")[0] for p in cache.glob("*.pickle")}
    assert kinds >= {"forms", "rules", "packet"}, kinds


def test_code_changes_change_the_key(monkeypatch, cache, source):
    build = Builder()
    cached("thing", [source], build)
    monkeypatch.setattr(compiled, "_code_fingerprint", lambda: "another build of Amparo")
    cached("thing", [source], build)
    assert build.calls == 2
