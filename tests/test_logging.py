"""Logging: silent by default; logging.getLogger("qualify") shows loading and batch summaries."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

import qualify

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_silent_unless_the_application_turns_it_on() -> None:
    script = (
        "import qualify\n"
        "rows = [{'need': 'validated'}, {'need': 'plenty'}]\n"
        "list(qualify.evaluate_many(rows, 'bant', errors='report'))\n"
        "qualify.load_framework('examples/acme-bant.toml')\n"
    )
    quiet = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False,
        cwd=EXAMPLES.parent,
    )  # fmt: skip
    assert quiet.returncode == 0 and quiet.stderr == ""
    loud = subprocess.run(
        [sys.executable, "-c", "import logging; logging.basicConfig(level=logging.INFO)\n" + script],
        capture_output=True, text=True, check=False, cwd=EXAMPLES.parent,
    )  # fmt: skip
    assert "qualify.plugins:loaded" in loud.stderr
    assert "frameworks" in loud.stderr and "concepts" in loud.stderr


def test_files_mappings_and_batch_summaries_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    pd = pytest.importorskip("pandas")
    with caplog.at_level(logging.INFO, logger="qualify"):
        framework = qualify.load_framework(EXAMPLES / "acme-bant.toml")
        rows = [{"need": "validated"}, {"need": "plenty"}, {"need": "assumed"}]
        list(qualify.evaluate_many(rows, "bant", errors="report"))
        table = pd.DataFrame({"lead": ["a", "b"], "need": ["validated", "plenty"]})
        qualify.evaluate_frame(table, "bant", errors="report", id="lead")
    messages = [record.getMessage() for record in caplog.records]
    assert any(f"read framework acme-bant version {framework.version} from" in m for m in messages)
    assert "evaluate_many: 3 records under bant, 2 evaluated, 1 reported" in messages
    assert "evaluate_frame: bant on a pandas table, reading need" in messages
    assert "evaluate_frame: 1 rows cannot be scored (errors=report)" in messages
    by_logger = {record.name for record in caplog.records}
    assert by_logger <= LOGGERS
    assert {"qualify.files", "qualify.evaluate", "qualify.tables"} <= by_logger


#: The loggers' names, public and documented on the API page: they stay when modules move.
LOGGERS = {"qualify.plugins", "qualify.evaluate", "qualify.files", "qualify.tables"}


def test_every_logger_has_a_public_documented_name() -> None:
    """Modules take their loggers from _core/logs.py by public name, and the API page
    documents each; nothing else in the package makes a logger."""
    import re

    from qualify._core.logs import NAMES, logger

    assert set(NAMES) == LOGGERS
    source = Path(qualify.__file__).parent
    made = {
        name
        for path in source.rglob("*.py")
        for name in re.findall(r"\blogger\(\"([^\"]*)\"\)", path.read_text(encoding="utf-8"))
    }
    assert made == LOGGERS
    elsewhere = [
        path.name
        for path in source.rglob("*.py")
        if "getLogger(" in path.read_text(encoding="utf-8") and path.name != "logs.py"
    ]
    assert elsewhere == []
    reference = (source.parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    for name in LOGGERS:
        assert f"`{name}`" in reference, name
    with pytest.raises(ValueError, match="not one of qualify's loggers"):
        logger("qualify._tables.frames")


def test_the_version_is_the_installed_one() -> None:
    import importlib.metadata

    assert qualify.__version__ == importlib.metadata.version("qualify")
