"""The public surface: what users import, documented and tidy."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pluggy

import qualify
import qualify.hookspecs
import qualify.testing

SRC = Path(qualify.__file__).parent


def test_all_is_sorted_and_complete() -> None:
    assert qualify.__all__ == sorted(qualify.__all__)
    for name in qualify.__all__:
        assert hasattr(qualify, name), name


def test_every_public_name_has_a_docstring() -> None:
    undocumented = []
    for name in qualify.__all__:
        obj = getattr(qualify, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            if not inspect.getdoc(obj):
                undocumented.append(name)
            for member_name, member in vars(obj).items() if inspect.isclass(obj) else ():
                public = not member_name.startswith("_")
                if public and (inspect.isfunction(member) or isinstance(member, property)):
                    if not inspect.getdoc(member):
                        undocumented.append(f"{name}.{member_name}")
    assert undocumented == []


def test_every_hook_is_prefixed_and_documented() -> None:
    specs = [
        name
        for name, value in vars(qualify.hookspecs).items()
        if callable(value) and hasattr(value, "qualify_spec")
    ]
    assert specs == ["qualify_frameworks", "qualify_scales", "qualify_field_maps"]
    guide = (SRC.parent.parent / "docs" / "plugins.md").read_text()
    for name in specs:
        assert name.startswith("qualify_")
        assert (getattr(qualify.hookspecs, name).__doc__ or "").strip()
        assert name in guide, f"{name} is not in the plugin guide"


def test_hookimpl_is_a_pluggy_marker() -> None:
    assert isinstance(qualify.hookimpl, pluggy.HookimplMarker)
    assert qualify.hookimpl.project_name == "qualify"


def test_importing_qualify_loads_no_adapter_and_no_framework() -> None:
    # Imports flow inward: core <- engine <- registry <- adapters.
    inner = [
        "_validate.py",
        "_scales.py",
        "_model.py",
        "_mapping.py",
        "_evaluate.py",
        "_convert.py",
        "_registry.py",
        "_plugins.py",
        "_api.py",
    ]
    for module in inner:
        tree = ast.parse((SRC / module).read_text())
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        adapters = {
            "cli",
            "_cli_frameworks",
            "frameworks",
            "testing",
            "_files",
            "_folders",
            "_toml",
        }
        assert not imported & adapters, module


def test_core_modules_do_not_import_the_registry_or_plugins() -> None:
    core = ["_validate.py", "_scales.py", "_model.py", "_mapping.py", "_evaluate.py", "errors.py"]
    for module in core:
        source = (SRC / module).read_text()
        assert "_registry" not in source and "pluggy" not in source, module
        assert "_convert" not in source, module
