"""Page checks every browser test can use: axe-core, the Nu HTML checker and CSP readiness."""

import atexit
import json
import socket
import subprocess
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

_axe = Axe()


def axe_violations(page):
    """axe-core's WCAG 2.2 A/AA (and best-practice) violations as readable strings."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    problems = []
    for violation in results.response["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
        problems.append(f"{violation['id']}: {violation['help']} -> {targets}")
    return problems


class _Vnu:
    """One Nu HTML checker server per test process: the JVM starts once, not once per test."""

    def __init__(self):
        self.process = None
        self.url = None
        # Loopback only: a proxy from the environment must not see the pages.
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def start(self):
        if self.process is not None and self.process.poll() is None:
            return
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            ["java", "-Dnu.validator.servlet.bind-address=127.0.0.1",
             "-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        atexit.register(self.stop)
        self.url = f"http://127.0.0.1:{port}/?out=json&level=error"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the HTML checker stopped with code {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)  # the JVM is still starting
        self.stop()
        raise RuntimeError("the HTML checker did not start within 300 seconds")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def check(self, html):
        self.start()
        request = urllib.request.Request(  # noqa: S310 - our own server on loopback
            self.url, data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with self.opener.open(request, timeout=300) as response:
            return json.load(response)["messages"]


_vnu = _Vnu()


def html_errors(documents):
    """Check every {name: html} with vnu and return {name: [errors]} for documents with errors."""
    errors = {}
    for name, html in documents.items():
        for message in _vnu.check(html):
            if message.get("type") == "info":  # warnings and notes; errors only, as before
                continue
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine')}: {message['message']}"
            )
    return errors


class _InlineFinder(HTMLParser):
    """Finds what a strict Content-Security-Policy (no unsafe-inline) would block."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and "src" not in attributes and attributes.get("type") not in (
            "application/ld+json", "application/json"
        ):
            self.problems.append("inline <script>")
        if "style" in attributes:
            self.problems.append(f"style attribute on <{tag}>")
        for name in attributes:
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")


def inline_code(html):
    finder = _InlineFinder()
    finder.feed(html)
    return finder.problems


TEMPLATE_SYNTAX = ("{#", "#}", "{%", "%}", "{{", "}}")


def template_syntax(page):
    """Template syntax a reader would see: a broken tag or a multi-line {# #} comment."""
    text = page.evaluate("() => document.body.innerText")
    return [f"template syntax {token!r} in the text" for token in TEMPLATE_SYNTAX
            if token in text]


def first_tab_reaches_skip_link(page):
    if page.evaluate("() => !!document.activeElement.closest('[data-focus-on-load]')"):
        return True  # site.js put focus on a message in the content: nothing left to skip
    page.keyboard.press("Tab")
    return page.evaluate(
        "() => document.activeElement && document.activeElement.classList.contains('skip-link')"
    )


def audit(page, url, expect_status=200):
    """Visit `url` and return (html, problems) for the accessibility and CSP checks."""
    response = page.goto(url)
    problems = []
    if response is None or response.status != expect_status:
        status = response.status if response else "no response"
        return "", [f"status {status}, expected {expect_status}"]
    html = page.content()
    raw = response.text()
    problems += [f"axe {item}" for item in axe_violations(page)]
    problems += [f"csp {item}" for item in inline_code(raw)]
    problems += template_syntax(page)
    if not first_tab_reaches_skip_link(page):
        problems.append("first Tab does not reach the skip link")
    if page.js_errors:
        problems += [f"js error {error}" for error in page.js_errors]
    del html
    return raw, problems


def audit_here(page):
    """The checks of `audit` on the page as it stands (after a form post), without navigating."""
    raw = page.content()
    problems = [f"axe {item}" for item in axe_violations(page)]
    problems += [f"csp {item}" for item in inline_code(raw)]
    problems += template_syntax(page)
    problems += [f"js error {error}" for error in page.js_errors]
    return raw, problems


def tab_to(page, selector, limit=250):
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def log_in(page, user, live_server_url):
    """Give the browser a logged-in session (the login form itself is tested elsewhere)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server_url,
    }])
