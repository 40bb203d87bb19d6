"""Look at the built docs in a real browser: screenshots, and what a reader would trip on.

    python docs/_ext/check_pages.py docs/_build/html docs/_build/screenshots

For the index, a how-to page, the API reference, the charts-and-views page and
the rendered notebook, headless Chromium takes a screenshot (PNG, to look at)
and reads the laid-out page: every image loaded, every example has a copy
button that copies it without prompts, and no attrs ``NOTHING`` or napoleon
``Type:`` leaked into the text. Exits non-zero, naming each problem. Chromium
is the Debian package ``chromium``.
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

#: page: (what it is, the least number of images, of notebook views, of copy buttons)
PAGES = {
    "index": ("the front page", 0, 0, 0),
    "crm": ("a how-to page", 0, 0, 3),
    "api": ("the API reference", 0, 0, 3),
    "gallery": ("the charts and views", 7, 7, 0),
    "_generated/notebook": ("the example notebook", 3, 2, 5),
}

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


def check(site: Path, shots: Path) -> list[str]:
    """Screenshot each page into *shots*; the problems found, in words."""
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
                [chromium, *FLAGS, f"--user-data-dir={profile}", "--window-size=1280,2200",
                 f"--screenshot={shot}", path.as_uri()],
                capture_output=True, timeout=120, check=False,
            )  # fmt: skip
        if not shot.exists() or shot.stat().st_size < 20_000:
            problems.append(f"{page}: no screenshot of {what}")
        probed = path.with_name(f".probe-{path.name}")
        probed.write_text(path.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"))
        try:
            with tempfile.TemporaryDirectory() as profile:
                done = subprocess.run(
                    [chromium, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000",
                     "--dump-dom", probed.as_uri()],
                    capture_output=True, text=True, timeout=120, check=False,
                )  # fmt: skip
        finally:
            probed.unlink()
        match = re.search(r'<pre id="qualify-probe">(.*?)</pre>', done.stdout, re.DOTALL)
        if match is None:
            problems.append(f"{page}: the page could not be read ({done.stderr[-300:]!r})")
            continue
        found = json.loads(html.unescape(match.group(1)))
        problems += [f"{page}: an image did not load: {src}" for src in found["broken"]]
        if found["images"] < images:
            problems.append(f"{page}: {found['images']} images, expected at least {images}")
        if found["views"] < views:
            problems.append(f"{page}: {found['views']} notebook views, expected at least {views}")
        if found["buttons"] < buttons:
            problems.append(f"{page}: {found['buttons']} copy buttons, expected at least {buttons}")
        for leaked in ("NOTHING", "\nType:\n", "TYPE:"):
            if leaked in found["text"]:
                problems.append(f"{page}: the text shows {leaked.strip()!r}")
        print(f"{page}: {what}: {found['images']} images, {found['views']} views,"
              f" {found['buttons']} copy buttons; screenshot {shot}")  # fmt: skip
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
