"""The public surface: what users import, documented and tidy."""

from __future__ import annotations

import inspect
from pathlib import Path

import pluggy

import qualify
import qualify.journey
import qualify.reports
import qualify.hookspecs
import qualify.testing

SRC = Path(qualify.__file__).parent


#: Every public name, by the module users import it from.
PUBLIC_NAMES = [
    (module, name)
    for module in (qualify, qualify.reports, qualify.journey)
    for name in module.__all__
]


def test_all_is_sorted_and_complete() -> None:
    for module in (qualify, qualify.reports, qualify.journey):
        assert module.__all__ == sorted(module.__all__)
        for name in module.__all__:
            assert hasattr(module, name), name


def test_every_public_name_has_a_docstring() -> None:
    undocumented = []
    for module, name in PUBLIC_NAMES:
        obj = getattr(module, name)
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
    assert specs == [
        "qualify_frameworks",
        "qualify_scales",
        "qualify_field_maps",
        "qualify_concepts",
    ]
    guide = (SRC.parent.parent / "docs" / "plugins.md").read_text()
    for name in specs:
        assert name.startswith("qualify_")
        assert (getattr(qualify.hookspecs, name).__doc__ or "").strip()
        assert name in guide, f"{name} is not in the plugin guide"


def test_hookimpl_is_a_pluggy_marker() -> None:
    assert isinstance(qualify.hookimpl, pluggy.HookimplMarker)
    assert qualify.hookimpl.project_name == "qualify"


def test_every_parameter_of_a_public_function_is_described() -> None:
    """The API page lists each parameter with its type and meaning: a ``:param:`` entry."""
    undescribed = []
    import qualify.plot

    charts = [(qualify.plot, name) for name in qualify.plot.__all__]
    for module, name in [*PUBLIC_NAMES, *charts, (qualify.testing, "registered_plugin")]:
        obj = getattr(module, name)
        if not inspect.isfunction(obj):
            continue
        doc = inspect.getdoc(obj) or ""
        for parameter in inspect.signature(obj).parameters:
            if f":param {parameter}:" not in doc:
                undescribed.append(f"{name}({parameter})")
    assert undescribed == []
