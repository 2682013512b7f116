"""A real Intervoo server whose requests say who they are in `X-Test-User`.

It stands in for server-mode authentication (not built yet) through the one
identity seam, `app.state.identify`, so tests can run several processes.
Usage: python tests/store/serve_as_header_user.py PORT  (settings from INTERVOO_*).
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import Request

from intervoo.config import load_settings
from intervoo.web.app import create_app


def identify(request: Request) -> str | None:
    return request.headers.get("x-test-user")


def main() -> None:
    app = create_app(load_settings())
    app.state.identify = identify
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")


if __name__ == "__main__":
    main()
