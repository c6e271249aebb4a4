"""A page in headless Chromium that the test can ask questions, over the DevTools protocol.

``--dump-dom`` shows a page once, after it loaded; a page that reloads itself, or a style the
browser computed, needs a conversation with the browser. Chromium speaks its DevTools protocol
over two pipes (``--remote-debugging-pipe``: it reads commands on fd 3 and answers on fd 4,
each message JSON ending in a NUL byte), so no port is opened and nothing leaves the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.browser import _FLAGS, chromium


class BrowserPage:
    """One tab with ``url`` loaded, at ``width`` x ``height``; use as a context manager."""

    def __init__(self, url: str, width: int = 1920, height: int = 1080) -> None:
        self.url = url
        self.width = width
        self.height = height
        self._next_id = 0
        self._buffer = b""
        self._session = ""

    def __enter__(self) -> BrowserPage:
        # Chromium's helper processes may still be finishing a write as it goes: the folder
        # is removed as far as possible, never failing the test.
        self._profile = tempfile.TemporaryDirectory(
            prefix="kwaliteit-cdp-", ignore_cleanup_errors=True
        )
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire() -> None:  # in the child: fd 3 = commands in, fd 4 = answers out
            # Copies first: a pipe may already sit on fd 3 or 4, and dup2 onto itself would
            # keep its close-on-exec flag.
            commands, answers = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(commands, 3)
            os.dup2(answers, 4)

        self._process = subprocess.Popen(
            [
                chromium(),
                *_FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={self._profile.name}",
                f"--window-size={self.width},{self.height}",
            ],
            # The pipes are moved to fd 3 and 4 after the fork; closing the other inherited
            # descriptors (close_fds) would come after that and take them away again.
            close_fds=False,
            preexec_fn=wire,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.call("Page.enable")
        self.call("Page.navigate", {"url": self.url})
        self.wait_for("document.readyState === 'complete'")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self.call("Browser.close")  # lets it end its helpers and close its files
            self._process.wait(timeout=10)
        except (OSError, RuntimeError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send one command and return its result (events on the way are skipped)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self._session and not method.startswith("Target."):
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 65536)
            if not chunk:
                raise RuntimeError("chromium stopped")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, limit: float = 30) -> None:
        """Ask until ``expression`` is true; ``limit`` seconds guards against a hang."""
        give_up = time.monotonic() + limit
        while True:
            try:
                if self.evaluate(expression):
                    return
            except RuntimeError:
                pass  # the page is between two loads
            if time.monotonic() > give_up:
                raise AssertionError(f"never true in the page: {expression}")
            time.sleep(0.05)


def page_url(path: Path) -> str:
    return path.resolve().as_uri()
