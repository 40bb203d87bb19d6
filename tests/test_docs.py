"""The docs cannot rot: every complete TOML file they show loads as it stands.

The Python examples in the docs and README run as doctests (see pytest's
``--doctest-glob`` in pyproject.toml).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import qualify
from qualify._files import load_file

ROOT = Path(__file__).parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
BLOCK = re.compile(r"```toml\n(.*?)```", re.DOTALL)
EXAMPLES = [
    pytest.param(page, number, text, id=f"{page.name}-{number}")
    for page in PAGES
    for number, text in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")), start=1)
    if text.startswith(("name =", "[mapping]"))
]


def test_the_docs_show_toml_files() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(("page", "number", "text"), EXAMPLES)
def test_toml_examples_load(page: Path, number: int, text: str, tmp_path: Path) -> None:
    path = tmp_path / f"example{number}.toml"
    path.write_text(text, encoding="utf-8")
    framework, mapping = load_file(path)
    assert framework is not None or mapping is not None
    if framework is not None:
        assert framework.name in text


def test_every_public_name_is_in_the_api_reference() -> None:
    reference = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [name for name in qualify.__all__ if f"qualify.{name}" not in reference]
    assert missing == []
