"""The app factory. Nothing is created at import time: `create_app(settings)` builds it all."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from intervoo import __version__
from intervoo.config import Settings, ensure_private_dir
from intervoo.demo import routes as demo_routes
from intervoo.security import install_security
from intervoo.web.deps import open_store
from intervoo.web.routes import answers as answer_routes
from intervoo.web.routes import auth as auth_routes
from intervoo.web.routes import companies as company_routes
from intervoo.web.routes import data as data_routes
from intervoo.web.routes import live as live_routes
from intervoo.web.routes import practice as practice_routes
from intervoo.web.routes import resume as resume_routes
from intervoo.web.routes import settings as settings_routes
from intervoo.web.routes import stories as story_routes
from intervoo.web.store_errors import install_store_errors

STATIC_DIR = Path(__file__).parent / "static"
log = logging.getLogger(__name__)


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ensure_private_dir(settings.data_dir)
        log.info("intervoo %s starting (mode=%s)", __version__, settings.mode.value)
        async with open_store(app, settings):
            yield
        log.info("intervoo stopped")

    app = FastAPI(title="Intervoo", version=__version__, lifespan=lifespan)
    app.state.settings = settings

    @app.get("/healthz", tags=["system"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    app.include_router(company_routes.router)
    app.include_router(auth_routes.router)
    app.include_router(data_routes.router)
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
    return app
