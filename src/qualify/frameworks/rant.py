"""RANT, shipped as a framework file: proof that files carry real frameworks.

Source: "Rethinking BANT: how to better define a qualified lead" (ETI Sales
Support blog), its second part. The framework itself is ``rant.toml`` beside this module.
"""

from __future__ import annotations

from importlib.resources import as_file, files

from qualify import Framework, hookimpl, load_framework


@hookimpl
def qualify_frameworks() -> list[Framework]:
    """Provide RANT from its file."""
    with as_file(files(__package__).joinpath("rant.toml")) as path:
        return [load_framework(path)]
