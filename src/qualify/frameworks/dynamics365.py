"""The Dynamics 365 / Dataverse lead mapping for BANT, shipped as a mapping file.

``qualify.evaluate(lead_row, "bant", mapping="dynamics365")``. The file
``dynamics365.toml`` beside this module explains each translation.
"""

from __future__ import annotations

from importlib.resources import as_file, files

from qualify import FieldMap, hookimpl, load_field_map


@hookimpl
def qualify_field_maps() -> list[FieldMap]:
    """Provide the dynamics365 mapping from its file."""
    with as_file(files(__package__).joinpath("dynamics365.toml")) as path:
        return [load_field_map(path)]
