"""Two or three laptops, each with its vault and a real Syncthing daemon, on loopback only.

Run by tests/clinic/test_syncthing_network.py inside `unshare --net --pid --fork --kill-child`:
it refuses to start a daemon unless the namespace has nothing but loopback. Prints one JSON line.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from intake_app.network.syncthing import Daemon, Settings, find_syncthing
from intake_app.session import Session
from intake_app.store import insecure_test_kdf

PASSPHRASE = "river lantern cobalt meadow ninety"
ROLES = {"ana": "admin", "beto": "attorney", "cruz": "volunteer"}


def loopback_only() -> None:
    links = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True).stdout
    names = [line.split(":")[1].strip() for line in links.splitlines() if line.strip()]
    if names != ["lo"]:
        raise SystemExit(f"refusing: not a loopback-only namespace ({names})")
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    route = subprocess.run(["ip", "route", "get", "192.0.2.1"], capture_output=True)
    if route.returncode == 0:
        raise SystemExit("refusing: a route leaves this namespace")


def wait_until(condition, seconds: float = 90.0, step: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(step)
    raise TimeoutError("waited too long")


class Laptop:
    def __init__(self, root: Path, name: str, index: int, program: str) -> None:
        self.name = name
        self.folder = root / name / "clinic"
        self.folder.mkdir(parents=True)
        # Amparo's own temporary names never travel (.stignore is not synced: one per device).
        (self.folder / ".stignore").write_text(".amparo-*\n", encoding="utf-8")
        self.session = Session(
            root / name / "amparo.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None
        )
        self.session.create_vault(f"{name} (this laptop)", "admin", PASSPHRASE)
        self.port = 22000 + index
        settings = Settings(
            gui_port=18380 + index,
            listen=f"tcp://127.0.0.1:{self.port}",
            local_discovery=False,
            reconnect_seconds=5,
        )
        self.daemon = Daemon(program, root / name / "syncthing", settings)

    def publish(self, written: list[Path]) -> None:
        for path in written:
            self.daemon.scan(str(path.relative_to(self.folder)))

    def sync(self):
        report, written = self.session.clinic.sync(self.folder)
        self.publish(written)
        return report


def main(root: Path, count: int) -> dict:
    loopback_only()
    program = find_syncthing()
    names = list(ROLES)[:count]
    laptops = [Laptop(root, name, i + 1, program) for i, name in enumerate(names)]
    result: dict = {"daemons": count}
    try:
        for one in laptops:
            one.daemon.generate()
        for one in laptops:  # one after the other: started together, a pair can stall ~20 s
            one.daemon.start()
        for one in laptops:
            others = [o for o in laptops if o is not one]
            for other in others:
                one.daemon.add_device(
                    other.daemon.device_id, other.name, f"tcp://127.0.0.1:{other.port}"
                )
            one.daemon.share_folder(one.folder, [o.daemon.device_id for o in others])
        started = time.monotonic()
        for one in laptops:
            wait_until(lambda one=one: len(one.daemon.connected_peers()) == count - 1)
        result["connected_seconds"] = round(time.monotonic() - started, 2)

        ana = laptops[0]
        clinic_id = ana.session.clinic.create(ana.folder, "Ana")
        ana.publish(sorted((ana.folder / "roster").glob("*.json")))
        for other in laptops[1:]:
            fingerprint = other.session.clinic.request_to_join(other.folder, clinic_id, other.name)
            other.publish(
                [other.folder / "requests" / f"{other.session.clinic._clinic().member_id}.json"]
            )
            request = wait_until(
                lambda other=other: [
                    m for m in ana.session.clinic.requests(ana.folder) if m.name == other.name
                ]
            )[0]
            assert request.fingerprint == fingerprint
            ana.session.clinic.admit(ana.folder, request.id, ROLES[other.name])
            ana.publish(sorted((ana.folder / "roster").glob("*.json")))
        for other in laptops:
            wait_until(
                lambda other=other: (other.sync(), len(other.session.clinic.members()) == count)[1]
            )

        # The volunteer's (or counsel's, with two laptops) case reaches the others.
        author = laptops[-1]
        case_id = author.session.cases.create("es")
        author.session.cases.save_answer(case_id, "detainee_family_names", "QUISPE MAMANI")
        author.session.clinic.share(author.folder, case_id)
        # Key copies first, then the change files.
        author.publish(sorted((author.folder / "cases").rglob("*.json")))
        author.sync()

        def case_on(laptop):
            laptop.sync()
            found = [c.id for c in laptop.session.cases.list() if c.family_names == "QUISPE MAMANI"]
            return found[0] if found else None

        on = {author.name: case_id}
        for other in laptops[:-1]:
            on[other.name] = wait_until(lambda other=other: case_on(other))

        # One answer, end to end: saved on one laptop, in the other's vault.
        first, second = laptops[0], laptops[1]
        started = time.monotonic()
        first.session.cases.save_answer(on[first.name], "facility_name", "Broadview")
        first.sync()
        wait_until(
            lambda: (
                (
                    second.sync(),
                    second.session.cases.answers(on[second.name]).get("facility_name"),
                )[1]
                == "Broadview"
            ),
            step=0.02,
        )
        result["one_answer_seconds"] = round(time.monotonic() - started, 3)

        # Concurrent edits after the same version: everyone converges, the conflict is listed.
        for laptop in laptops:
            laptop.sync()
        first.session.cases.save_answer(on[first.name], "a_number", "208456123")
        second.session.cases.save_answer(on[second.name], "a_number", "208456124")
        first.sync()
        second.sync()

        def converged():
            for laptop in laptops:
                laptop.sync()
            values = {
                laptop.session.cases.answers(on[laptop.name]).get("a_number") for laptop in laptops
            }
            conflicts = [
                [(q, v) for q, _h, v in laptop.session.clinic.conflicts(on[laptop.name])]
                for laptop in laptops
            ]
            same = len(values) == 1 and None not in values
            return (
                same and all(c == conflicts[0] and c for c in conflicts) and (values, conflicts[0])
            )

        values, conflict = wait_until(converged)
        result["converged_value"] = sorted(values)[0]
        result["conflict"] = conflict
        result["vaults_equal"] = (
            len(
                {
                    json.dumps(laptop.session.cases.answers(on[laptop.name]), sort_keys=True)
                    for laptop in laptops
                }
            )
            == 1
        )
        result["conflict_copies"] = sorted(
            p.name for laptop in laptops for p in laptop.folder.rglob("*.sync-conflict-*")
        )
        return result
    finally:
        for one in laptops:
            one.daemon.stop()
            if one.session.is_unlocked:
                one.session.lock()


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]))))
