"""Nothing readable on disk: canaries saved in the vault are found in no file, no open descriptor
(deleted temp files included), and no output; planted leaks are found, so the scans work."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest

from intake_app.store import Vault
from intake_app.store import insecure_test_kdf as cheap_kdf_params
from tests.conftest import IsolatedEnv
from tests.security._support import (
    ENCODINGS,
    PASSPHRASE,
    Canaries,
    case_answers,
    case_document,
    child_script,
    find_needles,
    run_python,
    scan_tree,
)


def _fd_scan(vault: Path, canaries: Canaries, env: dict, *flags: str) -> dict:
    spec = {"needles": canaries.needles(), "answers": case_answers(canaries)}
    proc = run_python(
        [child_script("child_fd_scan.py"), str(vault), *flags],
        stdin=PASSPHRASE + "\n" + json.dumps(spec) + "\n",
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert find_needles(proc.stderr.encode(), canaries.needles()) == []
    if not flags:  # the controls report their hits, canaries included
        assert find_needles(proc.stdout.encode(), canaries.needles()) == []
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture
def store_vault(isolated_env: IsolatedEnv) -> Path:
    path = isolated_env.dir("XDG_DATA_HOME") / "Amparo" / "amparo.vault"
    Vault.create(path, "Ana Staff", "admin", PASSPHRASE, cheap_kdf_params()).close()
    return path


# --- the scanners find what is there (positive controls) -------------------------------------


def test_tree_scan_finds_a_planted_canary_in_every_encoding(tmp_path: Path) -> None:
    canaries = Canaries.new()
    for encoding in ENCODINGS:
        (tmp_path / "deep" / encoding).mkdir(parents=True)
        (tmp_path / "deep" / encoding / "notes.txt").write_bytes(
            b"\x00junk" + canaries.family_names.encode(encoding) + b"junk"
        )
    files, hits = scan_tree(tmp_path, canaries.needles())
    assert files == len(ENCODINGS)
    found = {(Path(path).parent.name, needle, enc) for path, needle, enc in hits}
    for encoding in ENCODINGS:
        assert (encoding, canaries.family_names, encoding) in found


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16le", "UTF-16be"])
def test_tree_scan_finds_canaries_in_an_unencrypted_sqlite_database(
    tmp_path: Path, encoding: str
) -> None:
    canaries = Canaries.new()
    db = sqlite3.connect(tmp_path / "plain.db")
    db.execute(f"PRAGMA encoding = '{encoding}'")
    db.execute("CREATE TABLE answers (value TEXT)")
    db.execute("INSERT INTO answers VALUES (?)", (canaries.given_names,))
    db.commit()
    db.close()
    _files, hits = scan_tree(tmp_path, canaries.needles())
    assert any(needle == canaries.given_names for _path, needle, _enc in hits)


def test_descriptor_scan_finds_a_canary_in_an_unlinked_open_file(
    store_vault: Path, isolated_env: IsolatedEnv
) -> None:
    report = _fd_scan(store_vault, Canaries.new(), isolated_env.env, "--plant-unlinked")
    assert report["deleted_fds"] >= 1
    assert any(target.endswith(" (deleted)") for target, _n, enc in report["hits"])
    assert {enc for _t, _n, enc in report["hits"]} >= {"utf-16-le"}


def test_descriptor_scan_catches_sqlite_temp_files_when_temp_store_is_file(
    store_vault: Path, isolated_env: IsolatedEnv
) -> None:
    """The same work, with temp_store=FILE, leaks: so the clean result below is meaningful."""
    report = _fd_scan(store_vault, Canaries.new(), isolated_env.env, "--temp-store-file")
    leaked = {target for target, _n, _e in report["hits"]}
    print(f"\ncontrol with temp_store=FILE: canaries in {sorted(leaked)}")
    assert any("etilqs_" in target and "(deleted)" in target for target in leaked)


# --- and find nothing in the real thing ------------------------------------------------------


def test_open_descriptors_of_a_working_vault_hold_no_canary(
    store_vault: Path, isolated_env: IsolatedEnv
) -> None:
    canaries = Canaries.new()
    report = _fd_scan(store_vault, canaries, isolated_env.env)
    files, hits = scan_tree(isolated_env.root, canaries.needles())
    print(
        f"\ndescriptor scan: {report['regular_fds']} regular files open "
        f"({report['deleted_fds']} deleted) during sorts and TEMP tables, "
        f"{len(report['hits'])} canary hits; then {files} files on disk, {len(hits)} hits"
    )
    assert report["regular_fds"] >= 2  # at least the vault and its WAL were read
    assert report["hits"] == []
    assert hits == []


def test_cli_workflow_leaves_no_canary_on_disk_or_in_output(
    isolated_env: IsolatedEnv, tmp_path: Path
) -> None:
    canaries = Canaries.new()
    env = {**isolated_env.env, "AMPARO_INSECURE_TEST_KDF": "1", "LC_ALL": "C.UTF-8"}
    # The case files come from outside the scanned tree, like a download folder.
    outside = tmp_path / "downloads"
    outside.mkdir()
    case_file = outside / "case.json"
    case_file.write_text(json.dumps(case_document(canaries), ensure_ascii=False), "utf-8")
    bad_case_file = outside / "bad-case.json"
    bad = case_document(canaries)
    bad["answers"]["a_number"] = f"not a number {canaries.family_names}"
    bad["answers"]["detainee_birth_date"] = f"{canaries.given_names}"
    bad_case_file.write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
    log_file = isolated_env.dir("XDG_STATE_HOME") / "debug.log"

    def cli(args: list[str], stdin: str = PASSPHRASE + "\n"):
        # Python logging at DEBUG into a file inside the scanned tree, around the real CLI.
        code = (
            "import logging, sys\n"
            f"logging.basicConfig(level=logging.DEBUG, filename={str(log_file)!r})\n"
            "from intake_app.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n"
        )
        return run_python(["-c", code, *args, "--lang", "en"], stdin=stdin, env=env, cwd=outside)

    export = [
        "export",
        "C-ZZZZZZ",
        "--plaintext",
        "--passphrase-stdin",
        "--out",
        str(outside / "x.json"),
    ]
    steps = [
        ("init", cli(["init", "--name", canaries.display_name, "--passphrase-stdin"]), 0),
        ("import", cli(["import", str(case_file), "--passphrase-stdin"]), 0),
        ("import invalid", cli(["import", str(bad_case_file), "--passphrase-stdin"]), 1),
        ("wrong passphrase", cli(["import", str(case_file), "--passphrase-stdin"], "nope\n"), 1),
        ("unlock again (export of a missing case)", cli(export), 1),
    ]
    _check_steps(steps, canaries)
    outputs = {name: proc for name, proc, _code in steps}
    assert "a_number" in outputs["import invalid"].stderr  # the reason is shown, not the value
    assert "Wrong passphrase" in outputs["wrong passphrase"].stderr
    assert "No case with that number" in outputs["unlock again (export of a missing case)"].stderr
    steps += _care_of_the_vault(cli, canaries, outputs["import"].stdout, isolated_env, outside)
    _check_steps(steps, canaries)
    vault = isolated_env.dir("XDG_DATA_HOME") / "Amparo" / "amparo.vault"
    assert vault.is_file(), "init must put the vault in the (isolated) user data folder"
    assert "vault unlocked" in log_file.read_text(), "DEBUG logging was not active"
    files, hits = scan_tree(isolated_env.root, canaries.needles())
    print(f"\nCLI workflow: {len(steps)} commands, {files} files scanned, {len(hits)} canary hits")
    assert hits == []
    # The import really stored the canaries: the vault reads them back.
    opened = Vault.open(vault, PASSPHRASE)
    try:
        (case,) = opened.list_cases()
        stored = opened.answers(case.id)
    finally:
        opened.close()
    assert stored["detainee_family_names"] == canaries.family_names
    assert canaries.long_text.strip() in json.dumps(stored, ensure_ascii=False)


def _check_steps(steps: list, canaries: Canaries) -> None:
    for name, proc, code in steps:
        assert proc.returncode == code, f"{name}: exit {proc.returncode}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr, f"{name}:\n{proc.stderr}"
        leaks = find_needles((proc.stdout + proc.stderr).encode(), canaries.needles())
        assert leaks == [], f"{name} printed canaries {leaks}:\n{proc.stdout}\n{proc.stderr}"


def _care_of_the_vault(cli, canaries: Canaries, imported: str, env: IsolatedEnv, outside: Path):
    """The rest of a clinic's workflow: attach, packet, people, backup, restore, a bundle out
    of this vault and into another. Every file lands inside the scanned tree."""
    from tests.evidence.conftest import pdf_bytes

    case_id = imported.strip().split()[-1]
    usb = env.dir("HOME") / "usb-stick"
    usb.mkdir()
    scan = outside / "scan.pdf"
    scan.write_bytes(pdf_bytes(2, marker=canaries.family_names.split()[-1]))
    p = PASSPHRASE + "\n"
    attorney = "copper meadow sailing violin nine"
    other_vault = ["--vault", str(env.dir("HOME") / "attorney" / "amparo.vault")]
    steps = [
        (
            "attach",
            cli(["attach", case_id, str(scan), "--category", "identity", "--passphrase-stdin"]),
            0,
        ),
        (
            "packet, encrypted",
            cli(
                [
                    "packet",
                    case_id,
                    "--out",
                    str(usb / "packet.pdf"),
                    "--password-stdin",
                    "--passphrase-stdin",
                ],
                p + "a pdf password\n",
            ),
            0,
        ),
        (
            "people add",
            cli(
                [
                    "people",
                    "add",
                    "--name",
                    "Ada Attorney",
                    "--role",
                    "attorney",
                    "--passphrase-stdin",
                ],
                p + attorney + "\n",
            ),
            0,
        ),
        (
            "backup",
            cli(["backup", "--out", str(usb / "clinic.amparo-backup"), "--passphrase-stdin"]),
            0,
        ),
        (
            "restore",
            cli(
                [
                    "restore",
                    str(usb / "clinic.amparo-backup"),
                    "--to",
                    str(env.dir("HOME") / "restored" / "amparo.vault"),
                    "--passphrase-stdin",
                ],
                attorney + "\n",
            ),
            0,
        ),
        (
            "bundle export",
            cli(
                [
                    "bundle",
                    "export",
                    case_id,
                    "--out",
                    str(usb / "case.amparo-case"),
                    "--passphrase-stdin",
                ]
            ),
            0,
        ),
        (
            "init the attorney's vault",
            cli([*other_vault, "init", "--name", "Ada", "--passphrase-stdin"], attorney + "\n"),
            0,
        ),
    ]
    words = steps[-2][1].stdout.strip().splitlines()[-1].strip()
    assert len(words.split()) == 6, steps[-2][1].stdout
    steps.append(
        (
            "bundle import",
            cli(
                [
                    *other_vault,
                    "bundle",
                    "import",
                    str(usb / "case.amparo-case"),
                    "--passphrase-stdin",
                ],
                attorney + "\n" + words + "\n",
            ),
            0,
        )
    )
    steps.append(("purge (count only)", cli(["purge", "--passphrase-stdin"]), 0))
    assert f"Imported case {case_id}" in steps[-2][1].stdout
    return steps


def test_tempfile_honours_the_isolated_tmpdir(isolated_env: IsolatedEnv) -> None:
    """The isolation itself: temp files made in-process land inside the scanned tree."""
    with tempfile.NamedTemporaryFile(delete=True) as fh:
        assert Path(fh.name).is_relative_to(isolated_env.root)
    assert Path(os.environ["SQLITE_TMPDIR"]).is_relative_to(isolated_env.root)
