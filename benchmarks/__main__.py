"""Runs every `benchmarks/bench_*.py` and prints one table: figure, baseline, ratio, goal, met."""

from __future__ import annotations

import importlib
import os
import pkgutil
import platform
import sys
import time
from pathlib import Path

import benchmarks

RESULTS = Path(__file__).resolve().parent / "results" / "latest.txt"  # gitignored
NONE = "—"


def _rows() -> list[dict]:
    rows: list[dict] = []
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    only = set(sys.argv[1:])
    for name in names:
        if only and name not in only:
            continue
        started = time.perf_counter()
        print(f"running {name} …", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            found = list(module.run())
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            found = [{"name": name, "measured": f"failed: {type(exc).__name__}: {exc}"}]
            found[0]["met"] = False
        for row in found:
            row.setdefault("module", name)
            rows.append(row)
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return rows


def _cell(row: dict, key: str) -> str:
    value = row.get(key)
    if value is None or value == "":
        return NONE
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def main() -> int:
    rows = _rows()
    headers = ("benchmark", "measured", "floor (baseline)", "ratio", "goal", "met")
    table = [
        (
            r["name"],
            _cell(r, "measured"),
            _cell(r, "baseline"),
            _cell(r, "ratio"),
            r.get("goal") or NONE,
            {True: "yes", False: "NO", None: NONE}[r.get("met")],
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(headers)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
        *("  ".join(c.ljust(w) for c, w in zip(t, widths, strict=True)).rstrip() for t in table),
    ]
    print("\n".join(lines))
    RESULTS.parent.mkdir(exist_ok=True)
    context = (
        f"# make bench, {time.strftime('%Y-%m-%d %H:%M')}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    RESULTS.write_text("\n".join([context, *lines]) + "\n", encoding="utf-8")
    print(f"(also written to {RESULTS})", file=sys.stderr)
    return 0 if all(r.get("met") is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
