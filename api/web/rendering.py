"""Templates, the signed-in user of a page, and errors shown as pages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api.auth import Principal, Role
from api.web.sessions import COOKIE, WebSessions

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
ASSET_VERSION = "1"


class SignInRequired(Exception):
    """A page was asked for without a valid session."""

    def __init__(self, next_url: str, expired: bool) -> None:
        self.next_url = next_url
        self.expired = expired


class PageForbidden(Exception):
    def __init__(self, needed: Role, role: Role) -> None:
        self.needed = needed
        self.role = role


def page_user(request: Request) -> Principal:
    """The signed-in user of a page; otherwise the sign-in page is shown instead."""
    token = request.cookies.get(COOKIE)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if not token:
        raise SignInRequired(target, expired=False)
    sessions: WebSessions = request.app.state.web_sessions
    _, principal = sessions.lookup(token)
    if principal is None:
        raise SignInRequired(target, expired=True)
    return principal


def page_user_with(request: Request, needed: Role) -> Principal:
    user = page_user(request)
    if not user.role.allows(needed):
        raise PageForbidden(needed, user.role)
    return user


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    user: Principal | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "user": user,
            "can_curate": bool(user and user.role.allows(Role.CURATOR)),
            "is_admin": bool(user and user.role.allows(Role.ADMIN)),
            "asset_version": ASSET_VERSION,
            **context,
        },
        status_code=status_code,
        headers=SECURITY_HEADERS,
    )


def sign_in_redirect(error: SignInRequired) -> Response:
    query = f"?next={quote(error.next_url, safe='')}"
    if error.expired:
        query += "&expired=1"
    return RedirectResponse(f"/sign-in{query}", status_code=303)


# Everything the pages load comes from this server; nothing may frame them. Scripts only
# from files; styles may be set inline because the graph library styles its own elements.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def page_url(label: str, node_id: str) -> str:
    """Where a node is shown in the web app."""
    quoted = quote(node_id, safe="")
    return {
        "Account": f"/web/accounts/{quoted}",
        "Contact": f"/web/people/{quoted}",
        "Employee": f"/web/people/{quoted}",
        "Concept": f"/web/concepts/{quoted}",
        "Interaction": f"/web/interactions/{quoted}",
    }.get(label, f"/web/graph?id={quoted}&label={quote(label)}")


def short_date(value: Any) -> str:
    if not value:
        return ""
    text = str(value)
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text[:16]
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%d %H:%M") if len(text) > 10 else when.strftime("%Y-%m-%d")


def is_overdue(due: Any, status: Any = "open") -> bool:
    if not due or (status or "open") != "open":
        return False
    return str(due)[:10] < datetime.now(UTC).date().isoformat()


def percent(value: Any) -> str:
    if value is None:
        return "–"
    return f"{float(value) * 100:.0f}%"


TEMPLATES.env.filters["page_url"] = lambda node_id, label: page_url(label, node_id)
TEMPLATES.env.filters["short_date"] = short_date
TEMPLATES.env.filters["percent"] = percent
TEMPLATES.env.filters["urlquote"] = lambda value: quote(str(value), safe="")
TEMPLATES.env.globals["is_overdue"] = is_overdue
TEMPLATES.env.globals["page_url"] = page_url
