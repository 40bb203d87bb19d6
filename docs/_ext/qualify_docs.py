"""What the qualify docs build makes for itself: link inventories, pictures, the notebook.

- **Inventories.** intersphinx links to the Python, attrs, pluggy, pandas,
  polars, narwhals and matplotlib docs through inventories written here, from
  the table below, so that the build needs no network. Each entry is the real
  address of that name's documentation.
- **Pictures.** Every chart of :mod:`qualify.plot` is drawn to PNG, and every
  notebook view written as HTML, from leads of the source stories, into
  ``_generated/gallery``; ``gallery.md`` shows them. They are made by each
  build, so they cannot go out of date.
- **The notebook.** ``examples/notebook.ipynb`` is copied in and rendered with
  the outputs saved in it (the test suite checks they are current).
- **Signatures.** attrs writes ``NOTHING`` for a default made by a factory;
  the signature shows the factory's call instead.
"""

from __future__ import annotations

import re
import shutil
import zlib
from pathlib import Path
from typing import Any

import attrs

GENERATED = "_generated"

#: project: (documentation root, [(name, domain:role, page#anchor)]); "$" in a
#: page stands for the name, as in Sphinx's own inventories.
INVENTORIES: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "python": (
        "https://docs.python.org/3/",
        [
            *(
                (f"collections.abc.{name}", "py:class", "library/collections.abc.html#$")
                for name in ("Callable", "Collection", "Iterable", "Iterator", "Mapping", "Sequence")
            ),
            *(
                (f"datetime.{name}", "py:class", "library/datetime.html#$")
                for name in ("date", "datetime", "timedelta", "timezone")
            ),
            ("os.PathLike", "py:class", "library/os.html#$"),
            ("io.BytesIO", "py:class", "library/io.html#$"),
            ("typing.IO", "py:class", "library/typing.html#$"),
            ("typing.Literal", "py:data", "library/typing.html#$"),
            ("bytes", "py:class", "library/stdtypes.html#$"),
            ("pathlib.Path", "py:class", "library/pathlib.html#$"),
            ("enum.StrEnum", "py:class", "library/enum.html#$"),
            ("typing.Any", "py:data", "library/typing.html#$"),
            ("logging.getLogger", "py:function", "library/logging.html#$"),
            ("logging.NullHandler", "py:class", "library/logging.handlers.html#$"),
            ("str", "py:class", "library/stdtypes.html#$"),
            ("dict", "py:class", "library/stdtypes.html#$"),
            ("list", "py:class", "library/stdtypes.html#$"),
            ("tuple", "py:class", "library/stdtypes.html#$"),
            ("float", "py:class", "library/functions.html#$"),
            ("int", "py:class", "library/functions.html#$"),
            ("bool", "py:class", "library/functions.html#$"),
            ("object", "py:class", "library/functions.html#$"),
            ("None", "py:data", "library/constants.html#$"),
            ("ValueError", "py:exception", "library/exceptions.html#$"),
            ("KeyError", "py:exception", "library/exceptions.html#$"),
            ("Warning", "py:exception", "library/exceptions.html#$"),
        ],
    ),
    "attrs": (
        "https://www.attrs.org/en/stable/",
        [
            ("attrs.define", "py:function", "api.html#$"),
            ("attrs.frozen", "py:function", "api.html#$"),
            ("attrs.evolve", "py:function", "api.html#$"),
            ("attrs.asdict", "py:function", "api.html#$"),
        ],
    ),
    "pluggy": (
        "https://pluggy.readthedocs.io/en/stable/",
        [
            ("pluggy.PluginManager", "py:class", "api_reference.html#$"),
            ("pluggy.PluginManager.register", "py:method", "api_reference.html#$"),
            ("pluggy.HookimplMarker", "py:class", "api_reference.html#$"),
            ("pluggy.HookspecMarker", "py:class", "api_reference.html#$"),
        ],
    ),
    "pandas": (
        "https://pandas.pydata.org/docs/",
        [
            (f"pandas.{name}", "py:class", f"reference/api/pandas.{name}.html#$")
            for name in ("DataFrame", "Series", "Categorical", "CategoricalDtype")
        ],
    ),
    "polars": (
        "https://docs.pola.rs/api/python/stable/",
        [
            ("polars.DataFrame", "py:class", "reference/dataframe/index.html#$"),
            ("polars.LazyFrame", "py:class", "reference/lazyframe/index.html#$"),
            ("polars.Enum", "py:class", "reference/api/polars.datatypes.Enum.html#polars.datatypes.Enum"),
        ],
    ),
    "narwhals": (
        "https://narwhals-dev.github.io/narwhals/",
        [
            ("narwhals.from_native", "py:function", "api-reference/narwhals/#$"),
            ("narwhals.DataFrame", "py:class", "api-reference/dataframe/#narwhals.dataframe.DataFrame"),
            ("narwhals.LazyFrame", "py:class", "api-reference/lazyframe/#narwhals.dataframe.LazyFrame"),
        ],
    ),
    "matplotlib": (
        "https://matplotlib.org/stable/",
        [
            ("matplotlib.figure.Figure", "py:class", "api/_as_gen/matplotlib.figure.Figure.html#$"),
            ("matplotlib.axes.Axes", "py:class", "api/_as_gen/matplotlib.axes.Axes.html#$"),
            # where the class lives, as annotations resolved at run time name it
            ("matplotlib.axes._axes.Axes", "py:class", "api/_as_gen/matplotlib.axes.Axes.html#$"),
        ],
    ),
}


