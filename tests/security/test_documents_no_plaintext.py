"""Attached documents leave no byte readable on disk: a PDF and a PNG carrying canaries go through
attach, list, thumbnails, preview copies, a packet and deletion; no file under the isolated
HOME, XDG dirs or TMPDIR holds a canary, nor does the log. The source files do (the control)."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

from PIL import Image, PngImagePlugin
from reportlab.pdfgen.canvas import Canvas

from intake_app.session import Session
from intake_app.store import insecure_test_kdf
from tests.conftest import IsolatedEnv
from tests.security._support import (
    PASSPHRASE,
    Canaries,
    case_document,
    find_needles,
    run_python,
    scan_tree,
)


def canary_pdf(canaries: Canaries) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=0)  # the text stays readable in the file's bytes
    for n, needle in enumerate(canaries.needles()):
        canvas.drawString(72, 700 - 20 * n, needle)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def canary_png(canaries: Canaries) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", canaries.a_number)  # tEXt is Latin-1: the ASCII canary
    info.add_itxt("Description", canaries.family_names + " " + canaries.given_names)  # UTF-8
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _names(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if p.is_file()]


def test_a_workflow_with_attachments_leaves_no_canary_on_disk_or_in_logs(
    isolated_env: IsolatedEnv, tmp_path: Path
) -> None:
    canaries = Canaries.new()
    needles = canaries.needles()
    outside = tmp_path / "downloads"  # where the family's files come from, outside the scan
    outside.mkdir()
    name_canary = next(n for n in needles if n.isascii() and n.isalnum() and "Q" in n)
    pdf_path = outside / f"acta_{name_canary}.pdf"
    pdf_path.write_bytes(canary_pdf(canaries))
    png_path = outside / "photo.png"
    png_path.write_bytes(canary_png(canaries))
    case_path = outside / "case.json"
    case_path.write_text(json.dumps(case_document(canaries), ensure_ascii=False), "utf-8")
    # The control: the sources really carry the canaries in their bytes.
    assert find_needles(pdf_path.read_bytes(), needles)
    assert find_needles(png_path.read_bytes(), [canaries.family_names, canaries.a_number])

    log_file = isolated_env.dir("XDG_STATE_HOME") / "debug.log"
    handler = logging.FileHandler(log_file)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        vault = isolated_env.dir("XDG_DATA_HOME") / "Amparo" / "amparo.vault"
        session = Session(vault, kdf=insecure_test_kdf(), sleep=lambda _s: None)
        session.create_vault(canaries.display_name, "admin", PASSPHRASE)
        case_id = session.cases.import_file(case_path)
        pdf = session.documents.attach(case_id, pdf_path, category="identity", language="es")
        png = session.documents.attach(case_id, png_path, category="children")
        assert session.documents.read(pdf.id) == pdf_path.read_bytes()
        assert session.documents.thumbnail(png.id)
        session.packets.inputs(case_id, in_memory=True)  # the app's preview copies
        packet = io.BytesIO()
        session.packets.write(case_id, packet)
        assert find_needles(packet.getvalue(), [name_canary])  # the packet binds it
        session.documents.update(png.id, supports=canaries.given_names)
        session.documents.delete(png.id)
        # While the vault is open its WAL holds the fresh pages: encrypted too.
        open_files, open_hits = scan_tree(isolated_env.root, needles)
        assert any(name.endswith("-wal") for name in _names(isolated_env.root))
        assert open_hits == []
        session.lock()
        again = Session(vault, sleep=lambda _s: None)
        again.unlock(PASSPHRASE)
        assert [d.file_name for d in again.documents.list(case_id)] == [pdf_path.name]
        again.lock()
    finally:
        root.removeHandler(handler)
        handler.close()
    assert "document attached" in log_file.read_text()
    files, hits = scan_tree(isolated_env.root, needles)
    print(
        f"\ndocuments workflow: {open_files} files scanned while open (WAL included), then "
        f"{files} after locking; {len(open_hits) + len(hits)} canary hits"
    )
    assert files >= 3
    assert hits == []


def test_the_cli_attach_and_list_print_no_canary_except_the_listing(
    isolated_env: IsolatedEnv, tmp_path: Path
) -> None:
    canaries = Canaries.new()
    needles = canaries.needles()
    env = {**isolated_env.env, "AMPARO_INSECURE_TEST_KDF": "1", "LC_ALL": "C.UTF-8"}
    outside = tmp_path / "downloads"
    outside.mkdir()
    pdf_path = outside / "evidence.pdf"
    pdf_path.write_bytes(canary_pdf(canaries))
    case_path = outside / "case.json"
    case_path.write_text(json.dumps(case_document(canaries), ensure_ascii=False), "utf-8")
    log_file = isolated_env.dir("XDG_STATE_HOME") / "debug.log"

    def cli(args: list[str]):
        code = (
            "import logging, sys\n"
            f"logging.basicConfig(level=logging.DEBUG, filename={str(log_file)!r})\n"
            "from intake_app.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n"
        )
        return run_python(
            ["-c", code, *args, "--passphrase-stdin", "--lang", "en"],
            stdin=PASSPHRASE + "\n",
            env=env,
            cwd=outside,
        )

    steps = [
        cli(["init", "--name", "Ana Staff"]),
        cli(["import", str(case_path)]),
    ]
    case_id = steps[-1].stdout.split()[-1]
    steps += [
        cli(["attach", case_id, str(pdf_path), "--category", "identity", "--language", "es"]),
        cli(["documents", case_id]),
    ]
    for proc in steps:
        assert proc.returncode == 0, proc.stderr
        assert find_needles((proc.stdout + proc.stderr).encode(), needles) == []
    assert "evidence.pdf" in steps[-1].stdout and "B-1" in steps[-1].stdout
    files, hits = scan_tree(isolated_env.root, needles)
    print(f"\nCLI documents workflow: {files} files scanned, {len(hits)} canary hits")
    assert hits == []
