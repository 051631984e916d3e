"""The unlock window loads only what it shows: about 140 imports are deferred to after the first
paint or to first use. This fails when a change makes the window's import set grow — an
Amparo module or a third-party package imported before the unlock window is on screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = ROOT / "tests" / "fixtures" / "startup_imports.txt"
PASSPHRASE = "quiet orchard lantern nineteen"
SHOW_UNLOCK_WINDOW = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from intake_app.app import build_window
from intake_app.session import Session
window = build_window(Session(Path(sys.argv[1])), app)
window.show()
app.processEvents()
stdlib = set(sys.stdlib_module_names)
own = {m for m in sys.modules if m.startswith("intake_app")}
others = {m.split(".")[0] for m in sys.modules} - {"intake_app"} - stdlib
print("\\n".join(sorted(n for n in own | others if not n.startswith("_"))))
"""


def _loaded(isolated_env, vault: Path) -> set[str]:
    env = dict(isolated_env.env, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", SHOW_UNLOCK_WINDOW, str(vault)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=isolated_env.root,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_the_unlock_window_imports_nothing_new(isolated_env, tmp_path):
    vault = tmp_path / "clinic.vault"
    env = dict(isolated_env.env, AMPARO_INSECURE_TEST_KDF="1")
    init = ["-m", "intake_app", "--vault", str(vault), "init", "--name", "Ana"]
    created = subprocess.run(
        [sys.executable, *init, "--passphrase-stdin"],
        input=PASSPHRASE + "\n",
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert created.returncode == 0, created.stderr
    loaded = _loaded(isolated_env, vault)
    if os.environ.get("AMPARO_UPDATE_STARTUP_IMPORTS") == "1":
        ALLOWED.write_text("\n".join(sorted(loaded)) + "\n", encoding="utf-8")
    allowed = set(ALLOWED.read_text(encoding="utf-8").split())
    grown = sorted(loaded - allowed)
    assert not grown, (
        f"the unlock window now imports {grown}: defer them to after the first paint or to "
        "first use (or, if intended, AMPARO_UPDATE_STARTUP_IMPORTS=1 and say why in the commit)"
    )
    assert "intake_app.ui.unlock_page" in loaded  # the probe really showed the unlock window
    print(f"\nstart-up imports: {len(loaded)} Amparo modules and packages, none new")
