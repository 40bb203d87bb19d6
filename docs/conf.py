"""Sphinx configuration for the qualify documentation.

The build needs no network: ``_ext/qualify_docs.py`` writes the intersphinx
inventories, draws every chart and view, and copies the example notebook in.
CI builds with ``-W -n``: warnings are errors and every cross-reference must
resolve.
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from qualify_docs import GENERATED, INVENTORIES  # noqa: E402 - found through the path above

project = "qualify"
author = "The qualify developers"
copyright = "2026, The qualify developers"  # noqa: A001 - Sphinx's name
release = importlib.metadata.version("qualify")
version = release

extensions = [
    "qualify_docs",  # first: the inventories exist before intersphinx reads them
    "myst_nb",  # Markdown pages (MyST) and the example notebook
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx_copybutton",
]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "_ext", f"{GENERATED}/gallery", f"{GENERATED}/inventories"]
# The notebook is shown with the outputs saved in it; the test suite checks they are current.
nb_execution_mode = "off"

nitpicky = True
nitpick_ignore = [
    # type variables of generic signatures: there is no page to link them to
    ("py:class", "qualify._tables.frames.FrameT"),
    ("py:class", "qualify._core.convert.T"),
    ("py:class", "_F"),  # pluggy's, in hookimpl's and hookspec's signatures
]

# Each parameter of a public function has a :param: entry (tests/test_public_api.py
# checks); its type shows there, beside its meaning, and the signature stays short.
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_typehints_format = "short"

# The charts import matplotlib's types for type checkers only (matplotlib is an extra);
# autodoc reads the annotations at run time, so it is given them here to link them.
import matplotlib.axes  # noqa: E402
import matplotlib.figure  # noqa: E402

import qualify._views.charts as _charts  # noqa: E402

_charts.Axes = matplotlib.axes.Axes  # type: ignore[attr-defined]
_charts.Figure = matplotlib.figure.Figure  # type: ignore[attr-defined]
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "undoc-members": False}

intersphinx_mapping = {
    name: (root, f"{GENERATED}/inventories/{name}.inv") for name, (root, _) in INVENTORIES.items()
}

# Copy an example without its prompts: >>> and ... in Python, $ in a shell.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

html_theme = "furo"
html_title = "qualify"
html_css_files = ["qualify.css"]
html_static_path = ["_static"]
