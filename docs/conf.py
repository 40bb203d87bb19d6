"""Sphinx configuration for the qualify documentation."""

from __future__ import annotations

import importlib.metadata

project = "qualify"
author = "The qualify developers"
copyright = "2026, The qualify developers"  # noqa: A001 - Sphinx's name
release = importlib.metadata.version("qualify")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "undoc-members": False}
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

html_theme = "furo"
html_title = "qualify"
