"""Mounting the web app on the API: its pages, its static assets, its error pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web.pages import install_page_errors, router

STATIC_DIR = Path(__file__).parent / "static"


def install_web_app(app: FastAPI) -> None:
    app.mount("/web/static", StaticFiles(directory=STATIC_DIR), name="web-static")
    app.include_router(router)
    install_page_errors(app)


__all__ = ["install_web_app"]
