"""The one safe way to write an output: never over the vault or its own files (a slip of tab
completion), never into a pipe or a folder, never half a file; on failure the target is as it
was and no temporary file is left."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import sys

import pytest

from intake_app.domain.outputs import (
    OutputFolderMissing,
    OutputIsTheVault,
    OutputNotAFile,
    vault_files,
    write_output,
)
from tests.app.test_cli import PASSPHRASE, REPO, intake, vault  # noqa: F401 - the vault fixture


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


def test_a_symlink_is_replaced_never_written_through(tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"someone else's file")
    link = tmp_path / "packet.pdf"
    link.symlink_to(elsewhere)
    write_output(link, b"%PDF-1.7 packet")
    assert elsewhere.read_bytes() == b"someone else's file"
    assert not link.is_symlink() and link.read_bytes() == b"%PDF-1.7 packet"
    assert stat.S_IMODE(link.stat().st_mode) == 0o600


def test_an_existing_world_readable_file_is_replaced_by_a_private_one(tmp_path):
    target = tmp_path / "export.json"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_output(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o600


PERSONA = os.path.join(
    os.path.dirname(__file__), "..", "personas", "chicago_father_daughter_leukemia.json"
)


def _can_mount_tmpfs() -> str:
    """Empty when a small tmpfs can be mounted in a private mount namespace, else why not."""
    if os.geteuid() != 0:
        return "not root: a small tmpfs cannot be mounted"
    if shutil.which("unshare") is None:
        return "no unshare(1)"
    probe = subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            "mount -t tmpfs -o size=64k tmpfs /mnt && umount /mnt",
        ],
        capture_output=True,
        timeout=20,
    )
    return "" if probe.returncode == 0 else "mount(8) refused: " + probe.stderr.decode()[:200]


def test_a_full_small_disk_gives_a_clear_message_and_leaves_no_partial_file(vault, tmp_path):  # noqa: F811
    why_not = _can_mount_tmpfs()
    if why_not:
        print(f"\nfull disk: skipped, {why_not}")
        pytest.skip(why_not)
    pw = PASSPHRASE + "\n"
    case_id = intake(
        "--vault", str(vault), "import", PERSONA, "--passphrase-stdin", stdin=pw
    ).stdout.split()[-1]
    small = tmp_path / "stick"
    small.mkdir()
    commands = {
        "packet": ["packet", case_id, "--out", f"{small}/packet.pdf"],
        "take-home": [
            "packet",
            case_id,
            "--out",
            f"{tmp_path}/p.pdf",
            "--take-home",
            f"{small}/sheet.pdf",
        ],
        "export": ["export", case_id, "--plaintext", "--out", f"{small}/case.json"],
        "backup": ["backup", "--out", f"{small}/vault.amparo-backup"],
    }
    script = [
        f"mount -t tmpfs -o size=16k tmpfs {small}",
        "dd if=/dev/zero of=" + f"{small}/filler bs=1k count=14 2>/dev/null",
    ]
    for name, args in commands.items():
        line = " ".join(
            shlex.quote(a)
            for a in [
                sys.executable,
                "-m",
                "intake_app",
                "--vault",
                str(vault),
                *args,
                "--passphrase-stdin",
            ]
        )
        feed = f"printf '%s\\n' {shlex.quote(PASSPHRASE)}"
        script.append(f"echo '== {name}'; {feed} | {line} 2>&1; echo \"rc=$?\"")
    script.append(f"echo '== left'; ls -A {small}")
    env = {**os.environ, "AMPARO_INSECURE_TEST_KDF": "1", "LANG": "C.UTF-8"}
    env.pop("DISPLAY", None)
    proc = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", "\n".join(script)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=str(REPO),
    )
    out = proc.stdout + proc.stderr
    sections = dict(re.findall(r"== (\S+)\n(.*?)(?=\n== |\Z)", out, re.S))
    tried = 0
    for name in commands:
        section = sections[name]
        assert "rc=0" not in section, (name, section)
        assert "Traceback" not in section, (name, section)
        assert "disk is full" in section.lower() or "no space" in section.lower(), (name, section)
        tried += 1
    assert sections["left"].split() == ["filler"], sections["left"]
    print(
        f"\nfull disk: {tried} outputs onto a full 16 KB tmpfs: {tried} clear messages, "
        "0 partial files, 0 tracebacks"
    )
