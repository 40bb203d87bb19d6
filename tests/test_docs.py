"""The docs cannot rot: every complete TOML file they show loads as it stands.

The Python examples in the docs and README run as doctests (see pytest's
``--doctest-glob`` in pyproject.toml).
"""

from __future__ import annotations

import re
import tomllib
import types
from pathlib import Path

import pytest

import qualify
import qualify.journey
import qualify.reports
from qualify import hookspecs
from qualify._files.framework_files import load_file
from qualify.testing import registered_plugin

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
    modules = (qualify, qualify.reports, qualify.journey)
    missing = [
        f"{module.__name__}.{name}"
        for module in modules
        for name in module.__all__
        if f"{module.__name__}.{name}" not in reference
    ]
    assert missing == []


PYTHON = re.compile(r"```python\n(.*?)```", re.DOTALL)
#: A snippet that goes on from the one before it on its page starts so, and runs after it.
CONTINUED = "# continued from above"


def _snippets(page: Path) -> list[str]:
    found: list[str] = []
    for text in PYTHON.findall(page.read_text(encoding="utf-8")):
        found.append(found[-1] + text if text.startswith(CONTINUED) and found else text)
    return found


SNIPPETS = [
    pytest.param(page, text, id=f"{page.name}-{number}")
    for page in PAGES
    for number, text in enumerate(_snippets(page), start=1)
]


def test_the_docs_show_python_snippets() -> None:
    assert len(SNIPPETS) >= 3


@pytest.mark.parametrize(("page", "text"), SNIPPETS)
def test_python_snippets_run(
    page: Path, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every ```python block runs as shown: in a folder holding what it names, with
    ``qualify`` imported as the page's earlier examples import it; a plugin it
    defines is registered and gives working frameworks."""
    folder = tmp_path / "sales" / "frameworks"
    folder.mkdir(parents=True)
    (folder / "acme-rant.toml").write_text(
        'name = "acme-rant"\nextends = "rant"\nqualified_at = 80\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    registered: list[str] = []

    def register_path(path: str) -> str:
        name = qualify.register_path(path)
        registered.append(name)
        return name

    namespace: dict[str, object] = {"qualify": _Qualify(register_path)}
    try:
        exec(compile(text, f"{page.name} snippet", "exec"), namespace)  # noqa: S102
        if registered:
            assert "acme-rant" in qualify.list_frameworks()
        hook = namespace.get("qualify_frameworks")
        if callable(hook):
            plugin = types.SimpleNamespace(qualify_frameworks=hook)
            with registered_plugin(plugin):
                for framework in hook():
                    assert isinstance(framework, qualify.Framework)
                    result = qualify.evaluate({}, framework.name)
                    assert result.missing[0].question
    finally:
        for name in registered:
            qualify.unregister_plugin(name)


class _Qualify(types.ModuleType):
    """``qualify`` as the snippets see it, with ``register_path`` recorded for clean-up."""

    def __init__(self, register_path: object) -> None:
        super().__init__("qualify")
        self.__dict__.update(vars(qualify))
        self.register_path = register_path


ALL_TOML = [
    pytest.param(text, id=f"{page.name}-{number}")
    for page in PAGES
    for number, text in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")), start=1)
]


@pytest.mark.parametrize("text", ALL_TOML)
def test_every_toml_block_parses_and_entry_points_name_our_group(text: str) -> None:
    table = tomllib.loads(text)
    if "project" in table:
        assert list(table["project"]["entry-points"]) == [hookspecs.PROJECT_NAME]


def test_user_facing_text_cites_sources_by_title_not_by_internal_file_name() -> None:
    """Users do not have the team's source files: text they read cites titles and authors."""
    internal = re.compile(r"\d{3}_[0-9a-f]{16}\.txt|shared/seeds|seeds folder")
    root = Path(__file__).parent.parent
    places = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    places += sorted((root / "examples").rglob("*.toml")) + [root / "examples" / "notebook.ipynb"]
    places += sorted((root / "src" / "qualify" / "frameworks").glob("*"))
    offending = [
        str(p.relative_to(root)) for p in places if p.is_file() and internal.search(p.read_text())
    ]
    for name in qualify.list_frameworks():
        framework = qualify.get_framework(name)
        texts = [framework.description, *(c.description for c in framework.criteria)]
        if any(internal.search(text) for text in texts):
            offending.append(f"framework {name}")
    assert offending == []


#: A block that shows a command and what it printed: ```text, then "$ qualify ...".
CONSOLE = re.compile(r"```text\n\$ (qualify [^\n]*)\n(.*?)```", re.DOTALL)
#: Pages whose commands name files the reader has and the repository does not: their
#: output is shown as an illustration of a reader's own data.
ILLUSTRATIONS = {"handoffs.md": "a reader's own leads.csv and acme.toml"}
CLI_SHOWN = [
    pytest.param(page, command, shown, id=f"{page.name}-{number}")
    for page in PAGES
    if page.name not in ILLUSTRATIONS
    for number, (command, shown) in enumerate(CONSOLE.findall(page.read_text("utf-8")), 1)
]


def test_the_tutorial_shows_the_command_line() -> None:
    assert sum(param.values[0].name == "quickstart.md" for param in CLI_SHOWN) >= 2


@pytest.mark.parametrize(("page", "command", "shown"), CLI_SHOWN)
def test_command_output_shown_in_the_docs_is_what_the_command_prints(
    page: Path, command: str, shown: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each line shown is printed, in order (standard output and error each); ``...``
    stands for lines left out, and a line ending in ``...`` for the rest of that line."""
    import shlex

    from qualify.cli import main

    monkeypatch.chdir(ROOT)
    main(shlex.split(command)[1:])
    out, err = capsys.readouterr()
    streams = {"out": out.splitlines(), "err": err.splitlines()}
    reached = {"out": 0, "err": 0}
    for line in shown.splitlines():
        if line == "...":
            continue
        prefix = line.endswith(" ...")
        wanted = line.removesuffix(" ...")
        for name, lines in streams.items():
            found = next(
                (i for i in range(reached[name], len(lines))
                 if (lines[i].startswith(wanted) if prefix else lines[i].rstrip() == wanted)),
                None,
            )  # fmt: skip
            if found is not None:
                reached[name] = found + 1
                break
        else:
            raise AssertionError(f"{page.name}: {command!r} does not print, where shown: {line!r}")
