"""`intake clinic` from a terminal: found, join, admit, share and sync between two vaults."""

from __future__ import annotations

from tests.app.test_cli import PASSPHRASE, intake

PW = PASSPHRASE + "\n"
PERSONA = "tests/personas/chicago_father_daughter_leukemia.json"


def _init(path, name):
    done = intake("--vault", str(path), "init", "--name", name, "--passphrase-stdin", stdin=PW)
    assert done.returncode == 0, done.stderr


def test_two_laptops_share_a_case_from_the_command_line(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    ana, beto = tmp_path / "ana.vault", tmp_path / "beto.vault"
    _init(ana, "Ana")
    _init(beto, "Beto")

    def run(vault, *args):
        done = intake("--vault", str(vault), "clinic", *args, "--passphrase-stdin", stdin=PW)
        assert done.returncode == 0, done.stderr
        return done.stdout

    created = run(ana, "create", "--folder", str(folder), "--name", "Ana")
    clinic_id = created.strip().splitlines()[-1]
    joined = run(beto, "join", "--folder", str(folder), "--name", "Beto", "--clinic", clinic_id)
    fingerprint = joined.strip().splitlines()[-1]
    (request,) = run(ana, "requests").strip().splitlines()
    member_id, name, shown = request.split("\t")
    assert (name, shown) == ("Beto", fingerprint)
    assert "Admitted Beto as attorney." in run(ana, "admit", member_id, "--role", "attorney")
    imported = intake("--vault", str(ana), "import", PERSONA, "--passphrase-stdin", stdin=PW)
    case_id = imported.stdout.split()[-1]
    assert "1 change files applied" not in run(ana, "share", case_id)
    synced = run(beto, "sync")  # the folder was kept when Beto joined
    assert "1 new cases" in synced

    def names(vault):
        listed = intake("--vault", str(vault), "cases", "--passphrase-stdin", stdin=PW).stdout
        return [line.split("\t")[1:] for line in listed.strip().splitlines()]

    assert names(beto) == names(ana) and len(names(beto)) == 1
    status = run(beto, "status")
    assert clinic_id in status and "attorney\tBeto" in status and "Last sync:" in status


def test_clinic_commands_say_what_is_missing(tmp_path):
    vault = tmp_path / "a.vault"
    _init(vault, "Ana")
    done = intake("--vault", str(vault), "clinic", "sync", "--passphrase-stdin", stdin=PW)
    assert done.returncode == 2 and "--folder" in done.stderr
    done = intake(
        "--vault",
        str(vault),
        "clinic",
        "join",
        "--folder",
        str(tmp_path),
        "--name",
        "A",
        "--clinic",
        "not-an-id",
        "--passphrase-stdin",
        stdin=PW,
    )
    assert (
        done.returncode == 1 and "not a clinic id" in done.stderr and "Traceback" not in done.stderr
    )
