"""Rewrite the authorities table in docs/analysis-rules.md from forms/analysis.yaml.

Run after editing an authority (`python tools/authorities_doc.py`); a test fails while the doc
and the rules disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intake_app.analysis import load_rules  # noqa: E402
from intake_app.analysis.authority_table import authority_section, replace_section  # noqa: E402

DOC = ROOT / "docs" / "analysis-rules.md"


def main() -> int:
    rules = load_rules()
    section = authority_section(rules.authorities.values(), rules.verify_after_days)
    before = DOC.read_text(encoding="utf-8")
    after = replace_section(before, section)
    if after != before:
        DOC.write_text(after, encoding="utf-8")
    print(f"{DOC.relative_to(ROOT)}: {len(rules.authorities)} authorities")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
