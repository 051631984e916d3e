"""Child process: check (and, when accepted, bind into a packet) each file named on stdin.

stdin: one JSON line {"files": [path, ...]}. Prints one JSON line:
{"accepted": n, "bound": n, "refused": {error: n}, "crashed": [[path, error], ...]}.
A refusal is a DocumentError with a message; anything else escaping is a crash.
"""

from __future__ import annotations

import io
import json
import sys
from collections import Counter
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from intake_app.evidence import DocumentError, inspect_stream
from intake_app.packet.merge import Placement, Source, bind


def frame(pages: int) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    for _n in range(pages):
        canvas.drawString(72, 72, "placeholder")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def main() -> int:
    spec = json.loads(sys.stdin.readline())
    refused: Counter[str] = Counter()
    crashed = []
    accepted = bound = 0
    for name in spec["files"]:
        data = Path(name).read_bytes()
        try:
            checked = inspect_stream(io.BytesIO(data), len(data))
        except DocumentError as exc:
            assert exc.user_message
            refused[type(exc).__name__] += 1
            continue
        except BaseException as exc:
            crashed.append([name, f"check: {type(exc).__name__}: {exc}"[:300]])
            continue
        accepted += 1
        pages = min(checked.pages, 5)
        source = Source(checked.kind, checked.media_type, lambda d=data: io.BytesIO(d))
        try:
            out = io.BytesIO()
            bind(frame(pages), {n + 1: Placement(0, n) for n in range(pages)}, [source], out)
            bound += 1
        except BaseException as exc:
            crashed.append([name, f"bind: {type(exc).__name__}: {exc}"[:300]])
    print(
        json.dumps(
            {"accepted": accepted, "bound": bound, "refused": dict(refused), "crashed": crashed}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