def inventory_path(srcdir: Path, project: str) -> Path:
    """Where the inventory of *project* is written."""
    return srcdir / GENERATED / "inventories" / f"{project}.inv"


def write_inventories(srcdir: Path) -> None:
    """Write every inventory in Sphinx's format (version 2, zlib-compressed)."""
    for project, (_, entries) in INVENTORIES.items():
        lines = "".join(f"{name} {role} 1 {page} -\n" for name, role, page in entries)
        header = (
            "# Sphinx inventory version 2\n"
            f"# Project: {project}\n# Version: \n"
            "# The remainder of this file is compressed using zlib.\n"
        )
        path = inventory_path(srcdir, project)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(header.encode() + zlib.compress(lines.encode()))


def copy_notebook(srcdir: Path) -> None:
    """The example notebook, where the docs can render it."""
    target = srcdir / GENERATED / "notebook.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(srcdir.parent / "examples" / "notebook.ipynb", target)


def draw_gallery(srcdir: Path) -> None:
    """Every chart as PNG and every view as HTML, from leads of the source stories."""
    import gallery  # docs/_ext/gallery.py: what each picture shows

    folder = srcdir / GENERATED / "gallery"
    folder.mkdir(parents=True, exist_ok=True)
    for name, figure in gallery.charts().items():
        figure.savefig(folder / f"{name}.png", dpi=110)
    for name, html in gallery.views().items():
        (folder / f"{name}.html").write_text(f'<div class="qualify-view">{html}</div>\n', encoding="utf-8")


def _config_inited(app: Any, config: Any) -> None:
    srcdir = Path(app.srcdir)
    write_inventories(srcdir)
    copy_notebook(srcdir)
    draw_gallery(srcdir)


#: Names imported only for type checking, by the module that uses them: written in
#: full in signatures, so that they link to their library's documentation.
_TYPE_CHECKING_ONLY = {
    "qualify._views.charts": {"Figure": "matplotlib.figure.Figure", "Axes": "matplotlib.axes.Axes"},
}


def _signature(
    app: Any, what: str, name: str, obj: Any, options: Any, signature: str | None, annotation: str | None
) -> tuple[str | None, str | None] | None:
    """Signatures as a reader needs them: full names for names imported only for type
    checking, and a factory's call (``scale=Boolean()``) where attrs says ``NOTHING``."""
    names = _TYPE_CHECKING_ONLY.get(getattr(obj, "__module__", ""), {})
    for short, full in names.items():
        pattern = re.compile(rf"(?<![\w.]){short}\b")
        signature = pattern.sub(full, signature) if signature else signature
        annotation = pattern.sub(full, annotation) if annotation else annotation
    if signature is None or "NOTHING" not in signature or not attrs.has(obj):
        return (signature, annotation) if names else None
    for field in attrs.fields(obj):
        if not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            continue
        factory = field.default.factory
        call = f"{factory.__name__}()" if factory.__name__ != "<lambda>" else "..."
        key = field.name.lstrip("_")
        # this parameter's own "= NOTHING": its name, its annotation, then the default
        signature = re.sub(rf"(\b{key}(?:: [^=]*?)?) ?= ?NOTHING", rf"\1 = {call}", signature, count=1)
    return signature, annotation


def setup(app: Any) -> dict[str, Any]:
    """Register the build steps (before intersphinx reads the inventories)."""
    app.setup_extension("sphinx.ext.autodoc")  # its events are connected to below
    app.connect("config-inited", _config_inited, priority=100)
    app.connect("autodoc-process-signature", _signature)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
