"""The one safe way to write an output: never over the vault or its own files (a slip of tab
completion), never into a pipe or a folder, never half a file; on failure the target is as it
was and no temporary file is left."""

from __future__ import annotations

import os
import stat

import pytest

from intake_app.domain.outputs import (
    OutputFolderMissing,
    OutputIsTheVault,
    OutputNotAFile,
    vault_files,
    write_output,
)
from tests.app.test_cli import PASSPHRASE, intake, vault  # noqa: F401 - the vault fixture


def _vault_like(tmp_path):
    own = tmp_path / "amparo.vault"
    for path in vault_files(own)[:3]:
        path.write_bytes(b"precious " + path.name.encode())
    return own


def test_the_vault_and_its_own_files_are_never_written(tmp_path):
    own = _vault_like(tmp_path)
    before = {p: p.read_bytes() for p in vault_files(own) if p.exists()}
    hard_link = tmp_path / "packet.pdf"
    os.link(own, hard_link)
    symlink = tmp_path / "link.pdf"
    symlink.symlink_to(own.with_name(own.name + ".keys"))
    for target in [*vault_files(own), hard_link, symlink, tmp_path / "." / "amparo.vault"]:
        with pytest.raises(OutputIsTheVault):
            write_output(target, b"%PDF-", protected=vault_files(own))
    assert {p: p.read_bytes() for p in before} == before


def test_pipes_folders_and_missing_folders_are_refused_at_once(tmp_path):
    fifo = tmp_path / "out.pdf"
    os.mkfifo(fifo)
    with pytest.raises(OutputNotAFile):
        write_output(fifo, b"x")  # would block forever if opened
    with pytest.raises(OutputNotAFile):
        write_output(tmp_path, b"x")
    with pytest.raises(OutputFolderMissing):
        write_output(tmp_path / "no" / "such" / "out.pdf", b"x")


def test_a_failure_half_way_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "packet.pdf"
    target.write_bytes(b"the packet sent yesterday")

    def writes_then_fails(fh):
        fh.write(b"%PDF-1.7 half a packet")
        raise RuntimeError("the vault turned out damaged")

    with pytest.raises(RuntimeError):
        write_output(target, writes_then_fails)
    assert target.read_bytes() == b"the packet sent yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packet.pdf"]


def test_a_written_output_is_private_and_whole(tmp_path):
    target = write_output(tmp_path / "take-home.pdf", lambda fh: fh.write(b"%PDF-1.7 whole"))
    assert target.read_bytes() == b"%PDF-1.7 whole"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_cli_refuses_to_write_a_packet_over_its_own_vault(vault, tmp_path):  # noqa: F811
    pw = PASSPHRASE + "\n"
    persona = tmp_path.parent / "persona.json"
    persona.write_text(
        '{"format": "amparo-case", "format_version": 1, "form": "humanitarian_release", '
        '"form_version": 1, "interview_language": "es", "answers": '
        '{"detainee_family_names": "Quispe"}}',
        encoding="utf-8",
    )
    case_id = intake(
        "--vault", str(vault), "import", str(persona), "--passphrase-stdin", stdin=pw
    ).stdout.split()[-1]
    for target in (vault, vault.with_name(vault.name + ".keys")):
        result = intake(
            *("--vault", str(vault), "packet", case_id, "--out", str(target)),
            "--passphrase-stdin",
            stdin=pw,
        )
        assert result.returncode == 1 and "the vault itself" in result.stderr, result.stderr
    still = intake("--vault", str(vault), "cases", "--passphrase-stdin", stdin=pw)
    assert still.returncode == 0 and case_id in still.stdout


def test_a_backup_or_bundle_is_never_written_over_the_vault(tmp_path):
    from intake_app.session import Session
    from intake_app.store import insecure_test_kdf

    session = Session(tmp_path / "amparo.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    session.create_vault("Ana", "admin", PASSPHRASE)
    case_id = session.cases.create("es")
    keys = tmp_path / "amparo.vault.keys"
    before = keys.read_bytes()
    with pytest.raises(OutputIsTheVault):
        session.transfer.backup(keys)
    with pytest.raises(OutputIsTheVault):
        session.transfer.export_bundle(case_id, tmp_path / "amparo.vault")
    assert keys.read_bytes() == before
    session.lock()
    assert session.unlock(PASSPHRASE).display_name == "Ana"
    session.lock()
