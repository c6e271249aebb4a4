"""Drive headless Chromium as a phone: the DevTools protocol over a pipe, standard library only.

``--remote-debugging-pipe`` makes Chromium read JSON commands on fd 3 and write replies and
events on fd 4, each message ended by a NUL byte. That is enough to type, tap, reload, freeze a
page as a sleeping phone does, and take a screenshot at a phone's size, without a WebSocket
library or Selenium.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.browser import _FLAGS, chromium


class Phone:
    """One headless Chromium with its own profile (its own cookies and localStorage)."""

    def __init__(self, width: int = 390, height: int = 844, name: str = "telefoon") -> None:
        self.width, self.height, self.name = width, height, name
        self._profile = tempfile.TemporaryDirectory(prefix="kwaliteit-phone-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def plumb() -> None:
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.process = subprocess.Popen(
            [
                chromium(),
                *_FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={self._profile.name}",
                f"--window-size={width},{height}",
                "--user-agent=Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile kwaliteit-test",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=plumb,
            pass_fds=(3, 4),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.page("Page.enable")
        self.page("Runtime.enable")
        self.page(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=True,
        )

    # --- the protocol ----------------------------------------------------------------------

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        return self.send(method, self.session, **params)

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        data: dict[str, Any] = json.loads(raw)
        return data

    # --- what a person does ---------------------------------------------------------------

    def open(self, url: str) -> None:
        self.page("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")

    def run(self, script: str) -> Any:
        """Evaluate ``script`` in the page (awaiting a promise) and return its value."""
        result = self.page(
            "Runtime.evaluate", expression=script, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{self.name}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def wait_for(self, condition: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.run(f"Boolean({condition})"):
                    return
            except RuntimeError:
                pass  # the page is between two documents
            time.sleep(0.1)
        raise AssertionError(f"{self.name}: never true: {condition}")

    def type_into(self, element_id: str, text: str) -> None:
        """Type as a person does: the page sees input events (and keeps a draft)."""
        self.run(f"document.getElementById({json.dumps(element_id)}).focus()")
        self.page("Input.insertText", text=text)
        self.run(f"document.getElementById({json.dumps(element_id)}).blur()")

    def click(self, selector: str) -> None:
        self.run(f"document.querySelector({json.dumps(selector)}).click()")

    def text(self, selector: str) -> str:
        return str(self.run(f"document.querySelector({json.dumps(selector)}).innerText"))

    def visible(self, element_id: str) -> bool:
        return bool(self.run(f"!document.getElementById({json.dumps(element_id)}).hidden"))

    def reload(self) -> None:
        self.page("Page.reload")
        time.sleep(0.2)
        self.wait_for("document.readyState === 'complete'")

    def sleep(self) -> None:
        """A phone that locks its screen: the page is hidden and frozen (no timers, no
        fetches), as mobile browsers do with a background tab."""
        self.page("Page.setWebLifecycleState", state="frozen")

    def wake(self) -> None:
        """The screen is on again: the page is thawed and visible, and hears about it."""
        self.page("Page.setWebLifecycleState", state="active")
        self.page("Page.bringToFront")

    def screenshot(self, out: Path) -> Path:
        out.parent.mkdir(parents=True, exist_ok=True)
        data = self.page("Page.captureScreenshot", format="png", captureBeyondViewport=False)
        out.write_bytes(base64.b64decode(data["data"]))
        return out

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()
