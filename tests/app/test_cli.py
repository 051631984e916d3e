"""The `intake` command line, run as a real subprocess the way scripts and clinics use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PASSPHRASE = "velvet harbor compass eleven"
REPO = Path(__file__).resolve().parents[2]


def intake(*args: str, stdin: str = "", env_extra: dict | None = None, cwd=None):
    env = dict(os.environ)
    env["AMPARO_INSECURE_TEST_KDF"] = "1"
    env["LANG"] = "C.UTF-8"
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("QT_QPA_PLATFORM", None)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "intake_app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or REPO,
        timeout=120,
    )


@pytest.fixture
def vault(tmp_path):
    path = tmp_path / "clinic.vault"
    result = intake(
        "--vault",
        str(path),
        "init",
        "--name",
        "Ana Admin",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 0, result.stderr
    return path


def _case_file(tmp_path: Path, answers: dict) -> Path:
    path = tmp_path / "case.json"
    path.write_text(
        json.dumps(
            {
                "format": "amparo-case",
                "format_version": 1,
                "form": "humanitarian_release",
                "form_version": 1,
                "interview_language": "es",
                "answers": answers,
            }
        ),
        encoding="utf-8",
    )
    return path


def test_init_creates_a_vault_and_its_key_slots(vault):
    assert vault.is_file()
    assert vault.with_name(vault.name + ".keys").is_file()


def test_init_refuses_to_overwrite_an_existing_vault(vault):
    before = vault.read_bytes()
    result = intake(
        "--vault", str(vault), "init", "--name", "X", "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert vault.read_bytes() == before


def test_init_rejects_a_short_passphrase_and_creates_nothing(tmp_path):
    path = tmp_path / "v.vault"
    result = intake(
        "--vault", str(path), "init", "--name", "Ana", "--passphrase-stdin", stdin="too short\n"
    )
    assert result.returncode == 1
    assert "15 characters" in result.stderr
    assert not path.exists()


def test_import_then_list_shows_the_case(vault, tmp_path):
    case = _case_file(tmp_path, {"detainee_family_names": "Ramírez", "a_number": "012345678"})
    result = intake(
        "--vault", str(vault), "import", str(case), "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert result.returncode == 0, result.stderr
    listed = intake("--vault", str(vault), "cases", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert listed.returncode == 0
    assert "RAMÍREZ" in listed.stdout


def test_wrong_passphrase_exits_non_zero_with_a_clear_message(vault):
    result = intake("--vault", str(vault), "cases", "--passphrase-stdin", stdin="nope nope\n")
    assert result.returncode == 1
    assert "Wrong passphrase, or the vault file is damaged" in result.stderr
    assert "Traceback" not in result.stderr


def test_messages_follow_the_chosen_language(vault):
    result = intake(
        "--vault", str(vault), "--lang", "es", "cases", "--passphrase-stdin", stdin="nope nope\n"
    )
    assert "Contraseña incorrecta" in result.stderr or "incorrecta" in result.stderr


def test_missing_vault_is_a_clear_error_and_creates_nothing(tmp_path):
    path = tmp_path / "typo.vault"
    result = intake("--vault", str(path), "cases", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 1
    assert "no vault" in result.stderr.lower()
    assert list(tmp_path.iterdir()) == []


def test_vault_path_can_come_from_the_environment(vault):
    result = intake(
        "cases",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
        env_extra={"INTAKE_VAULT": str(vault)},
    )
    assert result.returncode == 0, result.stderr


def test_export_needs_explicit_plaintext_flag_and_warns(vault, tmp_path):
    case = _case_file(tmp_path, {"detainee_family_names": "Ramírez"})
    imported = intake(
        "--vault", str(vault), "import", str(case), "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    case_id = imported.stdout.strip().split()[-1]
    out = tmp_path / "out.json"
    refused = intake(
        "--vault",
        str(vault),
        "export",
        case_id,
        "--out",
        str(out),
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert refused.returncode == 2 and not out.exists()
    done = intake(
        "--vault",
        str(vault),
        "export",
        case_id,
        "--out",
        str(out),
        "--plaintext",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert "not encrypted" in done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["answers"]["detainee_family_names"] == (
        "Ramírez"
    )


def test_malformed_import_names_the_file_and_reason(vault, tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "amparo-case", ', encoding="utf-8")
    result = intake(
        "--vault", str(vault), "import", str(bad), "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert result.returncode == 1
    assert str(bad) in result.stderr and "not valid JSON" in result.stderr


def test_gui_without_a_display_says_so_and_points_to_demo(tmp_path):
    result = intake("--vault", str(tmp_path / "v.vault"), "gui")
    assert result.returncode == 1
    assert "make demo" in result.stderr


def test_forms_check_passes_on_the_shipped_forms():
    result = intake("forms", "check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_forms_show_prints_the_outline_in_spanish():
    result = intake("forms", "show", "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert "a_number" in result.stdout
    assert "número a" in result.stdout.lower()


def test_attach_takes_a_documents_details_from_a_file_or_stdin_never_from_flags(vault, tmp_path):
    """A family's names as flags would show in /proc/<pid>/cmdline to every user."""
    case = _case_file(tmp_path, {"detainee_family_names": "Rivas"})
    imported = intake(
        "--vault", str(vault), "import", str(case), "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    case_id = imported.stdout.split()[-1]
    exhibit = str(REPO / "tests" / "fixtures" / "exhibits" / "birth_certificate_sofia.pdf")
    base = ["--vault", str(vault), "attach", case_id, exhibit, "--category", "identity"]
    refused = intake(*base, "--title", "Sofía Rivas", "--passphrase-stdin", stdin=PASSPHRASE)
    assert refused.returncode == 2 and "--details" in refused.stderr
    assert "Traceback" not in refused.stderr
    details = "title: Birth certificate of Sofía Rivas\nprovided_by: Her mother\n"
    attached = intake(
        *base, "--details", "-", "--passphrase-stdin", stdin=PASSPHRASE + "\n" + details
    )
    assert attached.returncode == 0, attached.stderr
    listed = intake(
        "--vault", str(vault), "documents", case_id, "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert listed.stdout.count("birth_certificate_sofia.pdf") == 1
    from intake_app.session import Session

    session = Session(vault)
    session.unlock(PASSPHRASE)
    (doc,) = session.documents.list(case_id)
    session.lock()
    assert (doc.title, doc.provided_by) == ("Birth certificate of Sofía Rivas", "Her mother")
    bad = tmp_path / "details.txt"
    bad.write_text("name: Sofía\n", encoding="utf-8")
    wrong = intake(*base, "--details", str(bad), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert wrong.returncode == 2 and "Line 1" in wrong.stderr and "Traceback" not in wrong.stderr
