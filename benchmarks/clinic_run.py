"""Run inside a loopback-only namespace by bench_clinic.py: two laptops with real Syncthing
daemons; one answer end to end, then 5,000 change files copied by Syncthing and imported."""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from intake_app.network.syncthing import find_syncthing
from tests.clinic.syncthing_scenario import Laptop, loopback_only, wait_until

FILES = 5000


def main(root: Path) -> dict:
    loopback_only()
    program = find_syncthing()
    ana, beto = (Laptop(root, name, i + 1, program) for i, name in enumerate(("ana", "beto")))
    try:
        for one in (ana, beto):
            one.daemon.generate()
        for one in (ana, beto):
            one.daemon.start()
        for one, other in ((ana, beto), (beto, ana)):
            one.daemon.add_device(
                other.daemon.device_id, other.name, f"tcp://127.0.0.1:{other.port}"
            )
            one.daemon.share_folder(one.folder, [other.daemon.device_id])
        for one in (ana, beto):
            wait_until(lambda one=one: one.daemon.connected_peers())
        clinic_id = ana.session.clinic.create(ana.folder, "Ana")
        ana.publish(sorted((ana.folder / "roster").glob("*.json")))
        beto.session.clinic.request_to_join(beto.folder, clinic_id, "beto")
        beto.publish(sorted((beto.folder / "requests").glob("*.json")))
        request = wait_until(lambda: ana.session.clinic.requests(ana.folder))[0]
        ana.session.clinic.admit(ana.folder, request.id, "attorney")
        ana.publish(sorted((ana.folder / "roster").glob("*.json")))
        wait_until(lambda: (beto.sync(), len(beto.session.clinic.members()) == 2)[1])

        case_id = ana.session.cases.create("es")
        ana.session.cases.save_answer(case_id, "detainee_family_names", "BENCH")
        ana.session.clinic.share(ana.folder, case_id)
        ana.publish(sorted((ana.folder / "cases").rglob("*.json")))
        ana.sync()
        on_beto = wait_until(lambda: (beto.sync(), [c.id for c in beto.session.cases.list()])[1])[0]

        one_answer = []
        for n in range(5):
            value = f"Facility {n}"
            started = time.perf_counter()
            ana.session.cases.save_answer(case_id, "facility_name", value)
            ana.sync()
            wait_until(
                lambda value=value: (
                    (beto.sync(), beto.session.cases.answers(on_beto))[1].get("facility_name")
                    == value
                ),
                step=0.01,
            )
            one_answer.append(time.perf_counter() - started)

        # 5,000 change files: each its own save burst, written before anything is scanned.
        for n in range(FILES):
            ana.session.cases.save_answer(case_id, "facility_name", f"Facility {n:05d}")
            ana.session.clinic._clinic().publish_changes(ana.folder)
        token = ana.session.vault().clinic.token(case_id)
        author = ana.session.vault().clinic.member_id
        expected = len(list((ana.folder / "cases" / token / author).glob("*.seg")))
        started = time.perf_counter()
        ana.daemon.scan(f"cases/{token}/{author}")
        wait_until(
            lambda: len(list((beto.folder / "cases" / token / author).glob("*.seg"))) >= expected,
            seconds=600,
            step=0.1,
        )
        copied = time.perf_counter() - started
        started = time.perf_counter()
        report = beto.sync()
        imported = time.perf_counter() - started
        assert beto.session.cases.answers(on_beto)["facility_name"] == f"Facility {FILES - 1:05d}"
        return {
            "one_answer_median": statistics.median(one_answer),
            "files": report.applied,
            "copied": copied,
            "imported": imported,
        }
    finally:
        for one in (ana, beto):
            one.daemon.stop()
            if one.session.is_unlocked:
                one.session.lock()


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
