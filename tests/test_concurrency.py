"""Many threads at once, and the same bytes every time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import qualify
from qualify.testing import registered_plugin

LEADS = [
    {"budget": "allocated", "authority": "engaged", "need": "validated", "timeframe": 4},
    {"budget": "process", "need": "identified"},
    {"need": "assumed", "timeframe": 30},
    {},
    {"authority": "identified", "need": "pain validated", "timeframe": 9},
]
ROWS = [
    {"leadid": "a", "budgetstatus": "Will Buy", "decisionmaker": "completed", "need": "Must have"},
    {"leadid": "b", "budgetstatus": 1, "purchasetimeframe": "Unknown"},
]


def serial() -> list[dict[str, object]]:
    results = [qualify.to_dict(qualify.evaluate(lead, "bant")) for lead in LEADS]
    results += [
        qualify.to_dict(qualify.evaluate(lead, "icare")) for lead in ({}, {"imperative": "latent"})
    ]
    results += [
        qualify.to_dict(qualify.evaluate(row, "bant", mapping="dynamics365")) for row in ROWS
    ]
    return results


class Churn:
    """A plugin whose framework name changes every time it is registered."""

    def __init__(self, number: int) -> None:
        self.number = number

    @qualify.hookimpl
    def qualify_frameworks(self) -> list[qualify.Framework]:
        need = qualify.Criterion(key="need", label="Need", question="What must they fix?")
        return [qualify.Framework(name=f"churn-{self.number}", title="Churn", criteria=[need])]


def test_evaluating_in_8_threads_while_plugins_come_and_go() -> None:
    expected = serial()
    stop = threading.Event()
    failures: list[BaseException] = []
    churned = 0

    def churn() -> None:
        nonlocal churned
        number = 0
        while not stop.is_set():
            number += 1
            try:
                with registered_plugin(Churn(number)) as name:
                    assert f"churn-{number}" in qualify.list_frameworks(), name
                    qualify.evaluate({"need": True}, f"churn-{number}")
                churned += 1
            except BaseException as error:  # noqa: BLE001 - reported below
                failures.append(error)
                return

    def work() -> None:
        try:
            for _ in range(60):
                assert serial() == expected
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    churner = threading.Thread(target=churn)
    workers = [threading.Thread(target=work) for _ in range(8)]
    churner.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    stop.set()
    churner.join()
    assert failures == []
    assert churned > 0
    assert not any(name.startswith("churn-") for name in qualify.list_frameworks())


SCRIPT = """
import json, sys
from datetime import datetime, UTC
import qualify
sys.path.insert(0, {tests!r})
from test_concurrency import serial
items = [
    qualify.Evidence(key="need", value="assumed", channel="web form"),
    qualify.Evidence(key="need", value="validated", observed_at=datetime(2026, 1, 2, tzinfo=UTC)),
    qualify.Evidence(key="budget", value="sufficient", source="CFO"),
]
out = serial() + [qualify.to_dict(qualify.evaluate(items, "bant"))]
out.append(qualify.to_dict(qualify.get_framework("short-term-lead")))
sys.stdout.write(json.dumps(out))
"""


def test_the_same_bytes_across_runs_and_processes() -> None:
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT.format(tests=str(Path(__file__).parent))],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    (output,) = outputs
    assert json.loads(output)[: len(serial())] == serial()
