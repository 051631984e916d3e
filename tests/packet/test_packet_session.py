"""The session's packet API: clinic profile, review by counsel only, edits, PDFs, and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat

import pytest
from pypdf import PdfReader

from intake_app.domain.errors import NotPermitted
from intake_app.session import Session
from intake_app.store import insecure_test_kdf
from tests.app.test_cli import intake
from tests.packet.conftest import CLINIC, PERSONAS, flat, pages_text

PASSPHRASE = "quiet orchard lantern nineteen"
PERSONA = PERSONAS / "chicago_father_daughter_leukemia.json"
TODAY = dt.date(2026, 3, 4)


def _session(tmp_path, role: str) -> tuple[Session, str]:
    s = Session(tmp_path / f"{role}.vault", kdf=insecure_test_kdf())
    s.create_vault(f"Test {role}", role, PASSPHRASE)
    return s, s.cases.import_file(PERSONA)


@pytest.fixture
def attorney(tmp_path):
    s, case_id = _session(tmp_path, "attorney")
    s.packets.set_clinic_profile(CLINIC)
    yield s, case_id
    s.lock()


@pytest.fixture
def volunteer(tmp_path):
    s, case_id = _session(tmp_path, "volunteer")
    yield s, case_id
    s.lock()


def _text(pdf: bytes) -> str:
    return flat(" ".join(pages_text(pdf)))


def test_clinic_profile_round_trips_inside_the_vault(attorney):
    s, _ = attorney
    assert s.packets.clinic_profile()["name"] == CLINIC["name"]


def test_volunteer_may_not_review_edit_set_the_profile_or_export(volunteer):
    s, case_id = volunteer
    with pytest.raises(NotPermitted):
        s.packets.mark_reviewed(case_id)
    with pytest.raises(NotPermitted):
        s.packets.set_paragraph_override(case_id, "cover_letter.summary", "x")
    with pytest.raises(NotPermitted):
        s.packets.set_clinic_profile({"name": "x"})
    # A volunteer may not take the packet out of the app, but still sees the draft preview.
    with pytest.raises(NotPermitted):
        s.packets.build(case_id, today=TODAY)
    from intake_app.packet import build_packet

    preview = build_packet(s.packets.inputs(case_id, today=TODAY))
    assert "DRAFT — not reviewed by counsel" in _text(preview)


def test_review_removes_the_watermark_until_an_answer_changes(attorney):
    s, case_id = attorney
    # On the persona's interview day its next hearing is still ahead: no point is left open.
    s.packets.mark_reviewed(case_id, today=TODAY)
    assert s.packets.review_state(case_id)["by"] == "Test attorney"
    assert "DRAFT" not in _text(s.packets.build(case_id, today=TODAY))
    s.cases.save_answer(case_id, "years_in_us", 17)
    assert s.packets.review_state(case_id) is None
    assert "DRAFT — not reviewed by counsel" in _text(s.packets.build(case_id, today=TODAY))


def test_paragraph_override_is_printed_and_reset_restores_the_generated_text(attorney):
    s, case_id = attorney
    s.packets.set_paragraph_override(case_id, "cover_letter.summary", "Counsel wrote this instead.")
    assert "Counsel wrote this instead." in _text(s.packets.build(case_id, today=TODAY))
    s.packets.reset_paragraph_override(case_id, "cover_letter.summary")
    assert s.packets.paragraph_overrides(case_id) == {}
    assert "Counsel wrote this instead." not in _text(s.packets.build(case_id, today=TODAY))


def test_chosen_legal_bases_drive_the_letter(attorney):
    s, case_id = attorney
    s.packets.choose_legal_bases(case_id, ["humanitarian_parole_212d5"])
    text = _text(s.packets.build(case_id, today=TODAY))
    assert "INA § 212(d)(5)(A)" in text
    assert "conditional parole under INA § 236(a)(2)(B)" not in text
    assert s.packets.inputs(case_id).legal_bases == ("humanitarian_parole_212d5",)


def test_take_home_follows_the_case_interview_language(attorney):
    s, case_id = attorney
    assert "Lo que sigue" in _text(s.packets.build_take_home(case_id, today=TODAY))
    s.cases.set_interview_language(case_id, "en")
    assert "What happens next" in _text(s.packets.build_take_home(case_id, today=TODAY))


def test_cli_packet_writes_private_files_and_warns_when_unencrypted(tmp_path):
    vault = tmp_path / "clinic.vault"
    pw = PASSPHRASE + "\n"
    assert (
        intake(
            "--vault",
            str(vault),
            "init",
            "--name",
            "Ana",
            "--role",
            "attorney",
            "--passphrase-stdin",
            stdin=pw,
        ).returncode
        == 0
    )
    assert (
        intake(
            "--vault", str(vault), "import", str(PERSONA), "--passphrase-stdin", stdin=pw
        ).returncode
        == 0
    )
    case_id = intake("--vault", str(vault), "cases", "--passphrase-stdin", stdin=pw).stdout.split()[
        0
    ]
    out = tmp_path / "packet.pdf"
    result = intake(
        "--vault",
        str(vault),
        "packet",
        case_id,
        "--out",
        str(out),
        "--take-home",
        str(tmp_path / "th.pdf"),
        "--passphrase-stdin",
        stdin=pw,
    )
    assert result.returncode == 0, result.stderr
    assert "not encrypted" in result.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert (
        "Request for Release from ICE Custody"
        in PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    )
    sealed = tmp_path / "sealed.pdf"
    result = intake(
        "--vault",
        str(vault),
        "packet",
        case_id,
        "--out",
        str(sealed),
        "--passphrase-stdin",
        "--password-stdin",
        stdin=pw + "pdf secret words\n",
    )
    assert result.returncode == 0, result.stderr
    assert "not encrypted" not in result.stderr
    reader = PdfReader(io.BytesIO(sealed.read_bytes()))
    assert reader.is_encrypted and reader.decrypt("pdf secret words")


def test_demo_writes_a_packet_and_a_take_home_sheet(tmp_path):
    result = intake("demo", "--out", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    packet = (tmp_path / "demo" / "packet.pdf").read_bytes()
    take_home = (tmp_path / "demo" / "take-home.pdf").read_bytes()
    assert "Lakeshore Immigrant Legal Clinic (fictional)" in _text(packet)
    assert "Lo que sigue" in _text(take_home)


def test_word_drafts_are_counsels_alone(volunteer, attorney):
    s, case_id = volunteer
    for output in ("packet", "review", "physician_letters", "take_home"):
        with pytest.raises(NotPermitted):
            s.packets.build_docx(case_id, output, today=TODAY)
    counsel, case = attorney
    draft = counsel.packets.build_docx(case, "packet", today=TODAY)
    assert draft[:2] == b"PK"  # a zip: the .docx container
    with pytest.raises(ValueError):
        counsel.packets.build_docx(case, "horoscope")


def test_cli_writes_word_drafts_private_and_sealed_with_a_password(tmp_path):
    import docx
    import msoffcrypto

    vault = tmp_path / "clinic.vault"
    pw = PASSPHRASE + "\n"
    init = ("init", "--name", "Ana", "--role", "attorney", "--passphrase-stdin")
    assert intake("--vault", str(vault), *init, stdin=pw).returncode == 0
    imported = intake("--vault", str(vault), "import", str(PERSONA), "--passphrase-stdin", stdin=pw)
    case_id = imported.stdout.split()[-1]
    out, review = tmp_path / "packet.docx", tmp_path / "review.docx"
    result = intake(
        *("--vault", str(vault), "packet", case_id, "--format", "docx"),
        *("--out", str(out), "--review", str(review), "--passphrase-stdin"),
        stdin=pw,
    )
    assert result.returncode == 0, result.stderr
    assert "not encrypted" in result.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    text = " ".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Request for Release from ICE Custody" in text
    assert "COUNSEL REVIEW" in " ".join(p.text for p in docx.Document(str(review)).paragraphs)
    sealed = tmp_path / "sealed.docx"
    result = intake(
        *("--vault", str(vault), "packet", case_id, "--format", "docx", "--out", str(sealed)),
        *("--passphrase-stdin", "--password-stdin"),
        stdin=pw + "docx secret words\n",
    )
    assert result.returncode == 0, result.stderr
    office = msoffcrypto.OfficeFile(io.BytesIO(sealed.read_bytes()))
    assert office.is_encrypted()
    office.load_key(password="docx secret words")
    plain = io.BytesIO()
    office.decrypt(plain)
    assert "Request for Release" in " ".join(p.text for p in docx.Document(plain).paragraphs)


def test_cli_lists_the_roads_and_builds_one_for_counsel(tmp_path):
    import docx

    vault = tmp_path / "clinic.vault"
    pw = PASSPHRASE + "\n"
    init = ("init", "--name", "Ana", "--role", "attorney", "--passphrase-stdin")
    assert intake("--vault", str(vault), *init, stdin=pw).returncode == 0
    imported = intake("--vault", str(vault), "import", str(PERSONA), "--passphrase-stdin", stdin=pw)
    case_id = imported.stdout.split()[-1]
    listed = intake(
        "--vault", str(vault), "roads", case_id, "--passphrase-stdin", "--lang", "en", stdin=pw
    )
    assert listed.returncode == 0, listed.stderr
    assert "bond_motion: Bond motion for the immigration court" in listed.stdout
    out = tmp_path / "bond.docx"
    built = intake(
        *("--vault", str(vault), "road", case_id, "bond_motion", "--out", str(out)),
        *("--format", "docx", "--passphrase-stdin"),
        stdin=pw,
    )
    assert built.returncode == 0, built.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    text = " ".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Respondent’s Motion for Custody Redetermination" in text
    unknown = intake(
        *("--vault", str(vault), "road", case_id, "horoscope", "--out", str(tmp_path / "x")),
        "--passphrase-stdin",
        stdin=pw,
    )
    assert unknown.returncode == 1 and not (tmp_path / "x").exists()
    assert "no road by that name" in unknown.stderr and "Traceback" not in unknown.stderr


def test_a_volunteer_cannot_build_a_road(volunteer):
    s, case_id = volunteer
    assert any(r.id == "bond_motion" for r in s.packets.roads(case_id, today=TODAY))
    with pytest.raises(NotPermitted):
        s.packets.build_road(case_id, "bond_motion", today=TODAY)
