"""A named pipe given where Amparo reads a file (a bundle to import, a backup to restore, an
attachment) or writes one (packet, take-home sheet, export, backup, bundle) is refused at once
with a clear message: each command runs as a subprocess with a timeout, so a hang fails."""

from __future__ import annotations

import os
from pathlib import Path

from tests.security._support import PASSPHRASE, run_cli

PERSONA = Path(__file__).resolve().parents[1] / "personas" / "chicago_father_daughter_leukemia.json"
TIMEOUT = 30


def test_no_command_waits_on_a_named_pipe(tmp_path):
    env = {**os.environ, "AMPARO_INSECURE_TEST_KDF": "1", "LANG": "C.UTF-8"}
    vault = tmp_path / "amparo.vault"
    pw = PASSPHRASE + "\n"

    def cli(*args: str, stdin: str = pw):
        return run_cli(
            ["--vault", str(vault), *args, "--passphrase-stdin"],
            stdin=stdin,
            env=env,
            timeout=TIMEOUT,
        )

    assert cli("init", "--name", "Ana").returncode == 0
    case_id = cli("import", str(PERSONA)).stdout.split()[-1]
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    commands = {
        "bundle import": ("bundle", "import", str(pipe)),
        "restore": ("restore", str(pipe), "--to", str(tmp_path / "restored" / "amparo.vault")),
        "attach": ("attach", case_id, str(pipe), "--category", "identity"),
        "packet --out": ("packet", case_id, "--out", str(pipe)),
        "take-home": (
            "packet",
            case_id,
            "--out",
            str(tmp_path / "p.pdf"),
            "--take-home",
            str(pipe),
        ),
        "export --out": ("export", case_id, "--plaintext", "--out", str(pipe)),
        "backup --out": ("backup", "--out", str(pipe)),
        "bundle export --out": ("bundle", "export", case_id, "--out", str(pipe)),
    }
    refused = 0
    for name, args in commands.items():
        stdin = pw + "one two three four five six\n" if name == "bundle import" else pw
        proc = cli(*args, stdin=stdin)
        assert proc.returncode != 0, (name, proc.stdout)
        assert "Traceback" not in proc.stderr, (name, proc.stderr)
        assert proc.stderr.strip(), name
        refused += 1
    assert pipe.exists() and not (tmp_path / "restored" / "amparo.vault").exists()
    print(f"\nnamed pipes: {refused} commands given a pipe to read or write, {refused} refused "
          "at once with a message, 0 tracebacks, 0 hangs")  # fmt: skip
