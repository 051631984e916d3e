"""A 16-bit 8000×8000 PNG is a few hundred kilobytes on disk and gigabytes once decoded and
flattened: refused from its header — width × height × depth — before any pixel is decoded,
at attach and at packet time, in a child process with a memory limit and a timeout."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PIL import Image

from intake_app.evidence.images import MAX_DECODED_BYTES, decoded_bytes

CHILD = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
    from intake_app.evidence import inspect_file
    from intake_app.evidence.errors import ImageTooLarge
    from intake_app.evidence.images import placed_jpeg
    from intake_app.evidence.sniff import sniff
    path = sys.argv[1]
    try:
        inspect_file(path)
        print("ATTACHED")
    except ImageTooLarge:
        print("REFUSED-AT-ATTACH")
    with open(path, "rb") as fh:
        kind = sniff(fh.read(64))
        fh.seek(0)
        try:
            placed_jpeg(fh, kind, 80_000_000, 1600)
            print("PLACED")
        except ImageTooLarge:
            print("REFUSED-AT-PACKET")
    """
)


def test_a_deep_pixel_bomb_is_refused_before_decoding(tmp_path):
    path = tmp_path / "scan.png"
    Image.new("I;16", (8000, 8000)).save(path, optimize=True)
    size = path.stat().st_size
    with Image.open(path) as image:
        assert decoded_bytes(image) > MAX_DECODED_BYTES
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.split() == ["REFUSED-AT-ATTACH", "REFUSED-AT-PACKET"], proc.stderr
    print(
        f"\npixel bomb: a {size // 1024} KB 16-bit 8000×8000 PNG refused at attach and at "
        "packet time, under a 1.5 GB memory limit, 0 hangs"
    )


def test_an_ordinary_photo_sized_png_is_still_accepted(tmp_path):
    path = tmp_path / "photo.png"
    Image.new("RGB", (4000, 3000), "white").save(path)
    with Image.open(path) as image:
        assert decoded_bytes(image) < MAX_DECODED_BYTES
