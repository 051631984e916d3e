"""Runs every `benchmarks/bench_*.py` and prints one table: figure, baseline, ratio, goal, met."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import benchmarks


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
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"running {name} …", file=sys.stderr, flush=True)
        for row in module.run():
            row.setdefault("module", name)
            rows.append(row)
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return rows


def _cell(row: dict, key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def main() -> int:
    rows = _rows()
    headers = ("benchmark", "measured", "baseline", "ratio", "goal", "met")
    table = [
        (
            r["name"],
            _cell(r, "measured"),
            _cell(r, "baseline"),
            _cell(r, "ratio"),
            r.get("goal", ""),
            {True: "yes", False: "NO", None: ""}[r.get("met")],
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for t in table:
        print("  ".join(c.ljust(w) for c, w in zip(t, widths, strict=True)))
    return 0 if all(r.get("met") is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
