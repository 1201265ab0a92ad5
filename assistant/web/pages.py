"""Server-rendered pages: login, the scenarios you can see, and one page per version.

``/scenarios/{id}/versions/{n}`` is the stable address the assistant links to: KPIs with
deltas against the parent and live, violations, the edits in words, history, diffs, a
map of flows and hub use, trailer imbalance, before/after bars, comments and, once
promoted, the decision. Private scenarios of others answer 404, as in the API.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import plotly
from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from assistant.alerts import alert_title, playbook_days
from assistant.answers import fmt_delta, fmt_value
from assistant.api.deps import PageActorDep, get_db, get_signer, page_actor
from assistant.api.problems import ApiProblem
from assistant.api.routes.jobs import start_job
from assistant.api.security import SESSION_COOKIE
from assistant.config import AssistantSettings
from assistant.web.charts import (
    NO_IMBALANCE,
    chart_html,
    figure_html,
    kpi_bars,
    network_map,
    trailer_imbalance,
)
from tools import (
    HEADLINES,
    INTERACTIVE_SETTINGS,
    LIVE,
    Database,
    DecisionView,
    DiffView,
    FreeText,
    KpiChange,
    NameText,
    Network,
    NotFound,
    PermissionDenied,
    Role,
    ScenarioView,
    UserRef,
    VersionRef,
    VersionResult,
    add_comment,
    authenticate,
    compare_results,
    decisions,
    diff_versions,
    diff_xlsx,
    end_sessions,
    executive_summary,
    get_scenario,
    get_version,
    history,
    list_comments,
    list_proposals,
    list_scenarios,
    list_solve_jobs,
    parse_version_ref,
    rename_scenario,
    scorecard,
    scorecard_xlsx,
    service_drivers,
    session_generation,
    version_network,
    version_result,
    why_levers,
)
from tools.playbooks import PlaybookView, playbook_board, start_playbook_refresh
from tools.watch import acknowledge_alert, list_alerts

__all__ = ["install", "router"]

router = APIRouter(include_in_schema=False)
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
SWAGGER_ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon.png": "image/png",
}


def _templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


def _csrf(request: Request) -> str:
    cookie = request.cookies.get(SESSION_COOKIE)
    return get_signer(request).csrf_token(cookie) if cookie else ""


def _check_csrf(request: Request, token: str) -> None:
    if not get_signer(request).check_csrf(request.cookies.get(SESSION_COOKIE), token):
        raise ApiProblem(403, "Forbidden", "the form expired or came from elsewhere: reload")


def _render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    base = {"user": page_actor(request), "csrf": _csrf(request)}
    return _templates(request).TemplateResponse(
        request, name, {**base, **context}, status_code=status_code
    )


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login (no open redirects)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


# --------------------------------------------------------------------- login


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    """The login form: user name and API token."""
    return _render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form(max_length=320)],
    token: Annotated[str, Form(max_length=500)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check name and token, then set the signed session cookie."""
    try:
        user = authenticate(get_db(request), token)
    except PermissionDenied:
        user = None
    if user is None or user.name.lower() != name.strip().lower():
        return _render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": "That name and token do not match a user."},
            status_code=401,
        )
    settings: AssistantSettings = request.app.state.settings
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        get_signer(request).issue(user.id, session_generation(get_db(request), user.id)),
        max_age=settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    """End every session of the user (this browser and any other), then forget the cookie."""
    _check_csrf(request, csrf)
    actor = page_actor(request)
    if actor is not None:
        end_sessions(get_db(request), actor)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# ------------------------------------------------------------------- listing


@dataclass(frozen=True)
class ScenarioRow:
    """One line of the scenario list: the scenario, its state and its head's KPIs."""

    scenario: ScenarioView
    state: str
    cost: str
    service: str
    quality: str
    warned: bool


def _scenario_rows(db: Database, actor: UserRef) -> list[ScenarioRow]:
    """Every visible scenario with its state (live / proposed / draft) and head KPIs."""
    proposed = {p.scenario_id for p in list_proposals(db, actor)}
    rows = []
    for s in list_scenarios(db, actor):
        result = version_result(db, actor, s.id, s.head) if s.head is not None else None
        kpis = result.kpis if result is not None else None
        rows.append(
            ScenarioRow(
                scenario=s,
                state="live" if s.is_live else "proposed" if s.id in proposed else "draft",
                cost=fmt_value(kpis.total_cost_eur if kpis else None, "eur"),
                service=fmt_value(kpis.service_level if kpis else None, "share"),
                quality=result.run.quality if result is not None and result.run else "not solved",
                warned=bool(result.warnings) if result is not None else False,
            )
        )
    return rows


