"""Look at the built docs in a real browser: screenshots, and what a reader would trip on.

    python docs/_ext/check_pages.py docs/_build/html docs/_build/screenshots

For the index, the tutorial, a how-to page, the API reference, the
charts-and-views page and the rendered notebook, headless Chromium takes a
screenshot (PNG, to look at) and reads the laid-out page: every image loaded,
every example has a copy button that copies it without prompts, and no attrs
``NOTHING`` or napoleon ``Type:`` leaked into the text. Every page, these and
the rest, is laid out 1280 pixels wide and must not overflow: no code block,
table or image wider than its column, nothing that scrolls sideways. Exits
non-zero, naming each problem. Chromium is the Debian package ``chromium``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

#: The width every page is laid out at: a laptop's browser window.
WIDTH = 1280

#: page: (what it is, the least number of images, of notebook views, of copy buttons)
PAGES = {
    "index": ("the front page", 0, 0, 0),
    "quickstart": ("the tutorial", 0, 0, 3),
    "crm": ("a how-to page", 0, 0, 3),
    "api": ("the API reference", 0, 0, 3),
    "gallery": ("the charts and views", 7, 7, 0),
    "_generated/notebook": ("the example notebook", 3, 2, 5),
}

#: Pages Sphinx writes that are no page of ours to read.
NOT_PAGES = {"genindex", "search", "py-modindex"}

# Runs once the page has laid out; writes what it found into the page itself.
PROBE = """
<script>
window.addEventListener('load', () => setTimeout(() => {
  const images = [...document.images];
  const found = {
    images: images.length,
    broken: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
    views: document.querySelectorAll('.qualify-view, .qualify-evaluation, .qualify-framework').length,
    buttons: document.querySelectorAll('button.copybtn').length,
    text: document.querySelector('article').innerText,
    // wider than the window, or than its own box (a code block or table that scrolls)
    wide: document.documentElement.scrollWidth > window.innerWidth + 1,
    overflowing: [...document.querySelectorAll(
      'article pre, article .table-wrapper, article table, article img, article .qualify-view')]
      .filter(e => e.scrollWidth > e.clientWidth + 1)
      .map(e => e.tagName.toLowerCase() + ': ' + (e.innerText || e.src || '').slice(0, 70)),
  };
  const out = document.createElement('pre');
  out.id = 'qualify-probe';
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
}, 300));
</script>
"""

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
]  # fmt: skip


def browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("check_pages: no headless Chromium (Debian package: chromium)")


def _probe(chromium: str, path: Path) -> dict[str, Any] | str:
    """What the laid-out page holds (see :data:`PROBE`), or why it could not be read."""
    probed = path.with_name(f".probe-{path.name}")
    probed.write_text(path.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"))
    try:
        with tempfile.TemporaryDirectory() as profile:
            done = subprocess.run(
                [chromium, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000",
                 f"--window-size={WIDTH},2200", "--dump-dom", probed.as_uri()],
                capture_output=True, text=True, timeout=120, check=False,
            )  # fmt: skip
    finally:
        probed.unlink()
    match = re.search(r'<pre id="qualify-probe">(.*?)</pre>', done.stdout, re.DOTALL)
    if match is None:
        return f"the page could not be read ({done.stderr[-300:]!r})"
    found: dict[str, Any] = json.loads(html.unescape(match.group(1)))
    return found


def _overflow(page: str, found: dict[str, Any]) -> list[str]:
    problems = [f"{page}: wider than {WIDTH} pixels: it scrolls sideways"] if found["wide"] else []
    return problems + [f"{page}: overflows its column at {WIDTH} pixels: {what!r}"
                       for what in found["overflowing"]]  # fmt: skip


def check(site: Path, shots: Path) -> list[str]:
    """Screenshot each page of :data:`PAGES` into *shots* and look at every page; the
    problems found, in words."""
    chromium = browser()
    shots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for page, (what, images, views, buttons) in PAGES.items():
        path = site / f"{page}.html"
        if not path.exists():
            problems.append(f"{page}: {what} was not built ({path})")
            continue
        shot = shots / f"{page.replace('/', '-')}.png"
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [chromium, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},2200",
                 f"--screenshot={shot}", path.as_uri()],
                capture_output=True, timeout=120, check=False,
            )  # fmt: skip
        if not shot.exists() or shot.stat().st_size < 20_000:
            problems.append(f"{page}: no screenshot of {what}")
        found = _probe(chromium, path)
        if isinstance(found, str):
            problems.append(f"{page}: {found}")
            continue
        problems += [f"{page}: an image did not load: {src}" for src in found["broken"]]
        if found["images"] < images:
            problems.append(f"{page}: {found['images']} images, expected at least {images}")
        if found["views"] < views:
            problems.append(f"{page}: {found['views']} notebook views, expected at least {views}")
        if found["buttons"] < buttons:
            problems.append(f"{page}: {found['buttons']} copy buttons, expected at least {buttons}")
        text = found["text"].replace("RETURN TYPE:", "")  # autodoc's own field, not a leak
        for leaked in ("NOTHING", "\nType:\n", "TYPE:"):
            if leaked in text:
                problems.append(f"{page}: the text shows {leaked.strip()!r}")
        problems += _overflow(page, found)
        print(f"{page}: {what}: {found['images']} images, {found['views']} views,"
              f" {found['buttons']} copy buttons; screenshot {shot}")  # fmt: skip
    others = sorted(
        path for path in [*site.glob("*.html"), *site.glob("_generated/*.html")]
        if path.relative_to(site).with_suffix("").as_posix() not in {*PAGES, *NOT_PAGES}
    )  # fmt: skip
    for path in others:
        page = path.relative_to(site).with_suffix("").as_posix()
        found = _probe(chromium, path)
        problems += [f"{page}: {found}"] if isinstance(found, str) else _overflow(page, found)
    print(f"{len(PAGES) + len(others)} pages laid out {WIDTH} pixels wide")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check(Path(argv[0]).resolve(), Path(argv[1]).resolve())
    for problem in problems:
        print(f"check_pages: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
