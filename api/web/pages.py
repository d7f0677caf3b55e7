"""The pages of the web app. Each reads through the same graph services as the JSON routes
and shows only the actions the signed-in role may take; the actions themselves call the
JSON routes, which check the role again."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any, cast
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import ApiKeys, Role
from api.deps import StoreDep
from api.problems import field_of
from api.web.rendering import (
    PageForbidden,
    SignInRequired,
    page_user,
    page_user_with,
    render,
    sign_in_redirect,
)
from api.web.sessions import COOKIE, IDLE_SECONDS, WebSessions
from graph.errors import InvalidRecord, NotFound, UnknownIdentifier
from graph.model import FACT_TYPES, RELATIONSHIP_TYPES, AccountStatus, InteractionKind
from graph.services.accounts import account_360
from graph.services.audit import audit_page
from graph.services.concept_support import ConceptProposalsPage, concept_proposals
from graph.services.experts import experts_for
from graph.services.interactions import fact_evidence, interaction_detail
from graph.services.intro import warm_intro_paths
from graph.services.kb import kb_answer
from graph.services.listing import (
    ConceptsPage,
    accounts_page,
    concept_by_id,
    concepts_page,
    contact_detail,
    employee_detail,
)
from graph.services.review import ReviewSort, review_queue
from graph.services.search import search_everything
from graph.services.timeline import account_timeline
from graph.services.undo import curation_actions
from graph.stats import graph_counts
from graph.stores.base import GraphStore

router = APIRouter(include_in_schema=False)

Text = Annotated[str | None, Query(max_length=500)]
COUNTS_SECONDS = 30.0
ErrorHandler = Callable[[Request, Exception], Awaitable[Response]]
Cursor = Annotated[str | None, Query(max_length=1000)]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep) -> Response:
    user = page_user(request)
    counts = recent_counts(request, store)["nodes"]
    return render(request, "home.html", {"counts": counts}, user)


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(
    request: Request,
    next: Text = None,
    expired: bool = False,
    signed_out: bool = False,
) -> Response:
    message = None
    if expired:
        message = "Your session has expired. Sign in again to continue."
    elif signed_out:
        message = "You are signed out."
    return render(
        request, "sign_in.html", {"next": _safe_next(next), "message": message, "error": None}
    )


@router.post("/sign-in", response_class=HTMLResponse)
def sign_in(
    request: Request,
    key: Annotated[str, Form(max_length=500)] = "",
    next: Annotated[str, Form(max_length=1000)] = "/",
) -> Response:
    keys: ApiKeys = request.app.state.api_keys
    principal = keys.authenticate(key.strip()) if key.strip() else None
    if principal is None:
        error = "Enter your API key." if not key.strip() else "That API key is not valid."
        return render(
            request,
            "sign_in.html",
            {"next": _safe_next(next), "message": None, "error": error},
            status_code=401,
        )
    sessions: WebSessions = request.app.state.web_sessions
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        sessions.start(principal),
        max_age=IDLE_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/sign-out")
def sign_out(request: Request) -> Response:
    token = request.cookies.get(COOKIE)
    if token:
        sessions: WebSessions = request.app.state.web_sessions
        sessions.end(token)
    response = RedirectResponse("/sign-in?signed_out=1", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/web/search", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: Text = None) -> Response:
    user = page_user(request)
    hits = search_everything(store, q, limit=50) if q and q.strip() else []
    return render(request, "search.html", {"q": q or "", "hits": hits}, user)


@router.get("/web/accounts", response_class=HTMLResponse)
def accounts_list_page(
    request: Request,
    store: StoreDep,
    q: Text = None,
    status: Text = None,
    cursor: Cursor = None,
) -> Response:
    user = page_user(request)
    statuses = [s.value for s in AccountStatus]
    if status and status not in statuses:
        raise InvalidRecord(f"status: {status!r} is not one of {', '.join(statuses)}")
    page = accounts_page(store, q=q, status=status or None, limit=50, cursor=cursor)
    return render(
        request,
        "accounts.html",
        {"q": q or "", "status": status or "", "statuses": statuses, "page": page},
        user,
    )


@router.get("/web/accounts/{account_id}", response_class=HTMLResponse)
def account_page(
    account_id: str,
    request: Request,
    store: StoreDep,
    kind: Text = None,
    person: Text = None,
    cursor: Cursor = None,
) -> Response:
    user = page_user(request)
    account = account_360(store, account_id)
    if kind and kind not in {k.value for k in InteractionKind}:
        raise InvalidRecord(f"kind: {kind!r} is not a kind of interaction")
    timeline = account_timeline(store, account_id, kind or None, person or None, 20, cursor)
    fact_groups = [
        ("Interests and questions", account.facts.interests),
        ("Complaints", account.facts.complaints),
        ("Praise", account.facts.praise),
        ("Competitors being evaluated", account.facts.competitors_evaluated),
        ("Uses", account.facts.uses),
        ("Preferences", account.facts.preferences),
        ("Introductions", account.facts.introductions),
        ("Reporting lines", account.facts.reporting_lines),
    ]
    people = {c.id: c.name or c.id for c in account.contacts}
    for knower in account.who_knows_best:
        people[knower.employee_id] = knower.employee_name or knower.employee_id
    return render(
        request,
        "account.html",
        {
            "a": account,
            "account_id": account_id,
            "fact_groups": fact_groups,
            "timeline": timeline,
            "kinds": [k.value for k in InteractionKind],
            "kind": kind or "",
            "person": person or "",
            "people": people,
        },
        user,
    )


@router.get("/web/people/{person_id}", response_class=HTMLResponse)
def person_page(person_id: str, request: Request, store: StoreDep) -> Response:
    user = page_user(request)
    try:
        contact = contact_detail(store, person_id)
    except NotFound:
        try:
            employee = employee_detail(store, person_id)
        except NotFound:
            raise NotFound(f"no contact or employee with id {person_id!r}") from None
        return render(
            request, "person.html", {"kind": "Employee", "e": employee, "c": None,
                                     "person_id": person_id}, user,
        )  # fmt: skip
    return render(
        request, "person.html", {"kind": "Contact", "c": contact, "e": None,
                                 "person_id": person_id}, user,
    )  # fmt: skip


@router.get("/web/interactions/{interaction_id}", response_class=HTMLResponse)
def interaction_page(interaction_id: str, request: Request, store: StoreDep) -> Response:
    user = page_user(request)
    interaction = interaction_detail(store, interaction_id)
    return render(request, "interaction.html", {"i": interaction}, user)


@router.get("/web/facts/{fact_id}", response_class=HTMLResponse)
def fact_page(fact_id: str, request: Request, store: StoreDep) -> Response:
    user = page_user(request)
    return render(request, "fact.html", {"fe": fact_evidence(store, fact_id)}, user)


@router.get("/web/concepts/{concept_id}", response_class=HTMLResponse)
def concept_page(concept_id: str, request: Request, store: StoreDep) -> Response:
    user = page_user(request)
    concept = concept_by_id(store, concept_id)
    broader = [concept_by_id(store, b) for b in concept.broader]
    experts = experts_for(store, concept_id, limit=5)
    return render(
        request, "concept.html", {"concept": concept, "broader": broader, "experts": experts}, user
    )


@router.get("/web/experts", response_class=HTMLResponse)
def experts_page(request: Request, store: StoreDep, q: Text = None) -> Response:
    user = page_user(request)
    experts = experts_for(store, q.strip(), limit=10) if q and q.strip() else []
    return render(request, "experts.html", {"q": q or "", "experts": experts}, user)


@router.get("/web/intro", response_class=HTMLResponse)
def intro_page(
    request: Request,
    store: StoreDep,
    to: Text = None,
    from_: Annotated[str | None, Query(alias="from", max_length=500)] = None,
    to_name: Text = None,
    from_name: Text = None,
    to_text: Text = None,
    from_text: Text = None,
) -> Response:
    """Paths to a contact; a name typed but not picked from the list is looked up."""
    user = page_user(request)
    unknown = None
    if not to and to_text and to_text.strip():
        to, to_name = _best_match(store, to_text, "Contact")
        unknown = None if to else f"No contact is called “{to_text.strip()}”."
    if not from_ and from_text and from_text.strip():
        from_, from_name = _best_match(store, from_text, "Employee")
        unknown = unknown or (None if from_ else f"No colleague is called “{from_text.strip()}”.")
    paths = warm_intro_paths(store, to, from_ or None, limit=3) if to else []
    graph = _intro_graph(paths)
    return render(
        request,
        "intro.html",
        {
            "to": to or "",
            "from_": from_ or "",
            "to_name": to_name or "",
            "from_name": from_name or "",
            "paths": paths,
            "graph_json": json.dumps(graph),
            "searched": bool(to),
            "unknown": unknown,
        },
        user,
    )


@router.get("/web/graph", response_class=HTMLResponse)
def graph_page(
    request: Request,
    id: Text = None,
    label: Text = None,
    hops: Annotated[int, Query(ge=1, le=2)] = 1,
    types: Annotated[list[str] | None, Query(max_length=50)] = None,
) -> Response:
    user = page_user(request)
    chosen = [t for value in types or [] for t in value.split(",") if t in RELATIONSHIP_TYPES]
    return render(
        request,
        "graph.html",
        {
            "node_id": id or "",
            "label": label or "",
            "hops": hops,
            "types": chosen,
            "all_types": RELATIONSHIP_TYPES,
        },
        user,
    )


@router.get("/web/review/facts", response_class=HTMLResponse)
def review_facts_page(
    request: Request,
    store: StoreDep,
    status: Text = "proposed",
    relation: Text = None,
    account: Text = None,
    account_name: Text = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    sort: Text = "confidence",
    cursor: Cursor = None,
) -> Response:
    user = page_user(request)
    if relation and relation not in FACT_TYPES:
        raise InvalidRecord(f"relation: {relation!r} is not a fact type")
    if status and status not in ("proposed", "approved", "rejected"):
        raise InvalidRecord(f"status: {status!r} is not proposed, approved or rejected")
    order: ReviewSort = "support" if sort == "support" else "confidence"
    page = review_queue(
        store,
        status=status or None,
        relation=relation or None,
        account=account or None,
        min_confidence=min_confidence,
        sort=order,
        limit=25,
        cursor=cursor,
    )
    filters = {
        "status": status or "",
        "relation": relation or "",
        "account": account or "",
        "account_name": account_name or "",
        "min_confidence": "" if min_confidence is None else min_confidence,
        "sort": order,
    }
    return render(
        request,
        "review_facts.html",
        {"page": page, "filters": filters, "fact_types": FACT_TYPES},
        user,
    )


@router.get("/web/review/concepts", response_class=HTMLResponse)
def review_concepts_page(
    request: Request,
    store: StoreDep,
    status: Text = "proposed",
    q: Text = None,
    cursor: Cursor = None,
) -> Response:
    user = page_user(request)
    if status and status not in ("proposed", "candidate", "approved", "rejected"):
        raise InvalidRecord(f"status: {status!r} is not proposed, candidate, approved or rejected")
    page: ConceptsPage | ConceptProposalsPage
    if status == "proposed" and not q:
        page = concept_proposals(store, limit=50, cursor=cursor)
    else:
        page = concepts_page(store, q=q, status=status or None, limit=50, cursor=cursor)
    history = curation_actions(store, limit=15) if user.role.allows(Role.CURATOR) else None
    return render(
        request,
        "review_concepts.html",
        {"page": page, "status": status or "", "q": q or "", "history": history},
        user,
    )


@router.get("/web/kb", response_class=HTMLResponse)
def kb_page(request: Request, store: StoreDep, q: Text = None) -> Response:
    user = page_user(request)
    answer = kb_answer(store, q.strip(), limit=10) if q and q.strip() else None
    hits = answer.items if answer else []
    return render(request, "kb.html", {"q": q or "", "hits": hits, "answer": answer}, user)


@router.get("/web/kb/faq", response_class=HTMLResponse)
def faq_page(request: Request) -> Response:
    """The page at once; the groups come from `/kb/faq`, which can take a while."""
    user = page_user(request)
    return render(request, "faq.html", {}, user)


@router.get("/web/admin", response_class=HTMLResponse)
def admin_page(
    request: Request,
    store: StoreDep,
    action: Text = None,
    actor: Text = None,
    cursor: Cursor = None,
) -> Response:
    user = page_user_with(request, Role.ADMIN)
    counts = recent_counts(request, store)
    audit = audit_page(store, action=action or None, actor=actor or None, limit=50, cursor=cursor)
    runs = list(request.app.state.ingest_runs)
    return render(
        request,
        "admin.html",
        {
            "counts": counts,
            "audit": audit,
            "action": action or "",
            "actor": actor or "",
            "runs": runs,
        },
        user,
    )


def recent_counts(request: Request, store: GraphStore) -> dict[str, Any]:
    """What the graph holds, counted at most once every `COUNTS_SECONDS` (counting reads the
    whole store); the time it was counted is under `counted_at`."""
    cached: tuple[float, dict[str, Any]] | None = getattr(request.app.state, "web_counts", None)
    if cached is None or time.monotonic() - cached[0] > COUNTS_SECONDS:
        counts: dict[str, Any] = {**graph_counts(store), "counted_at": datetime.now(UTC)}
        cached = (time.monotonic(), counts)
        request.app.state.web_counts = cached
    return cached[1]


def _best_match(store: GraphStore, text: str, label: str) -> tuple[str | None, str | None]:
    hits = search_everything(store, text, (label,), limit=1)
    return (hits[0].id, hits[0].name) if hits else (None, None)


def _intro_graph(paths: list[Any]) -> dict[str, list[dict[str, Any]]]:
    """The people and links of the paths, for the small graph drawn above them."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}
    for path in paths:
        for index, person in enumerate(path.people):
            role = "start" if index == 0 else "target" if index == len(path.people) - 1 else ""
            nodes.setdefault(
                person.id,
                {"id": person.id, "name": person.name or person.id, "label": person.label,
                 "role": role},
            )  # fmt: skip
        for hop in path.links:
            key = f"{hop.from_id}|{hop.to_id}"
            edges.setdefault(
                key,
                {"id": key, "source": hop.from_id, "target": hop.to_id, "link": hop.link,
                 "strength": round(hop.strength, 2)},
            )  # fmt: skip
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


