"""The plugin author's path, end to end: install examples/qualify-meddic and find it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import qualify

EXAMPLE = Path(__file__).parent.parent / "examples" / "qualify-meddic"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the example package installed into it, offline, as pip installs it."""
    target = tmp_path_factory.mktemp("meddic-site")
    build = tmp_path_factory.mktemp("meddic-build")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(EXAMPLE),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TMPDIR": str(build)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert any(target.glob("qualify_meddic-*.dist-info/entry_points.txt"))
    return target


def run(site: Path, *argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])),
    }
    env.pop("QUALIFY_DISABLE_PLUGINS", None)
    return subprocess.run(
        [sys.executable, *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=300,
    )


BUILT_IN_AND_RATED = sorted([*qualify.list_frameworks(), "meddic-rated"])


def test_installed_plugin_is_discovered(site: Path) -> None:
    result = run(
        site,
        "-c",
        textwrap.dedent(
            """
        import qualify
        print(qualify.list_frameworks())
        print(qualify.framework_origin("meddic-rated"))
        lead = {"identify_pain": "confirmed", "economic_buyer": "met", "champion": 4}
        print(qualify.evaluate(lead, "meddic-rated").verdict)
        """
        ),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        str(BUILT_IN_AND_RATED),
        "meddic",
        "nurture",
    ]


def test_cli_lists_and_shows_it(site: Path) -> None:
    listed = run(site, "-m", "qualify", "frameworks")
    assert listed.returncode == 0, listed.stderr
    assert any(
        line.split()[:1] == ["meddic-rated"] and line.split()[-1] == "meddic"  # its plugin
        for line in listed.stdout.splitlines()
    )
    shown = run(site, "-m", "qualify", "show", "meddic-rated")
    assert "champion: Champion" in shown.stdout
    assert "rating: a whole number from 1 to 5" in shown.stdout


def test_files_can_use_the_plugin_scale(site: Path, tmp_path: Path) -> None:
    (tmp_path / "partner.toml").write_text(
        textwrap.dedent(
            """
        name = "partner-fit"
        title = "Partner fit"
        [[criteria]]
        key = "enthusiasm"
        label = "Enthusiasm"
        question = "How keen is the partner, from 1 to 10?"
        scale = { type = "rating", out_of = 10 }
        """
        )
    )
    result = run(site, "-m", "qualify", "validate", str(tmp_path / "partner.toml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout
    unknown = run(
        site,
        "-c",
        "import sys, qualify; print(qualify.load_framework(sys.argv[1]))",
        str(tmp_path / "partner.toml"),
    )
    assert "Rating(out_of=10)" in unknown.stdout, unknown.stderr


def test_the_example_packages_own_tests_pass(site: Path) -> None:
    result = run(
        site, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests"), cwd=EXAMPLE
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
