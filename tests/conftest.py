"""Shared fixtures: throwaway frameworks and a way to run Python with fake installed plugins."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import qualify

# A busy two-core machine runs some examples slowly: no property may fail on time.
settings.register_profile(
    "qualify", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("qualify")


def make_framework(name: str = "tiny", **overrides: object) -> qualify.Framework:
    """A small valid framework to vary in tests."""
    fields: dict[str, object] = {
        "name": name,
        "title": "Tiny",
        "criteria": (
            qualify.Criterion(key="fit", label="Fit", question="Do they fit?", weight=2.0),
            qualify.Criterion(key="money", label="Money", question="Can they pay?"),
        ),
    }
    fields.update(overrides)
    return qualify.Framework(**fields)  # type: ignore[arg-type]


@pytest.fixture
def tiny() -> qualify.Framework:
    return make_framework()


RunPython = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_with_plugins(tmp_path: Path) -> RunPython:
    """Run a script in a fresh interpreter that sees fake installed plugin distributions.

    ``plugins`` maps an entry-point name to a module's source; each becomes a
    distribution with a ``qualify`` entry point, found through PYTHONPATH.
    """

    def run(
        script: str, plugins: dict[str, str], env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        site = tmp_path / "site"
        site.mkdir(exist_ok=True)
        for name, source in plugins.items():
            module = f"fake_{name.replace('-', '_')}"
            (site / f"{module}.py").write_text(textwrap.dedent(source))
            info = site / f"{module}-0.1.dist-info"
            info.mkdir(exist_ok=True)
            (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n")
            (info / "entry_points.txt").write_text(f"[qualify]\n{name} = {module}\n")
        environment = {**os.environ, **(env or {})}
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(site), *filter(None, [environment.get("PYTHONPATH")])]
        )
        return subprocess.run(
            [sys.executable, "-W", "always", "-c", textwrap.dedent(script)],
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
            check=False,
        )

    return run
