"""The architecture, checked from the source: one folder per layer, imports flowing one way.

Every import in the package, at module level or inside a function, is read
from the source and held to :data:`ALLOWED`. ``CONTRIBUTING.md`` draws the
same map for people.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import qualify

SRC = Path(qualify.__file__).parent
ROOT = SRC.parent.parent

#: Which layer each module belongs to, by the longest matching name.
LAYER_OF = {
    "qualify.errors": "errors",
    "qualify._core": "core",
    "qualify.hookspecs": "plugins",
    "qualify._plugins": "plugins",
    "qualify.testing": "plugins",
    "qualify._files": "files",
    "qualify._tables": "tables",
    "qualify._learn": "learn",
    "qualify._views": "views",
    "qualify.plot": "views",
    "qualify._cli": "cli",
    "qualify.cli": "cli",
    "qualify.__main__": "cli",
    "qualify": "facade",
    "qualify.frameworks": "frameworks",
}

#: The layers each layer may import besides itself: the table of allowed edges.
ALLOWED = {
    "errors": set(),
    "core": {"errors"},
    "plugins": {"errors", "core"},
    "files": {"errors", "core", "plugins"},
    "tables": {"errors", "core", "plugins"},
    "learn": {"errors", "core", "plugins", "files", "tables"},
    "views": {"errors", "core", "plugins", "tables", "learn"},
    "cli": {"errors", "core", "plugins", "files", "tables", "learn", "views"},
    # the public facade re-exports every layer but the command
    "facade": {"errors", "core", "plugins", "files", "tables", "learn", "views"},
    # built-in frameworks are plugins: they use the public API, as a third party does
    # (and the folder plugin reads folders of framework files)
    "frameworks": {"facade", "files"},
}

#: The modules users import; every other module is private by its name.
PUBLIC = {
    "qualify",
    "qualify.errors",
    "qualify.hookspecs",
    "qualify.journey",
    "qualify.reports",
    "qualify.testing",
    "qualify.plot",
    "qualify.cli",
    "qualify.__main__",
}

#: What the package may import from outside the standard library at import time;
#: everything else (numpy, narwhals, matplotlib, tqdm...) is an optional extra,
#: imported inside the function that needs it.
RUNTIME_DEPENDENCIES = {"attrs", "cattrs", "pluggy"}

#: No module grows past this many lines: split by concept well before.
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = ["qualify", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(SRC.rglob("*.py"))}


def layer(module: str) -> str:
    name = module
    while name not in LAYER_OF:
        name = name.rpartition(".")[0]
    return LAYER_OF[name]


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imports(module: str) -> Iterator[tuple[str, int]]:
    """Every module *module* imports, anywhere in its source, with the line."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield (submodule if submodule in MODULES else base), node.lineno


def top_level_imports(module: str) -> Iterator[str]:
    """The modules *module* imports when it is imported (not in functions or type checks)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module


def package_edges() -> dict[str, set[str]]:
    return {
        module: {target for target, _ in imports(module) if target in MODULES} for module in MODULES
    }


def test_the_layer_table_covers_every_module() -> None:
    assert set(ALLOWED) == set(LAYER_OF.values())
    for module in MODULES:
        assert layer(module) in ALLOWED, module


def test_every_import_follows_the_table_of_allowed_edges() -> None:
    wrong = []
    for module in MODULES:
        for target, line in imports(module):
            if target != "qualify" and not target.startswith("qualify."):
                continue
            here, there = layer(module), layer(target)
            if here != there and there not in ALLOWED[here]:
                wrong.append(f"{module}:{line} ({here}) imports {target} ({there})")
    assert wrong == []


def test_the_core_imports_nothing_of_the_package_but_errors() -> None:
    for module in MODULES:
        if layer(module) != "core":
            continue
        for target, line in imports(module):
            if target.startswith("qualify"):
                assert layer(target) in {"core", "errors"}, f"{module}:{line} imports {target}"


def test_no_import_circle_among_modules() -> None:
    edges = package_edges()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            circle = [*path[path.index(module) :], module]
            pytest.fail("import circle: " + " -> ".join(circle))
        if module in done:
            return
        for target in sorted(edges[module]):
            # a module importing its own package's __init__ is the facade's business
            if not module.startswith(target + "."):
                visit(target, [*path, module])
        done.add(module)

    for module in sorted(edges):
        visit(module, [])


def test_a_layer_that_imports_a_package_imports_it_by_module() -> None:
    # "from .._core import engine" is fine; the layer packages export nothing themselves.
    for module, path in MODULES.items():
        if path.name == "__init__.py" and module.count(".") == 1 and module != "qualify.frameworks":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            code = [n for n in tree.body if not isinstance(n, ast.Expr | ast.ImportFrom)]
            assert code == [], f"{module} defines code; layer packages hold only a docstring"


def test_every_module_is_public_by_list_or_private_by_name() -> None:
    for module in MODULES:
        private = any(part.startswith("_") and part != "__main__" for part in module.split("."))
        builtin_plugin = layer(module) == "frameworks"
        assert module in PUBLIC or private or builtin_plugin, (
            f"{module} is neither private (a leading underscore) nor listed as public"
        )


def test_import_time_dependencies_are_the_runtime_ones() -> None:
    stdlib = sys.stdlib_module_names | {"__future__"}
    for module in MODULES:
        for target in top_level_imports(module):
            root = target.partition(".")[0]
            if root in stdlib or root == "qualify":
                continue
            assert root in RUNTIME_DEPENDENCIES, (
                f"{module} imports {target} at import time; import optional extras lazily"
            )


def test_no_module_is_over_the_size_limit() -> None:
    long = {
        module: lines
        for module, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_importing_qualify_loads_no_optional_extra_command_or_framework() -> None:
    import subprocess

    code = (
        "import sys, qualify\n"
        "heavy = ['numpy', 'narwhals', 'pandas', 'polars', 'pyarrow', 'matplotlib', 'tqdm',"
        " 'qualify._cli', 'qualify.frameworks']\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"


def test_the_contributing_map_names_every_layer_folder() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    folders = sorted(p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    for folder in folders:
        assert f"`{folder}/`" in guide, f"CONTRIBUTING.md does not describe {folder}/"
