# SPDX-License-Identifier: MIT
"""Headless Chromium driven over the DevTools protocol (CDP), with nothing but `websocket-client`.

    with Chromium.launch(tmp_path) as browser:
        page = browser.new_page("http://127.0.0.1:3000/")     # its own cookies and localStorage
        page.wait_for("document.readyState === 'complete'")
        page.evaluate("document.title")                        # -> "ChatDemo"
        page.screenshot(path)

Why not Selenium or Playwright: both download browser builds or drivers of their own. CDP is the protocol
they speak underneath: JSON commands over one WebSocket, `{"id", "method", "params", "sessionId"}` out,
`{"id", "result"}` or `{"method", "params"}` (events) back. Debian's `chromium` package is enough.
"""

import base64
import json
import os
import pathlib
import shutil
import subprocess
import time

import websocket

BINARIES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium():
    """The path of a Chromium binary, or None (then browser tests are skipped)."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for name in BINARIES:
        path = shutil.which(name)
        if path:
            return path
    return None


class CDPError(RuntimeError):
    pass


class Chromium:
    """One headless browser process and the WebSocket to its DevTools endpoint."""

    def __init__(self, process, url, profile):
        self.process = process
        self.profile = profile
        self.socket = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.next_id = 0

    @classmethod
    def launch(cls, workdir):
        binary = find_chromium()
        if binary is None:
            raise RuntimeError("no chromium binary found")
        profile = pathlib.Path(workdir) / "chromium-profile"
        profile.mkdir(parents=True, exist_ok=True)
        args = [
            binary, "--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-dev-shm-usage", "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank",
        ]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run its sandbox as root (CI containers)
        # Chromium writes the port it picked and the browser endpoint's path to this file; a file left by
        # an earlier run in the same profile would point at a browser that is gone.
        port_file = profile / "DevToolsActivePort"
        port_file.unlink(missing_ok=True)
        log = open(pathlib.Path(workdir) / "chromium.log", "wb")
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"chromium exited with {process.returncode}; see {log.name}")
            if port_file.exists():
                lines = port_file.read_text().split()
                if len(lines) >= 2:
                    try:
                        return cls(process, f"ws://127.0.0.1:{lines[0]}{lines[1]}", profile)
                    except Exception:
                        process.kill()
                        process.wait()
                        raise
            time.sleep(0.05)
        process.kill()
        raise RuntimeError("chromium did not open its DevTools port within 30 s")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def send(self, method, params=None, session=None):
        """Sends one command and returns its result (events that arrive meanwhile are dropped)."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        while True:
            answer = json.loads(self.socket.recv())
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise CDPError(f"{method}: {answer['error']}")
                return answer.get("result", {})

    def new_page(self, url=None, width=1280, height=800):
        """A tab in a fresh browser context: like a separate browser profile (own localStorage).
        Without `url` it stays blank, so scripts can be installed before the first navigation."""
        context = self.send("Target.createBrowserContext")["browserContextId"]
        target = self.send("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        page.send("Page.enable")
        page.send("Runtime.enable")
        page.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        if url:
            page.navigate(url)
        return page


class Page:
    """One tab: evaluate JavaScript in it, wait for conditions, take screenshots."""

    def __init__(self, browser, session):
        self.browser = browser
        self.session = session

    def send(self, method, params=None):
        return self.browser.send(method, params, self.session)

    def navigate(self, url):
        self.send("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'")

    def evaluate(self, expression):
        """The value of a JavaScript expression (promises are awaited); raises on a thrown exception."""
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CDPError(f"{expression!r} threw: {text}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=15, message=None):
        """Polls `expression` until it is truthy; returns its value or fails with `message`."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = self.evaluate(expression)
            except CDPError as error:
                last = error
            if last and not isinstance(last, CDPError):
                return last
            time.sleep(0.1)
        raise AssertionError(f"{message or expression} (waited {timeout} s; last value: {last!r})")

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path = pathlib.Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path
