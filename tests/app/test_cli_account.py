"""`intake status` closes a case; `intake passphrase` changes one's own passphrase, refusing a
wrong current one or two new ones that differ, and changing nothing then."""

from __future__ import annotations

from tests.app.test_cli import PASSPHRASE, intake, vault  # noqa: F401 - the vault fixture

NEW = "copper lantern orchard ninety"


def test_status_closes_a_case_and_an_unknown_status_is_refused(vault, tmp_path):  # noqa: F811
    pw = PASSPHRASE + "\n"
    created = intake(
        "--vault", str(vault), "import", str(_case(tmp_path)), "--passphrase-stdin", stdin=pw
    )
    case_id = created.stdout.split()[-1]
    done = intake(
        "--vault", str(vault), "status", case_id, "decided", "--passphrase-stdin", stdin=pw
    )
    assert done.returncode == 0, done.stderr
    listed = intake("--vault", str(vault), "cases", "--passphrase-stdin", stdin=pw)
    assert "decided" in listed.stdout
    wrong = intake("--vault", str(vault), "status", case_id, "lost", "--passphrase-stdin", stdin=pw)
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr


def test_passphrase_changes_only_with_the_current_one_and_a_repeated_new_one(vault):  # noqa: F811
    keys = vault.with_name(vault.name + ".keys")
    before = keys.read_bytes()
    mismatch = intake(
        "--vault",
        str(vault),
        "passphrase",
        "--passphrase-stdin",
        stdin=f"{PASSPHRASE}\n{NEW}\n{NEW}x\n",
    )
    assert mismatch.returncode == 2 and "do not match" in mismatch.stderr
    wrong = intake(
        "--vault",
        str(vault),
        "passphrase",
        "--passphrase-stdin",
        stdin=f"not the passphrase\n{NEW}\n{NEW}\n",
    )
    assert wrong.returncode == 1 and "Wrong passphrase" in wrong.stderr
    weak = intake(
        "--vault",
        str(vault),
        "passphrase",
        "--passphrase-stdin",
        stdin=f"{PASSPHRASE}\nshort\nshort\n",
    )
    assert weak.returncode == 1 and "cannot be used" in weak.stderr
    assert keys.read_bytes() == before  # nothing changed by any refusal
    done = intake(
        "--vault",
        str(vault),
        "passphrase",
        "--passphrase-stdin",
        stdin=f"{PASSPHRASE}\n{NEW}\n{NEW}\n",
    )
    assert done.returncode == 0, done.stderr
    old = intake("--vault", str(vault), "cases", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert old.returncode == 1
    assert (
        intake("--vault", str(vault), "cases", "--passphrase-stdin", stdin=NEW + "\n").returncode
        == 0
    )


def _case(tmp_path):
    import json

    path = tmp_path / "case.json"
    path.write_text(
        json.dumps(
            {
                "format": "amparo-case",
                "format_version": 1,
                "form": "humanitarian_release",
                "form_version": 1,
                "interview_language": "es",
                "answers": {"detainee_family_names": "Quispe"},
            }
        ),
        encoding="utf-8",
    )
    return path
