"""``import qualify`` loads the everyday core only; files, learning, tables, views, cattrs
and pluggy load when a program first reaches for them, and every public name still works."""

from __future__ import annotations

import subprocess
import sys

import qualify


def _loaded_after(code: str) -> set[str]:
    found = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return set(found.stdout.split())


def test_import_loads_no_extra_layer_and_no_cattrs() -> None:
    loaded = _loaded_after("import qualify")
    for prefix in ("qualify._learn", "qualify._tables", "qualify._views", "qualify._files",
                   "cattrs", "numpy", "qualify._core.convert", "pluggy", "qualify._core.results",
                   "qualify._plugins", "attrs", "logging"):  # fmt: skip
        assert not {name for name in loaded if name == prefix or name.startswith(prefix + ".")}, prefix


def test_every_public_name_resolves_and_is_listed() -> None:
    for name in qualify.__all__:
        assert getattr(qualify, name) is not None, name
    assert set(qualify.__all__) <= set(dir(qualify))
    assert "__version__" in dir(qualify) and qualify.__version__


def test_a_lazy_name_is_the_object_its_module_holds() -> None:
    from qualify._learn.calibrate import calibrate
    from qualify._tables.frames import evaluate_frame

    assert qualify.calibrate is calibrate and qualify.evaluate_frame is evaluate_frame
    loaded = _loaded_after("from qualify import backtest")
    assert "qualify._learn.backtest" in loaded


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        qualify.evaluate_everything  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "evaluate_everything" in str(error)
    else:  # pragma: no cover
        raise AssertionError("no AttributeError")


def test_the_first_name_reached_for_loads_the_core_with_its_pydantic_hooks() -> None:
    """Whatever name comes first, an Evaluation can go into a pydantic model after it."""
    loaded = _loaded_after("import qualify\nqualify.Verdict")
    assert {"qualify._core.results", "qualify._core.pydantic"} <= loaded


def test_pluggy_loads_with_the_plugins_on_first_use() -> None:
    loaded = _loaded_after("import qualify\nqualify.evaluate({}, 'bant')")
    assert "pluggy" in loaded and "qualify.frameworks.bant" in loaded


def test_notebook_views_are_registered_on_first_use() -> None:
    loaded = _loaded_after(
        "import qualify\nhtml = qualify.evaluate({}, 'bant')._repr_html_()\nassert '<' in html"
    )
    assert "qualify._views.html" in loaded


def test_reports_and_the_journey_are_public_submodules() -> None:
    import qualify.journey
    import qualify.reports

    for module in (qualify.journey, qualify.reports):
        assert module.__all__ == sorted(module.__all__)
        for name in module.__all__:
            assert getattr(module, name) is not None, name
            assert name not in qualify.__all__, f"{name} is listed twice"
    assert {"journey", "reports"} <= set(dir(qualify))


def test_a_moved_name_still_works_with_a_warning_naming_its_new_home() -> None:
    import warnings

    import qualify.journey

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        touch = qualify.Touch  # type: ignore[attr-defined]
    assert touch is qualify.journey.Touch
    (warning,) = caught
    assert warning.category is DeprecationWarning
    assert "qualify.journey.Touch" in str(warning.message)
    assert warning.filename == __file__  # points at the caller's line


def test_the_top_level_namespace_stays_small() -> None:
    """The everyday names only: reports' and the journey's parts live in submodules."""
    moved = {"AgeRate", "RungRate", "ScoreBand", "Pursuit", "Routing", "Asked", "Touch"}
    assert not moved & set(dir(qualify))
    # evaluate, results, evidence, frameworks and scales, files, registry and plugins,
    # learning's three functions, errors: 111 names before the reports and journey moved
    assert len(qualify.__all__) <= 80
    assert "evaluate_all" not in dir(qualify)  # deprecated: works, but is not offered
