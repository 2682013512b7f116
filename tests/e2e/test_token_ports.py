"""The local API token never reaches another server on 127.0.0.1: browsers send a host's
cookies to every port, so the token is no cookie. Real Chromium loads Intervoo's page (which
works: its screens load over the API and a live session answers), then a page from a second
real server on another port that embeds Intervoo's URLs; that server records every header
it receives."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import expect

from intervoo.security.token import load_or_create_token
from tests.e2e.app_server import AppServer
from tests.e2e.pages import open_page
from tests.e2e.test_screens import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class OtherServer:
    """Another local web app on its own port: serves one page, records every request."""

    def __init__(self, intervoo_url: str) -> None:
        self.seen: list[str] = []
        seen, page = self.seen, self._page(intervoo_url)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                seen.append(f"{self.path}\n{self.headers}")
                body = page if self.path == "/" else b""
                self.send_response(200 if body else 404)
                self.send_header("content-type", "text/html")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def _page(self, intervoo_url: str) -> bytes:
        return (
            f'<img src="/probe.png"><img src="{intervoo_url}/api/stories">'
            f'<iframe src="{intervoo_url}/"></iframe>'
        ).encode()


@pytest.fixture
def other_server(app_server: AppServer) -> Iterator[OtherServer]:
    server = OtherServer(app_server.url)
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join(timeout=5)


def test_another_localhost_port_never_sees_the_token(
    app_server: AppServer, other_server: OtherServer, launch: Any
) -> None:
    load_demo(app_server)
    context = launch().new_context()
    watched = open_page(context, f"{app_server.url}/#/stories")
    page = watched.page
    expect(page.locator("#screen h1")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    page.goto(f"{app_server.url}/#/live")
    expect(page.locator(".current")).to_be_visible()
    page.keyboard.press("/")  # the question box
    page.keyboard.type("Why do you want to work here?")
    page.keyboard.press("Enter")  # asked over /ws/live: the socket took the token
    expect(page.locator(".current .question")).to_have_text("Why do you want to work here?")
    expect(page.locator(".current .suggestion .headline")).to_contain_text("Amazon")
    assert watched.errors == []

    other = context.new_page()
    other.goto(other_server.url + "/")
    other.wait_for_load_state("networkidle")
    token = load_or_create_token(app_server.data_dir)
    assert any(entry.startswith("/probe.png") for entry in other_server.seen)
    leaked = [entry for entry in other_server.seen if token in entry]
    assert leaked == [], leaked
    assert all("cookie" not in entry.lower() for entry in other_server.seen)
    assert context.cookies() == []  # nothing a browser would send to any port
