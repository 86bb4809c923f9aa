"""The HTML report in a real browser: Debian's Chromium, headless, driven over DevTools.

The test starts Chromium itself, opens the report from a file, and checks what a reader would see:
the page loads without console errors or exceptions, requests nothing from the network, every
chart is there and visible with a real size, the print style sheet hides the navigation, the page
prints to PDF, and a screenshot is taken (kept in the test's temporary directory, and copied to
``$REPORT_SCREENSHOT`` when that is set).

Without Chromium the test fails in CI (``CI`` set; ``.ci/run`` installs it) and is skipped with a
clear message elsewhere.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_support import AS_OF

from integrationkonzept import Dataset
from integrationkonzept.contributions import RenderOptions
from integrationkonzept.reports.html import render_html

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--window-size=1280,900",
)


def _chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        message = "Chromium fehlt (apt-get install chromium): Browser-Test nicht möglich"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


class DevTools:
    """A minimal DevTools protocol client for one page: commands, and the events seen so far."""

    def __init__(self, url: str) -> None:
        import websocket

        self._socket = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        self._socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event["method"] == method:
                return event
        while time.monotonic() < deadline:
            message = json.loads(self._socket.recv())
            if "method" in message:
                self.events.append(message)
                if message["method"] == method:
                    return message
        raise AssertionError(f"no {method} within {timeout} s")

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"]["value"]

    def close(self) -> None:
        self._socket.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A headless Chromium started for this module; yields its DevTools port."""
    executable = _chromium()
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [
            executable,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not port_file.exists() or not port_file.read_text().strip():
            if process.poll() is not None:
                pytest.fail(f"Chromium endete sofort mit Status {process.returncode}")
            if time.monotonic() > deadline:
                pytest.fail("Chromium meldete binnen 60 s keinen DevTools-Port")
            time.sleep(0.05)
        yield int(port_file.read_text().split()[0])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _page(port: int) -> DevTools:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT")
    with urllib.request.urlopen(request, timeout=30) as response:
        target = json.loads(response.read())
    return DevTools(target["webSocketDebuggerUrl"])


def _open(port: int, path: Path) -> DevTools:
    page = _page(port)
    for domain in ("Page", "Runtime", "Log", "Network"):
        page.send(f"{domain}.enable")
    page.send(
        "Emulation.setDeviceMetricsOverride",
        width=1280,
        height=900,
        deviceScaleFactor=1,
        mobile=False,
    )
    page.send("Page.navigate", url=path.as_uri())
    page.wait_for("Page.loadEventFired")
    return page


def _problems(page: DevTools, path: Path) -> list[str]:
    problems = []
    for event in page.events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.exceptionThrown":
            problems.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            problems.append(f"console.{params['type']}: {params.get('args')}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            problems.append(f"log: {params['entry'].get('text')}")
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if url != path.as_uri() and not url.startswith("data:"):
                problems.append(f"network request: {url}")
    return problems


CHART_CHECK = """
(() => Array.from(document.querySelectorAll('svg.chart')).map(svg => {
  const box = svg.getBoundingClientRect();
  const style = getComputedStyle(svg);
  const figure = svg.closest('figure');
  return {
    title: svg.querySelector('title').textContent,
    width: box.width, height: box.height,
    visible: style.display !== 'none' && style.visibility === 'visible' && style.opacity !== '0',
    shapes: svg.querySelectorAll('path, use, text').length,
    table: figure !== null && figure.querySelector('table caption') !== null,
  };
}))()
"""


@pytest.fixture(scope="module")
def report(rich: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "bericht.html"
    path.write_bytes(render_html(rich, RenderOptions("html", "de", AS_OF)))
    return path


def test_report_loads_cleanly_with_visible_charts(browser: int, report: Path) -> None:
    page = _open(browser, report)
    try:
        assert page.evaluate("document.readyState") == "complete"
        assert page.evaluate("document.title").startswith("Gesamtkonzept zur Integration")
        charts = page.evaluate(CHART_CHECK)
        assert [chart["title"] for chart in charts] == [
            "Fortschritt je Handlungsfeld",
            "Finanzierung je Jahr und Zweck (Soll)",
            "Entwurf, Antrag, Beschluss, Soll und Ist je Jahr",
            "Meilensteine und ihre Verschiebungen",
        ]
        for chart in charts:
            assert chart["visible"], chart
            assert chart["width"] > 300, chart
            assert chart["height"] > 100, chart
            assert chart["shapes"] > 10, chart
            assert chart["table"], chart
        # Nothing was loaded but the file itself, and nothing went wrong.
        assert _problems(page, report) == []

        height = page.evaluate("document.documentElement.scrollHeight")
        shot = page.send(
            "Page.captureScreenshot",
            format="png",
            captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": 1280, "height": min(height, 6000), "scale": 1},
        )
        image = base64.b64decode(shot["data"])
        assert image.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(image) > 50_000
        screenshot = report.with_name("bericht.png")
        screenshot.write_bytes(image)
        if target := os.environ.get("REPORT_SCREENSHOT"):
            Path(target).write_bytes(image)
    finally:
        page.close()


def test_report_prints(browser: int, report: Path) -> None:
    page = _open(browser, report)
    try:
        page.send("Emulation.setEmulatedMedia", media="print")
        assert (
            page.evaluate("getComputedStyle(document.querySelector('nav.toc')).display") == "none"
        )
        widths = page.evaluate(
            "Array.from(document.querySelectorAll('svg.chart'))"
            ".map(s => s.getBoundingClientRect().width)"
        )
        assert len(widths) == 4
        assert all(width > 300 for width in widths)
        pdf = base64.b64decode(page.send("Page.printToPDF", printBackground=True)["data"])
        assert pdf.startswith(b"%PDF")
        assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 3
        assert _problems(page, report) == []
    finally:
        page.close()


def test_english_report_in_the_browser(browser: int, rich: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(render_html(rich, RenderOptions("html", "en", AS_OF)))
    page = _open(browser, path)
    try:
        assert page.evaluate("document.documentElement.lang") == "en"
        assert "Funding per year and purpose" in page.evaluate("document.body.innerText")
        assert len(page.evaluate(CHART_CHECK)) == 4
        assert _problems(page, path) == []
    finally:
        page.close()


def test_the_checks_see_a_broken_page(browser: int, tmp_path: Path) -> None:
    # The same checks on a page with a script error and an outside request must complain.
    path = tmp_path / "kaputt.html"
    path.write_text(
        "<!DOCTYPE html><html><body><img src='http://127.0.0.1:9/bild.png' alt=''>"
        "<script>console.error('kaputt'); throw new Error('Absicht');</script></body></html>",
        encoding="utf-8",
    )
    page = _open(browser, path)
    try:
        page.evaluate("1")  # let the events arrive
        problems = " ".join(_problems(page, path))
        assert "console.error" in problems
        assert "exception" in problems
        assert "network request: http://127.0.0.1:9/bild.png" in problems
        assert page.evaluate(CHART_CHECK) == []
    finally:
        page.close()