@router.get("/")
def index(request: Request, actor: PageActorDep) -> Response:
    """The scenarios you can see: state, owner, head KPIs; pick some to compare."""
    db = get_db(request)
    rows = _scenario_rows(db, actor)
    open_alerts = [a for a in list_alerts(db, actor, limit=500) if a.status == "open"]
    return _render(request, "index.html", {"rows": rows, "me": actor, "open_alerts": open_alerts})


@router.post("/scenarios/{scenario_id}/rename")
def post_rename(
    scenario_id: int,
    request: Request,
    actor: PageActorDep,
    name: Annotated[NameText, Form(min_length=1, max_length=100)],
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Rename one of your scenarios from the list, then show the list again."""
    _check_csrf(request, csrf)
    rename_scenario(get_db(request), actor, scenario_id, name)
    return RedirectResponse("/", status_code=303)


def _versions_param(versions: str, picked: list[str]) -> str:
    """The ``versions`` list from the query, or from the list's ticked boxes."""
    return versions or ",".join(picked)


@router.get("/compare")
def compare_page(
    request: Request,
    actor: PageActorDep,
    versions: Annotated[str, Query(max_length=500)] = "",
    v: Annotated[list[str] | None, Query(max_length=100)] = None,
) -> Response:
    """A scorecard page: 2–5 versions side by side, breakdowns behind folds, XLSX link."""
    wanted = _versions_param(versions, v or [])
    card = scorecard(get_db(request), actor, wanted)
    changes = {
        k.key: [
            KpiChange(
                key=k.key,
                label=k.label,
                unit=k.unit,
                before=k.values[0],
                after=k.values[i],
                delta=k.deltas[i],
                better=k.better[i],
                note=k.notes[i],
            )
            for i in range(len(card.columns))
        ]
        for k in card.kpis
    }
    return _render(
        request,
        "compare.html",
        {
            "card": card,
            "versions": wanted,
            "fmt": fmt_value,
            "deltas": {key: [_delta(c) for c in cs] for key, cs in changes.items()},
            "verdicts": {
                key: [_verdict_class(_verdict(c)) for c in cs] for key, cs in changes.items()
            },
        },
    )


@router.get("/compare.xlsx")
def compare_xlsx(
    request: Request, actor: PageActorDep, versions: Annotated[str, Query(max_length=500)]
) -> Response:
    """The page's scorecard as a workbook."""
    card = scorecard(get_db(request), actor, versions)
    name = "-".join(f"{c.scenario_id}v{c.n}" for c in card.columns)
    return Response(
        scorecard_xlsx(card),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="scorecard-{name}.xlsx"'},
    )


@router.get("/scenarios/{scenario_id}")
def scenario_head(scenario_id: int, request: Request, actor: PageActorDep) -> Response:
    """A scenario's page is its head version's page."""
    sc = get_scenario(get_db(request), actor, scenario_id)
    if sc.head is None:
        raise NotFound(f"scenario {sc.name!r} has no versions")
    return RedirectResponse(f"/scenarios/{sc.id}/versions/{sc.head}", status_code=303)


# ------------------------------------------------------------- version page


@dataclass(frozen=True)
class KpiRow:
    """One line of the headline table."""

    label: str
    value: str
    vs_parent: str
    parent_better: bool | None
    vs_live: str
    live_better: bool | None


def _delta(change: KpiChange | None) -> str:
    """A change as the KPI table shows it; one inside the solver's noise says so."""
    if change is None:
        return "–"
    return fmt_delta(change) + (" (within noise)" if change.note else "")


def _verdict(change: KpiChange | None) -> bool | None:
    """Better / worse for colouring a change, None when the change as shown is nothing
    ('−0.0 pts', '+€0.000'): a planner reads green or red as a real move."""
    if change is None or change.better is None:
        return None
    shown = fmt_delta(change).split(" (")[0]
    return change.better if re.search(r"[1-9]", shown) else None


def _verdict_class(better: bool | None) -> str:
    return "better" if better is True else "worse" if better is False else ""


def _rows(
    this: VersionResult, vs_parent: list[KpiChange], vs_live: list[KpiChange]
) -> list[KpiRow]:
    parent = {c.key: c for c in vs_parent}
    live = {c.key: c for c in vs_live}
    kpis = this.kpis
    rows = []
    for h in HEADLINES:
        value = float(getattr(kpis, h.key)) if kpis is not None else None
        p, lv = parent.get(h.key), live.get(h.key)
        rows.append(
            KpiRow(
                label=h.label,
                value=fmt_value(value, h.unit),
                vs_parent=_delta(p),
                parent_better=_verdict(p),
                vs_live=_delta(lv),
                live_better=_verdict(lv),
            )
        )
    return rows


def _diff(db: Database, actor: UserRef, a: VersionRef, b: VersionRef) -> DiffView | None:
    try:
        return diff_versions(db, actor, a, b)
    except NotFound:
        return None


def _decision_for(found: list[DecisionView], scenario_id: int, n: int) -> DecisionView | None:
    for d in found:
        if (d.scenario_id == scenario_id and d.n == n) or d.url == (
            f"/scenarios/{scenario_id}/versions/{n}"
        ):
            return d
    return None


@router.get("/scenarios/{scenario_id}/versions/{n}")
def version_page(scenario_id: int, n: int, request: Request, actor: PageActorDep) -> Response:
    """Everything about one version of a scenario."""
    db = get_db(request)
    sc = get_scenario(db, actor, scenario_id)
    version = get_version(db, actor, scenario_id, n)
    this = version_result(db, actor, scenario_id, n)
    parent = (
        version_result(db, actor, scenario_id, version.parent_n)
        if version.parent_n is not None
        else None
    )
    live_sc = get_scenario(db, actor, LIVE) if not sc.is_live else sc
    live = version_result(db, actor, live_sc.id, live_sc.head) if live_sc.head else None
    is_live_head = live is not None and (live.scenario_id, live.n) == (scenario_id, n)
    cmp_parent = compare_results(parent, this) if parent is not None else None
    cmp_live = compare_results(live, this) if live is not None and not is_live_head else None
    vs_parent = cmp_parent.changes if cmp_parent else []
    vs_live = cmp_live.changes if cmp_live else []
    network = version_network(db, actor, scenario_id, n)
    here = VersionRef(scenario=scenario_id, n=n)
    diff_parent = (
        _diff(db, actor, VersionRef(scenario=scenario_id, n=version.parent_n), here)
        if version.parent_n is not None
        else None
    )
    diff_live = (
        _diff(db, actor, VersionRef(scenario=live_sc.id, n=live_sc.head), here)
        if live_sc.head is not None and not is_live_head
        else None
    )
    ev = this.evaluation
    charts = {
        "map": figure_html(network_map(network, ev), div_id="chart-map"),
        "imbalance": chart_html(
            trailer_imbalance(network, ev), div_id="chart-imbalance", empty=NO_IMBALANCE
        )
        if ev is not None
        else None,
        "bars": figure_html(
            kpi_bars(
                vs_parent,
                vs_live,
                this_label=f"v{n}",
                parent_label=f"v{version.parent_n}" if version.parent_n else None,
            ),
            div_id="chart-kpis",
        )
        if ev is not None and (vs_parent or vs_live)
        else None,
    }
    violations = sorted(
        ev.violations if ev is not None else (),
        key=lambda v: (not v.hard, -v.amount, v.kind.value),
    )
    brief = (
        executive_summary(db, actor, scenario_id, n)
        if ev is not None and live is not None and live.evaluation is not None
        else None
    )
    drivers = (
        service_drivers(db, actor, scenario_id, n, top=5)
        if ev is not None and ev.kpis.late_t + ev.kpis.unserved_t > 1e-6
        else None
    )
    jobs = [
        j
        for j in list_solve_jobs(db, actor, scenario=scenario_id, limit=20)
        if j.n == n and not j.done
    ]
    context = {
        "scenario": sc,
        "version": version,
        "result": this,
        "rows": _rows(this, vs_parent, vs_live),
        "cmp_parent": cmp_parent,
        "cmp_live": cmp_live,
        "live": live_sc,
        "violations": violations,
        "drivers": drivers,
        "brief": brief,
        "history": history(db, actor, scenario_id, limit=30),
        "diff_parent": diff_parent,
        "diff_live": diff_live,
        "charts": charts,
        "comments": list_comments(db, actor, scenario_id, n=n),
        "decision": _decision_for(decisions(db, actor, limit=200), scenario_id, n),
        "proposals": [
            p
            for p in list_proposals(db, actor, status=None)
            if (p.scenario_id, p.n) == (scenario_id, n)
        ],
        "jobs": jobs,
        "can_solve": actor.role.rank >= Role.PLANNER.rank,
        "network": network,
        "customers_of": functools.partial(_customers, network),
        "solve_limit_s": INTERACTIVE_SETTINGS.time_limit_s,
    }
    return _render(request, "version.html", context)


def _customers(network: Network, entities: Sequence[str]) -> str:
    """The customers behind a violation's demands, by name ('–' for none): the violation's
    text already names its hubs and lanes, so its ids would only repeat them less readably."""
    names: list[str] = []
    for entity in entities:
        demand = network.demand_by_id.get(entity)
        if demand is not None and demand.customer and demand.customer not in names:
            names.append(demand.customer)
    return ", ".join(names) or "–"


@router.post("/scenarios/{scenario_id}/versions/{n}/comments")
def post_comment(
    scenario_id: int,
    n: int,
    request: Request,
    actor: PageActorDep,
    text: Annotated[FreeText, Form(max_length=10_000)],
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Add a comment from the page's form, then show the page again."""
    _check_csrf(request, csrf)
    add_comment(get_db(request), actor, scenario_id, text, n=n)
    return RedirectResponse(f"/scenarios/{scenario_id}/versions/{n}#comments", status_code=303)


@router.get("/scenarios/{scenario_id}/versions/{n}/changes.xlsx")
def changes_xlsx(
    scenario_id: int,
    n: int,
    request: Request,
    actor: PageActorDep,
    against: Annotated[str, Query(min_length=1, max_length=200)] = "parent",
) -> Response:
    """Every change of the version against ``against`` (parent, live or scenario@n) as a
    workbook: the grouped lines with totals, each change in words, and field by field."""
    db = get_db(request)
    key = against.strip().lower()
    if key == "parent":
        parent = get_version(db, actor, scenario_id, n).parent_n
        if parent is None:
            raise NotFound(f"v{n} has no parent to compare with")
        base = VersionRef(scenario=scenario_id, n=parent)
    elif key == LIVE:
        live = get_scenario(db, actor, LIVE)
        base = VersionRef(scenario=live.id, n=live.head)
    else:
        base = parse_version_ref(against)
    d = diff_versions(db, actor, base, VersionRef(scenario=scenario_id, n=n))
    title = f"From {d.a.scenario_name} v{d.a.n} to {d.b.scenario_name} v{d.b.n}"
    return Response(
        diff_xlsx(title, d.groups, d.changes),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": (
                f'attachment; filename="changes-{d.a.scenario_id}v{d.a.n}-'
                f'{d.b.scenario_id}v{d.b.n}.xlsx"'
            )
        },
    )


