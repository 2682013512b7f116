"""The app factory. Nothing is created at import time: `create_app(settings)` builds it all."""

from __future__ import annotations

import asyncio
import functools
import html
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from intervoo import __version__
from intervoo.config import Settings, ensure_private_dir
from intervoo.demo import routes as demo_routes
from intervoo.security import install_security
from intervoo.web.deps import open_store, running_jobs
from intervoo.web.one_line_errors import install_one_line_errors
from intervoo.web.routes import answers as answer_routes
from intervoo.web.routes import auth as auth_routes
from intervoo.web.routes import browser_stt as browser_stt_routes
from intervoo.web.routes import companies as company_routes
from intervoo.web.routes import data as data_routes
from intervoo.web.routes import debrief as debrief_routes
from intervoo.web.routes import jobs as job_routes
from intervoo.web.routes import live as live_routes
from intervoo.web.routes import practice as practice_routes
from intervoo.web.routes import resume as resume_routes
from intervoo.web.routes import settings as settings_routes
from intervoo.web.routes import stories as story_routes
from intervoo.web.store_errors import install_store_errors

STATIC_DIR = Path(__file__).parent / "static"
log = logging.getLogger(__name__)


@functools.cache
def _page_template() -> str:
    return (STATIC_DIR / "index.html").read_text(encoding="utf-8")


def app_page(token: str | None) -> str:
    """index.html with the local install's token in its `intervoo-token` meta tag."""
    meta = f'<meta name="intervoo-token" content="{html.escape(token or "")}">'
    return _page_template().replace('<meta name="intervoo-token" content="">', meta, 1)


@asynccontextmanager
async def _warming_speech_model(app: FastAPI, settings: Settings) -> AsyncIterator[None]:
    """The speech model loads in the background while the app serves (see /healthz)."""
    if not settings.warm_speech_model:
        yield
        return
    warming = asyncio.create_task(live_routes.warm_speech_model(app))
    try:
        yield
    finally:
        warming.cancel()  # its loading thread finishes on its own; the model is dropped


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ensure_private_dir(settings.data_dir)
        log.info("intervoo %s starting (mode=%s)", __version__, settings.mode.value)
        async with (
            open_store(app, settings) as db,
            running_jobs(app, settings, db),
            _warming_speech_model(app, settings),
        ):
            yield
        log.info("intervoo stopped")

    app = FastAPI(title="Intervoo", version=__version__, lifespan=lifespan)
    app.state.settings = settings

    @app.get("/healthz", tags=["system"])
    async def healthz() -> dict[str, str]:
        speech = live_routes.speech_model_state(app)
        return {"status": "ok", "version": __version__, "app": "ready", "speech_model": speech}

    @app.get("/", include_in_schema=False)
    async def index() -> HTMLResponse:
        # The page carries the local token for its own fetches (never a cookie: those
        # reach every port of 127.0.0.1); other origins cannot read it (no CORS).
        guard = getattr(app.state, "security", None)
        token = guard.local_token if guard is not None and not guard.server_mode else None
        return HTMLResponse(app_page(token), headers={"Cache-Control": "no-store"})

    app.include_router(company_routes.router)
    app.include_router(auth_routes.router)
    app.include_router(browser_stt_routes.router)
    app.include_router(data_routes.router)
    app.include_router(debrief_routes.router)
    app.include_router(job_routes.router)
    app.include_router(live_routes.router)
    app.include_router(practice_routes.router)
    app.include_router(resume_routes.router)
    app.include_router(story_routes.router)
    app.include_router(answer_routes.router)
    app.include_router(demo_routes.router)
    app.include_router(settings_routes.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_security(app, settings)
    install_store_errors(app)
    install_one_line_errors(app)
    return app


def app_from_environment() -> FastAPI:
    """The app from INTERVOO_* settings, for uvicorn's factory loading:
    `uvicorn --factory intervoo.web.app:app_from_environment` (and `serve --workers N`)."""
    from intervoo.config import load_settings
    from intervoo.logs import configure_logging

    settings = load_settings()
    configure_logging(settings.log_level)  # a worker process starts with no logging set up
    return create_app(settings)
