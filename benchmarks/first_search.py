"""A phone's first search of a built hub: what it downloads and how soon a result shows.

    python benchmarks/first_search.py SITE WORD stories/the-story/   # one measurement
    python benchmarks/first_search.py SITE --home                    # the home page alone

Used by ``benchmarks/build.py``. The site is served on 127.0.0.1 as a static host serves it
(gzip for text, ``localhttp.StaticHost``) to headless Chromium with a 390 x 844 phone
screen, a fresh cache, and Lighthouse's mobile throttling applied through DevTools: a CPU
4 times slower, 562.5 ms of latency per request and 1.47 Mbit/s down (the values
Lighthouse's "devtools" mode applies for its default mobile profile, slow 4G).

The phone opens the home page and waits until it is idle: what that downloaded is the
home page's weight. Then the reader taps the search button and types the word at 250 ms a
letter (a phone's typing speed); everything downloaded from the tap until the network is
quiet again, results and excerpts shown, is what the first search downloads, counted as the
host sends it (compressed) and as files (raw). The time to a result is from the last key
to the first result on screen, measured in the page.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from localhttp import StaticHost, serve

CHROMIUM = "/usr/bin/chromium"
LATENCY_MS = 562.5
DOWN_KBPS = 1474.56
UP_KBPS = 675.0
CPU_SLOWDOWN = 4
TYPE_DELAY_MS = 250
PHONE = {"width": 390, "height": 844}

_WATCH = """() => {
  const input = document.querySelector(".md-search__input");
  window.__hub = { lastKey: 0, firstResult: 0 };
  input.addEventListener("input", () => {
    window.__hub.lastKey = performance.now();
    window.__hub.firstResult = 0;
  });
  new MutationObserver(() => {
    if (!window.__hub.firstResult && document.querySelector(".md-search-result__item:not([hidden]) a"))
      window.__hub.firstResult = performance.now();
  }).observe(document.querySelector(".md-search-result__list"), { childList: true, subtree: true });
}"""


@dataclass
class Download:
    path: str
    raw: int
    """Bytes of the file as the site holds it (decoded)."""
    sent: int
    """Bytes of the body as the host sent it (gzip for text)."""


@dataclass
class FirstSearch:
    word: str
    expected: str
    found: list[str] = field(default_factory=list)
    """The result pages shown, in order."""
    home: list[Download] = field(default_factory=list)
    search: list[Download] = field(default_factory=list)
    result_seconds: float | None = None
    """From the last key to the first result on the screen."""
    status: str = ""

    @property
    def ok(self) -> bool:
        return self.found[:1] == [self.expected]

    def totals(self, which: str) -> tuple[int, int]:
        items: list[Download] = getattr(self, which)
        return sum(d.raw for d in items), sum(d.sent for d in items)

    def summary(self) -> dict[str, Any]:
        home_raw, home_sent = self.totals("home")
        raw, sent = self.totals("search")
        return {
            "word": self.word,
            "expected": self.expected,
            "found": self.found,
            "ok": self.ok,
            "status": self.status,
            "result_seconds": self.result_seconds,
            "home_requests": len(self.home),
            "home_raw_bytes": home_raw,
            "home_sent_bytes": home_sent,
            "search_requests": len(self.search),
            "search_raw_bytes": raw,
            "search_sent_bytes": sent,
            "search_files": [[d.path, d.raw, d.sent] for d in self.search],
        }


@contextmanager
def _phone(site: Path, *, throttle: bool = True) -> Iterator[tuple[Any, str, list[Any]]]:
    """A phone's page (390 x 844, throttled as Lighthouse's mobile profile) on ``site`` served
    as a static host serves it; yields the page, the site's address and the finished requests."""
    from playwright.sync_api import sync_playwright

    finished: list[Any] = []
    with serve(site, StaticHost) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            context = browser.new_context(
                viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
            )
            page = context.new_page()
            if throttle:
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": LATENCY_MS,
                        "downloadThroughput": DOWN_KBPS * 1024 / 8,
                        "uploadThroughput": UP_KBPS * 1024 / 8,
                    },
                )
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
            page.on("requestfinished", lambda request: finished.append(request))
            yield page, base, finished
        finally:
            browser.close()


def home_page(site: Path) -> list[Download]:
    """What a phone downloads to open the home page of ``site``, until the network is quiet
    (any built site: a hub of today's ``main`` too, for the weight before)."""
    with _phone(site) as (page, base, finished):
        page.goto(base, wait_until="networkidle", timeout=120_000)
        return [_download(r, base) for r in finished]


def measure(site: Path, word: str, expected: str, *, throttle: bool = True) -> FirstSearch:
    """Open the home page of ``site`` on a phone, search for ``word``; ``expected`` is the
    path (``stories/slug/``) the first result must lead to."""
    out = FirstSearch(word, "/" + expected)
    with _phone(site, throttle=throttle) as (page, base, finished):
        page.goto(base, wait_until="networkidle", timeout=120_000)
        out.home = [_download(r, base) for r in finished]
        finished.clear()
        page.evaluate(_WATCH)
        page.locator("[data-hub-search-open]").tap()
        page.keyboard.type(word, delay=TYPE_DELAY_MS)
        page.locator(".md-search-result__item:not([hidden]) a").first.wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(2_000)  # excerpts come once typing has paused
        page.wait_for_load_state("networkidle")
        hrefs = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
        out.found = [urlsplit(h).path for h in hrefs]
        out.status = page.locator(".md-search-result__meta").inner_text()
        times = page.evaluate("window.__hub")
        if times["firstResult"] and times["lastKey"]:
            out.result_seconds = round(max(0.0, times["firstResult"] - times["lastKey"]) / 1000, 3)
        out.search = [_download(r, base) for r in finished]
    return out


def _download(request: Any, base: str) -> Download:
    response = request.response()
    body = response.body() if response is not None else b""
    sizes = request.sizes()
    path = request.url[len(base) :] if request.url.startswith(base) else request.url
    return Download(path, len(body), int(sizes["responseBodySize"]))


if __name__ == "__main__":
    import json

    if sys.argv[2:3] == ["--home"]:  # python benchmarks/first_search.py SITE --home
        files = home_page(Path(sys.argv[1]))
        print(
            json.dumps(
                {
                    "requests": len(files),
                    "raw": sum(d.raw for d in files),
                    "sent": sum(d.sent for d in files),
                    "files": [[d.path, d.raw, d.sent] for d in files],
                },
                indent=2,
            )
        )
    else:
        result = measure(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
        print(json.dumps(result.summary(), indent=2))
