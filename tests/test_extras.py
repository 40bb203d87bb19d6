"""Every extra, without it installed: the error names the extra that installs it.

The test suite runs with every extra installed (the ``test`` dependency group),
so each extra's code is also tested with it; here each one's modules are made
unimportable in turn.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import qualify

ROOT = Path(__file__).parent.parent


def _table() -> Any:
    """A polars table: polars needs neither numpy nor pyarrow, so hiding them leaves it
    working, as on a machine without them."""
    pl = pytest.importorskip("polars")
    return pl.DataFrame({"need": ["validated"], "won": [True]})


def _pandas_table() -> Any:
    """A pandas table: its list column (``missing``) needs pyarrow. Its text is held as
    Python objects, as pandas holds it on a machine without pyarrow (with pyarrow
    installed, pandas 3 backs its strings with pyarrow, which hiding it then breaks)."""
    pd = pytest.importorskip("pandas")
    return pd.DataFrame({"need": pd.Series(["validated"], dtype=object), "won": [True]})


def _calibrate() -> Any:
    rows = [{"need": level, "won": won} for level in ("assumed", "validated") for won in (0, 1)] * 20
    return qualify.calibrate(rows, "bant", "won")


CASES: list[tuple[str, str, Callable[[], Any]]] = [
    ("progress", "tqdm.auto", lambda: list(qualify.evaluate_many([{}], "bant", progress=True))),
    ("frames", "narwhals", lambda: qualify.evaluate_frame(_table(), "bant")),
    ("frames", "numpy", lambda: qualify.evaluate_frame(_table(), "bant")),
    ("frames", "pyarrow", lambda: qualify.evaluate_frame(_pandas_table(), "bant")),
    ("plot", "matplotlib.figure", lambda: qualify.plot.criteria_chart(qualify.evaluate({}, "bant"))),
    ("learn", "numpy", _calibrate),
]


@pytest.mark.parametrize(("extra", "module", "call"), CASES, ids=[f"{e}-{m}" for e, m, _ in CASES])
def test_without_the_extra_the_error_names_it(
    extra: str, module: str, call: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import qualify.plot  # noqa: F401 - imported before its extra is hidden

    table = None  # built while its library's own imports still work
    if extra == "frames":
        table = _pandas_table() if module == "pyarrow" else _table()
    if table is not None:
        call = lambda: qualify.evaluate_frame(table, "bant")  # noqa: E731
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(qualify.QualifyError, match=rf'pip install "qualify\[{extra}\]"') as caught:
        call()
    # an ImportError too: ``except ImportError`` around an optional feature catches it
    assert isinstance(caught.value, ImportError) and isinstance(caught.value, qualify.MissingExtraError)
    assert caught.value.extra == extra and caught.value.name == caught.value.package


def test_a_missing_extra_falls_back_where_import_errors_are_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pattern a CRM uses for an optional chart: try it, fall back on ImportError."""
    import pickle

    import qualify.plot

    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    try:
        qualify.plot.criteria_chart(qualify.evaluate({}, "bant"))
        drawn = True
    except ImportError as error:
        drawn = False
        assert str(error) == 'a chart needs matplotlib: pip install "qualify[plot]"'
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy), copy.extra) == (type(error), str(error), "plot")
    assert not drawn


def test_every_user_extra_is_covered_and_development_tools_are_groups() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = set(project["project"]["optional-dependencies"])
    assert extras == {"progress", "frames", "plot", "engines", "learn"}
    assert {"test", "docs", "fuzz", "bench", "recipes"} <= set(project["dependency-groups"])
    # engines: the user brings their own Spark or Dask frame, so nothing of ours imports them
    assert {extra for extra, _, _ in CASES} == extras - {"engines"}


def test_polars_alone_scores_a_table_without_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyarrow is 170 MB; a polars user need not install it: polars builds every column."""
    pl = pytest.importorskip("polars")
    table = pl.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "budget": ["allocated", None, "bogus", "process"],
            "need": pl.Series(["validated", "identified", None, "assumed"], dtype=pl.Categorical),
            "timeframe": [2, None, 5, 30],
        }
    )
    with_pyarrow = qualify.evaluate_frame(table, "bant", errors="report", id="id")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    eager = qualify.evaluate_frame(table, "bant", errors="report", id="id")
    lazy = qualify.evaluate_frame(table.lazy(), "bant", errors="report", id="id").collect()
    assert eager.equals(with_pyarrow) and eager.schema == with_pyarrow.schema
    assert lazy.equals(with_pyarrow)
    assert eager["verdict"].dtype == pl.Enum(["disqualified", "unqualified", "nurture", "qualified"])
    assert eager["problems"][2][0].startswith("criterion 'budget' of framework 'bant'")
