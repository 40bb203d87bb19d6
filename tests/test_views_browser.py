"""The notebook views, rendered by a real browser under a stylesheet like JupyterLab's.

JupyterLab's stylesheet right-aligns the cells of rendered HTML tables; every
view must still read left to right. Skipped, with the reason, where no headless
Chromium is installed (the Debian package ``chromium``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import qualify

# What JupyterLab does to the tables of rendered HTML output: cells aligned right.
JUPYTERLAB_LIKE = """
.jp-RenderedHTMLCommon table { border-collapse: collapse; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon tr {
  text-align: right; vertical-align: middle; padding: 0.5em;
}
"""

# Reads, once the page has laid out, how each cell is aligned, into the page itself.
PROBE = """
<script>
const found = [...document.querySelectorAll('td, th')].map(
  cell => getComputedStyle(cell).textAlign);
document.getElementById('aligned').textContent = JSON.stringify(found);
</script>
"""


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("QUALIFY_REQUIRE_BROWSER"):  # CI installs it: missing is a failure there
        pytest.fail("QUALIFY_REQUIRE_BROWSER is set, but no Chromium is installed")
    pytest.skip("no headless Chromium on this machine (Debian package: chromium)")


def _views() -> dict[str, str]:
    lead = qualify.evaluate({"budget": "allocated", "need": "validated"}, "bant")
    tele = [qualify.evaluate({"contacts_identified": True}, "teleprospecting") for _ in range(3)]
    agreement = qualify.journey.Agreement(name="a", framework="bant", reasons=["no budget"])
    handoff = agreement.review(
        agreement.hand_off(lead, lead="L-1", source="web"), accepted=False, reason="no budget"
    )
    return {
        "evaluation": lead._repr_html_(),
        "framework": qualify.get_framework("meddpicc")._repr_html_(),
        "summary": qualify.summarize(tele)._repr_html_(),
        "handoffs": qualify.journey.handoff_report([handoff])._repr_html_(),
        "comparison": qualify.compare({"need": "validated"}, ["bant", "champ"])._repr_html_(),
    }


def _alignments(html: str, tmp_path: Path, name: str) -> list[str]:
    browser = _browser()
    page = tmp_path / f"{name}.html"
    page.write_text(
        f"<html><head><style>{JUPYTERLAB_LIKE}</style></head><body>"
        f'<div class="jp-RenderedHTMLCommon">{html}</div>'
        f'<pre id="aligned"></pre>{PROBE}</body></html>',
        encoding="utf-8",
    )
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    found = re.search(r'<pre id="aligned">(.*?)</pre>', done.stdout)
    assert found is not None, done.stderr[-2000:]
    aligned: list[str] = json.loads(found.group(1).replace("&quot;", '"'))
    return aligned


def test_the_stylesheet_right_aligns_a_plain_table(tmp_path: Path) -> None:
    """The control: a table that does not say how to align is right-aligned here."""
    assert _alignments("<table><tr><td>x</td></tr></table>", tmp_path, "plain") == ["right"]


@pytest.mark.parametrize("view", ["evaluation", "framework", "summary", "handoffs", "comparison"])
def test_views_read_left_to_right_under_jupyterlab_s_stylesheet(
    view: str, tmp_path: Path
) -> None:
    aligned = _alignments(_views()[view], tmp_path, view)
    assert aligned, "the view has no table cells"
    assert set(aligned) <= {"left", "start"}, (view, sorted(set(aligned)))
