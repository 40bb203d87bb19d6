"""examples/notebook.ipynb runs from top to bottom, and what it shows is what it prints now."""

from __future__ import annotations

import copy
from html import escape
from pathlib import Path
from typing import Any

import pytest

import qualify

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).parent.parent / "examples" / "notebook.ipynb"


def texts(notebook: Any) -> list[list[str]]:
    """Per code cell, what it printed and the plain-text form of what it showed."""
    shown = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stdout":
                outputs.append(output.text)
            elif output.output_type in ("execute_result", "display_data"):
                outputs.append(output.data.get("text/plain", ""))
        shown.append(outputs)
    return shown


@pytest.fixture(scope="module")
def executed() -> tuple[Any, Any]:
    committed = nbformat.read(NOTEBOOK, as_version=4)
    fresh = copy.deepcopy(committed)
    client = nbclient.NotebookClient(
        fresh,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    return committed, fresh


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_notebook_runs_without_errors(executed: tuple[Any, Any]) -> None:
    _, fresh = executed
    errors = [
        f"{output.ename}: {output.evalue}"
        for cell in fresh.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    stderr = [
        output.text
        for cell in fresh.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stderr"
    ]
    assert stderr == []


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_it_shows_html_results_charts_and_a_disagreement(executed: tuple[Any, Any]) -> None:
    _, fresh = executed
    data = [
        output.data
        for cell in fresh.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type in ("execute_result", "display_data")
    ]
    html = [item["text/html"] for item in data if "text/html" in item]
    evaluations = [page for page in html if 'class="qualify-evaluation"' in page]
    assert len(evaluations) >= 2
    # the I CARE view of the first lead asks about what nobody has recorded yet
    question = qualify.get_framework("icare").criterion("environment").question
    assert any(escape(question) in page for page in evaluations)
    assert any('class="qualify-framework"' in page for page in html)
    assert sum("image/png" in item for item in data) >= 3  # one lead, verdicts, missing
    printed = "".join(output for cell in texts(fresh) for output in cell)
    assert "BANT qualified, I CARE unqualified: " in printed
    assert "| BANT qualified | I CARE unqualified" in printed
    assert "| BANT nurture | I CARE qualified" in printed


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_committed_outputs_are_current(executed: tuple[Any, Any]) -> None:
    committed, fresh = executed
    assert texts(fresh) == texts(committed), (
        "examples/notebook.ipynb shows stale outputs: re-run it and save it"
    )


def images(notebook: Any) -> list[bytes]:
    """Every PNG the notebook shows, in order."""
    import base64

    return [
        base64.b64decode(output.data["image/png"])
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type in ("execute_result", "display_data") and "image/png" in output.data
    ]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_committed_charts_are_current(executed: tuple[Any, Any]) -> None:
    """The pictures the docs show are the notebook's saved ones: each must look as a fresh run
    draws it (the same size, and within a small root-mean-square difference that font
    rendering may add), so a chart change cannot leave a stale picture."""
    import io

    np = pytest.importorskip("numpy")
    image = pytest.importorskip("matplotlib.image")
    committed, fresh = executed
    saved, drawn = images(committed), images(fresh)
    assert len(saved) == len(drawn) >= 3
    for number, (old, new) in enumerate(zip(saved, drawn, strict=True), start=1):
        before = image.imread(io.BytesIO(old), format="png")[..., :3]
        after = image.imread(io.BytesIO(new), format="png")[..., :3]
        assert before.shape == after.shape, (
            f"chart {number} of examples/notebook.ipynb changed size: re-run it and save it"
        )
        rms = float(np.sqrt(np.mean((before - after) ** 2))) * 255
        assert rms < 4, f"chart {number} of examples/notebook.ipynb is stale (RMS {rms:.1f}): re-run it and save it"