def _safe_next(value: str | None) -> str:
    """Only a path on this server: never another site after signing in."""
    if not value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//"):
        return "/"
    return value


def install_page_errors(app: FastAPI) -> None:
    """Pages answer errors with a page, not JSON; API routes keep their problem+json."""
    original_not_found = cast(ErrorHandler, app.exception_handlers[NotFound])
    original_invalid = cast(ErrorHandler, app.exception_handlers[InvalidRecord])

    async def sign_in_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SignInRequired)
        return sign_in_redirect(exc)

    async def forbidden(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageForbidden)
        message = f"This page is for the {exc.needed} role; you are signed in as {exc.role}."
        return _error_page(request, 403, "Not for your role", message)

    async def not_found(request: Request, exc: Exception) -> Response:
        if _is_page(request):
            return _error_page(request, 404, "Not found", str(exc))
        return await original_not_found(request, exc)

    async def invalid(request: Request, exc: Exception) -> Response:
        if _is_page(request):
            return _error_page(request, 422, "That did not work", str(exc))
        return await original_invalid(request, exc)

    original_validation = cast(ErrorHandler, app.exception_handlers[RequestValidationError])
    original_unexpected = cast(ErrorHandler, app.exception_handlers[Exception])

    async def validation(request: Request, exc: Exception) -> Response:
        if _is_page(request):
            assert isinstance(exc, RequestValidationError)
            problems = "; ".join(
                f"{field_of(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}"
                for e in exc.errors()
            )
            return _error_page(request, 422, "That address is not quite right", problems)
        return await original_validation(request, exc)

    async def unexpected(request: Request, exc: Exception) -> Response:
        answer = await original_unexpected(request, exc)  # logs it
        if _is_page(request):
            message = "Something went wrong on the server; it has been logged. Try again."
            return _error_page(request, 500, "Sorry", message)
        return answer

    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(Exception, unexpected)
    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(PageForbidden, forbidden)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(InvalidRecord, invalid)
    app.add_exception_handler(UnknownIdentifier, invalid)


def _is_page(request: Request) -> bool:
    return request.url.path == "/" or request.url.path.startswith("/web/")


def _error_page(request: Request, status: int, title: str, message: str) -> Response:
    try:
        user = page_user(request)
    except SignInRequired:
        user = None
    return render(
        request, "error.html", {"title": title, "message": message, "status": status}, user,
        status_code=status,
    )  # fmt: skip