@router.get("/alerts")
def alerts_page(request: Request, actor: PageActorDep, all: bool = False) -> Response:
    """The watcher's alerts, newest first, with their prepared fixes and an acknowledge
    button; ``?all=1`` also lists those that cleared."""
    rows = list_alerts(get_db(request), actor, include_cleared=all, limit=500)
    return _render(
        request,
        "alerts.html",
        {"alerts": rows, "titles": {a.id: alert_title(a) for a in rows}, "all": all},
    )


@router.post("/alerts/{alert_id}/acknowledge")
def post_acknowledge(
    alert_id: int,
    request: Request,
    actor: PageActorDep,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Acknowledge an alert from the list, then show the list again."""
    _check_csrf(request, csrf)
    acknowledge_alert(get_db(request), actor, alert_id)
    return RedirectResponse("/alerts", status_code=303)


_REFRESH_NOTES = {
    "started": "Refresh started: each playbook's status below follows it (reload the page).",
    "current": "Nothing to refresh: every playbook is current against live's head.",
    "running": "A refresh is under way already.",
    "no-plan": "Nothing refreshed: live has no plan yet.",
}


def _vs_live(p: PlaybookView) -> tuple[str, str]:
    """The playbook's cost and service against live's, as the KPI tables show changes."""
    cost = service = "–"
    if p.cost_eur is not None and p.cost_vs_live_eur is not None:
        cost = fmt_delta(
            KpiChange(
                key="total_cost_eur",
                label="cost",
                unit="eur",
                before=p.cost_eur - p.cost_vs_live_eur,
                after=p.cost_eur,
                delta=p.cost_vs_live_eur,
                better=None,
            )
        )
    if p.service_level is not None and p.service_vs_live is not None:
        service = fmt_delta(
            KpiChange(
                key="service_level",
                label="service",
                unit="share",
                before=p.service_level - p.service_vs_live,
                after=p.service_level,
                delta=p.service_vs_live,
                better=None,
            )
        )
    return cost, service


@router.get("/playbooks")
def playbooks_page(
    request: Request,
    actor: PageActorDep,
    refresh: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """The contingency playbooks: each critical hub's and lane's response, its age and its
    status against live, cost and service against live, and a refresh button (planners)."""
    board = playbook_board(get_db(request), actor)
    return _render(
        request,
        "playbooks.html",
        {
            "board": board,
            "note": _REFRESH_NOTES.get(refresh),
            "fmt": fmt_value,
            "vs_live": {
                e.key: _vs_live(e.playbook) for e in board.entries if e.playbook is not None
            },
            "can_refresh": actor.role.rank >= Role.PLANNER.rank,
        },
    )


@router.post("/playbooks/refresh")
def post_playbooks_refresh(
    request: Request,
    actor: PageActorDep,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Refresh the playbooks (planners), in the background, then show the page again."""
    _check_csrf(request, csrf)
    settings: AssistantSettings = request.app.state.settings
    started = start_playbook_refresh(
        get_db(request),
        actor,
        request.app.state.solve_executor,
        hubs=settings.playbook_hubs,
        lanes=settings.playbook_lanes,
        days=playbook_days(settings.playbook_days),
    )
    return RedirectResponse(f"/playbooks?refresh={started.state}", status_code=303)


@router.get("/scenarios/{scenario_id}/versions/{n}/levers")
def levers_page(
    scenario_id: int,
    n: int,
    request: Request,
    actor: PageActorDep,
    focus: Literal["service", "cost"] = "service",
) -> Response:
    """What would help most: ten levers, one line each, best first, the rest behind a fold."""
    why = why_levers(
        get_db(request),
        actor,
        scenario_id,
        n,
        focus=focus,
        budget_s=INTERACTIVE_SETTINGS.time_limit_s,
    )
    return _render(request, "levers.html", {"why": why})


@router.post("/scenarios/{scenario_id}/versions/{n}/solve")
def post_solve(
    scenario_id: int,
    n: int,
    request: Request,
    actor: PageActorDep,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Start a solve job from the page (the page follows it until it ends)."""
    _check_csrf(request, csrf)
    start_job(request, get_db(request), actor, str(scenario_id), n, INTERACTIVE_SETTINGS)
    return RedirectResponse(f"/scenarios/{scenario_id}/versions/{n}", status_code=303)


@router.get("/vendor/plotly.min.js")
def plotly_js() -> Response:
    """plotly.js from the installed plotly package (pages work without internet)."""
    return FileResponse(
        PLOTLY_JS,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/api/v1/docs")
def api_docs(request: Request) -> Response:
    """Swagger UI over the OpenAPI document, its script and styles served from this server."""
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url or "/api/v1/openapi.json",
        title="Lanewise API",
        swagger_js_url="/vendor/swagger-ui-bundle.js",
        swagger_css_url="/vendor/swagger-ui.css",
        swagger_favicon_url="/vendor/favicon.png",
    )


@router.get("/vendor/{asset}")
def swagger_asset(asset: str) -> Response:
    """Swagger UI's files, from the copy installed with litellm (no CDN needed)."""
    media = SWAGGER_ASSETS.get(asset)
    folder = _swagger_dir()
    if media is None or folder is None or not (folder / asset).is_file():
        raise NotFound(f"no asset {asset!r}")
    return FileResponse(
        folder / asset, media_type=media, headers={"Cache-Control": "public, max-age=86400"}
    )


def _swagger_dir() -> Path | None:
    """Where the installed litellm keeps its Swagger UI build (found without importing it)."""
    spec = importlib.util.find_spec("litellm")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "proxy" / "swagger"


def render_page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """A page's template with the signed-in user and the forms' CSRF token (for the pages
    of other modules)."""
    return _render(request, name, context, status_code)


def install(app: FastAPI) -> None:
    """Add the pages to an app made by :func:`assistant.api.create_app`."""
    from assistant.web import actuals_pages  # it renders with this module's templates

    app.include_router(router)
    app.include_router(actuals_pages.router)
