"""The data API: read-only HTTP routes of the st.App, answering every question the pages ask from the same
DuckDB store, by the same link keys.

    GET /api/v1/                          the index: endpoints, parameters, columns (JSON)
    GET /api/v1/openapi.json              the same as an OpenAPI 3.1 document
    GET /api/v1/{endpoint}.{json|csv|parquet}?ds=…&yr=…&rs=…
    GET /api/v1/initiative/{id}.json      one initiative and its funding rows
    GET /api/v1/export.zip?…              the view's records, dataset.yaml and a README, zipped (dashboard.api.export)
    GET /api/v1/ready                     503 until the process has its datasets open, then 200 and their versions

A view's link turns into its data by changing the path: /map?rs=Western+Africa → /api/v1/per_country.csv?rs=
Western+Africa. A key or value the API cannot use answers 400 with a JSON body naming the key, the value and the
rule (the app's own notice); an unknown path 404. Answers carry an ETag (the dataset's version and the request)
and Cache-Control; a conditional request answers 304. Nothing writes; SQL takes values only as parameters.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from collections import OrderedDict
from datetime import date
from threading import Lock

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dashboard import questions
from dashboard.data import prices
from dashboard.data.cache import readiness, shared
from dashboard.data.datasets import DATASET_KEY_HELP, Dataset, offered
from dashboard.data.filters import Filters, Vocabulary
from dashboard.data.store import Store
from dashboard.questions.registry import ENDPOINTS, MAX_ROWS, Endpoint
from dashboard.settings import from_environment
from dashboard.shell.links import URL_FIELDS, URL_KEYS, from_query, to_query
from dashboard.words import exports, text
from dashboard.words import languages as i18n

PREFIX = "/api/v1"
FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}
CACHE_CONTROL = "public, max-age=300"
RESULTS = 256  # answers kept in memory (small aggregated frames)
LANG_HELP = ("the language of labels, place names and the CSV's # lines: " + ", ".join(i18n.LANGUAGES)
             + " (default en); codes and numbers do not change")
FILTER_HELP = {
    "years": "start years, e.g. 2005-2014", "provider_regions": "provider M49 regions (comma-separated)",
    "provider_subregions": "provider M49 sub-regions", "provider_countries": "provider countries (ISO3)",
    "provider_orgs": "Southern-led multilateral providers (their codes: /countries lists them, kind organisation)",
    "receiver_regions": "receiver M49 regions", "receiver_subregions": "receiver M49 sub-regions",
    "receiver_countries": "receiver countries (ISO3)", "themes": "theme codes", "sdgs": "SDG numbers",
    "cooperation_types": "cooperation types", "lead_actors": "lead actors", "activity_types": "activity types",
    "source_types": "funding source types",
    "funders": "funders' names as the data gives them, separated by '|' (a name may hold commas): initiatives with a "
               "contribution by any of them", "search": "text in titles and descriptions",
    "include_unreported": "'exclude' leaves out initiatives with amounts not reported",
    "prices": "'constant' gives amounts in constant US$ of the dataset's base year (meta.prices says which); "
              "default current US$",
}


class BadRequest(Exception):
    def __init__(self, key: str, value: str, rule: str):
        super().__init__(rule)
        self.key, self.value, self.rule = key, value, rule


# --- what a request asks ------------------------------------------------------------------------


def datasets() -> tuple[dict[str, Dataset], str]:
    """The datasets the app offers to everyone (a session's unsaved upload is not among them) and the default."""
    found = offered(sys.argv, os.environ)
    return found, next(iter(found))


_FACTS: dict[tuple[str, str], tuple[Vocabulary, dict[str, str]]] = {}


def facts(store: Store) -> tuple[Vocabulary, dict[str, str]]:
    """The dataset's link vocabulary and country names, once per dataset version."""
    key = (str(store.directory), store.version)
    if key not in _FACTS:
        _FACTS[key] = (questions.vocabulary(store), questions.country_names(store))
    return _FACTS[key]


def read_request(endpoint: Endpoint | None, params, filtered: bool = False) -> tuple[Dataset, Store, Filters, dict]:
    """The dataset, its store, the Filters and the endpoint's arguments a query string asks for (no endpoint: the
    filters only when `filtered`); BadRequest names the first key or value that cannot be used."""
    known = {"ds", i18n.LANG_KEY, *URL_FIELDS, *(p.name for p in endpoint.params)} if endpoint else \
        {"ds", i18n.LANG_KEY, *(URL_FIELDS if filtered else ())}
    for key, value in params.multi_items():
        if key not in known:
            raise BadRequest(key, value, f"unknown key; this endpoint takes {', '.join(sorted(known))}")
    lang = params.get(i18n.LANG_KEY, i18n.DEFAULT)
    if lang not in i18n.LANGUAGES:
        raise BadRequest(i18n.LANG_KEY, lang, LANG_HELP)
    found, default = datasets()
    key = params.get("ds", default)
    if key not in found:
        raise BadRequest("ds", key, f"unknown dataset; {DATASET_KEY_HELP}")  # saved ids are not listed to anyone
    dataset = found[key]
    try:
        store = shared(str(dataset.path))
    except Exception:  # a dataset that breaks the contract: the app's error page names its problems
        raise BadRequest("ds", key, "this dataset cannot be opened (it breaks the data contract)") from None
    vocab, _ = facts(store)
    given: dict[str, list[str]] = {}
    for name, value in params.multi_items():
        if name in URL_FIELDS:
            given.setdefault(name, []).append(value)
    for name, values in given.items():
        _, notices = from_query({name: values}, vocab)
        if notices:
            raise BadRequest(name, values[-1], notices[0].replace("`", ""))
    f, _ = from_query(given, vocab)
    if f.prices != prices.CURRENT:
        store = shared(str(dataset.path), f.prices)
    args = {}
    for param in endpoint.params if endpoint else ():
        values = params.getlist(param.name)
        if not values and param.default is None:
            raise BadRequest(param.name, "", f"required: {param.help}")
        if not values:
            args[param.name] = param.default
            continue
        try:
            args[param.name] = param.read(values[-1])
        except ValueError as error:
            raise BadRequest(param.name, values[-1], str(error)) from None
        if param.codes:  # codes this dataset has
            asked = args[param.name]
            listed: tuple = (asked,) if isinstance(asked, str) else asked if isinstance(asked, tuple) else ()
            unknown = [c for c in listed if c not in vocab.countries]
            if unknown:
                raise BadRequest(param.name, values[-1], f"no country {', '.join(unknown)} in this dataset")
    return dataset, store, f, args


# --- answers -----------------------------------------------------------------------------------------


_RESULTS: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_RESULTS_LOCK = Lock()


def result(endpoint: Endpoint, store: Store, f: Filters, args: dict, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """The endpoint's frame, its labels and places' names in lang, kept for RESULTS answers (the app's own cache
    keys on Filters the same way)."""
    key = (str(store.directory), store.version, endpoint.name, f, tuple(sorted(args.items())), lang)
    with _RESULTS_LOCK:
        if key in _RESULTS:
            _RESULTS.move_to_end(key)
            return _RESULTS[key]
    with i18n.using(lang):
        frame = i18n.place_names(endpoint.run(store, f, args))
    with _RESULTS_LOCK:
        _RESULTS[key] = frame
        while len(_RESULTS) > RESULTS:
            _RESULTS.popitem(last=False)
    return frame


def etag(dataset: Dataset, store: Store, path: str, params) -> str:
    canonical = "&".join(f"{k}={v}" for k, v in sorted(params.multi_items()))
    return '"' + hashlib.sha256(f"{dataset.key}|{store.version}|{path}|{canonical}".encode()).hexdigest()[:20] + '"'


def names(store: Store) -> dict[str, str]:
    """The store's country names in the current language."""
    return {code: i18n.country(code, name) for code, name in facts(store)[1].items()}


def meta(dataset: Dataset, store: Store, f: Filters, endpoint: str, args: dict, rows: int, link: str) -> dict:
    """What an answer is (in the current language: see i18n.using)."""
    return {
        "endpoint": endpoint,
        "dataset": {"key": dataset.key, "title": i18n._(dataset.label), "version": store.version,
                    "licence": dataset.meta.get("licence"), "citation": dataset.sources,
                    "synthetic": store.synthetic},
        "filters": to_query(f),
        "filters_in_words": text.filter_line(f, names(store)),
        "prices": {"basis": store.prices.basis, "base_year": store.prices.base_year, "method": store.prices.method,
                   "in_words": store.prices.words()},
        "amounts": amounts(store, f),
        "language": i18n.current(),
        "parameters": args,
        "rows": rows,
        "link": link,
        "notices": [],
    }


def amounts(store: Store, f: Filters) -> dict:
    """How many of the filtered initiatives' amounts are unknown, and why (a null amount in the rows is one of
    these, never a 0)."""
    k = result(ENDPOINTS["kpis"], store, f, {}).iloc[0]
    return {"unknown_is": "null", "initiatives": int(k["initiatives"]), "not_reported": int(k["unreported"]),
            "of_which_reported_not_converted": int(k["unconverted"]),
            "note": "not_reported counts initiatives with an amount that is not known in these prices: not "
                    "reported by the source, or reported in a currency or year the import could not convert "
                    "(of_which_reported_not_converted)"}


def provenance(dataset: Dataset, store: Store, f: Filters, link: str) -> exports.Provenance:
    return exports.Provenance(dataset=i18n._(dataset.label), version=store.version,
                              filters=text.view_line(f, names(store), store.prices), link=link,
                              date=date.today().isoformat(), sources=dataset.sources, synthetic=store.synthetic,
                              licence=dataset.meta.get("licence", ""), lang=i18n.current())


def records(frame: pd.DataFrame) -> list[dict]:
    """JSON-ready rows: NaN as null, lists as lists."""
    return json.loads(frame.to_json(orient="records", date_format="iso", default_handler=str))


def body(fmt: str, frame: pd.DataFrame, info: dict, prov: exports.Provenance) -> bytes:
    if fmt == "json":
        return json.dumps({"meta": info, "data": records(frame)}, ensure_ascii=False, default=str).encode()
    if fmt == "csv":
        return exports.csv(frame, prov)
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), buffer)
    return buffer.getvalue()


def error(status: int, **fields) -> JSONResponse:
    return JSONResponse({"error": "bad request" if status == 400 else "not found", **fields}, status_code=status,
                        headers={"Cache-Control": "no-store"})


def bad(e: BadRequest) -> JSONResponse:
    return error(400, key=e.key, value=e.value[:200], rule=e.rule)


# --- routes --------------------------------------------------------------------------------------


async def answer(request: Request) -> Response:
    """GET /api/v1/{name}.{fmt}."""
    name, fmt = request.path_params["name"], request.path_params["fmt"]
    endpoint = ENDPOINTS.get(name)
    if endpoint is None or fmt not in FORMATS:
        return error(404, path=request.url.path, rule=f"endpoints: {PREFIX}/ lists them; formats: {', '.join(FORMATS)}")
    try:
        dataset, store, f, args = await run_in_threadpool(read_request, endpoint, request.query_params)
    except BadRequest as e:
        return bad(e)
    tag = etag(dataset, store, request.url.path, request.query_params)
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    lang = request.query_params.get(i18n.LANG_KEY, i18n.DEFAULT)
    frame = await run_in_threadpool(result, endpoint, store, f, args, lang)
    if not endpoint.paged and len(frame) > MAX_ROWS:
        frame = frame.head(MAX_ROWS)
    link = public_link(request)
    with i18n.using(lang):
        info, prov = meta(dataset, store, f, name, args, len(frame), link), provenance(dataset, store, f, link)
    payload = await run_in_threadpool(body, fmt, frame, info, prov)
    return Response(payload, media_type=FORMATS[fmt], headers=headers)


def public_link(request: Request) -> str:
    """The request's link for citations: on the operator's SSC_PUBLIC_URL when set, else relative (never from the
    Host header, which a client writes and a shared cache would pass on)."""
    query = f"?{request.url.query}" if request.url.query else ""
    return from_environment(os.environ).public_url + request.url.path + query


async def initiative(request: Request) -> Response:
    """GET /api/v1/initiative/{id}.json: one initiative's record and funding rows."""
    try:
        dataset, store, f, _ = await run_in_threadpool(read_request, None, request.query_params)
    except BadRequest as e:
        return bad(e)
    ident = request.path_params["ident"]
    lang = request.query_params.get(i18n.LANG_KEY, i18n.DEFAULT)

    def find():
        with i18n.using(lang):
            return questions.initiative_detail(store, ident)

    detail = await run_in_threadpool(find)
    if detail is None:
        return error(404, path=request.url.path, rule=f"no initiative {ident[:200]!r} in dataset {dataset.key}")
    record = records(pd.DataFrame([detail.record]))[0]
    with i18n.using(lang):
        info = meta(dataset, store, f, "initiative", {"id": ident}, 1, public_link(request))
    tag = etag(dataset, store, request.url.path, request.query_params)
    return JSONResponse({"meta": info, "data": {**record, "funding": records(detail.funding)}},
                        headers={"ETag": tag, "Cache-Control": CACHE_CONTROL})


def describe() -> dict:
    """The index: every endpoint with its parameters and formats (generated from ENDPOINTS)."""
    common = [{"name": "ds", "help": DATASET_KEY_HELP}, {"name": i18n.LANG_KEY, "help": LANG_HELP}] + [
        {"name": key, "help": FILTER_HELP[name]} for name, key in URL_KEYS.items()]
    return {
        "api": "SSC Flows data API, version 1 (read-only)",
        "formats": list(FORMATS),
        "max_rows": MAX_ROWS,
        "common_parameters": common,
        "errors": "400: a key or value that cannot be used (the body names key, value and rule); 404: no such "
                  "endpoint or initiative; 304: not modified (If-None-Match with the ETag)",
        "endpoints": [{"path": f"{PREFIX}/{e.name}.{{json|csv|parquet}}", "name": e.name, "summary": e.summary,
                       "paged": e.paged,
                       "parameters": [{"name": p.name, "help": p.help, "default": p.default,
                                       **({"choices": list(p.choices)} if p.choices else {"format": "YYYY-YYYY"}
                                          if p.years else {"format": "ISO3[,ISO3…]"} if p.codes else
                                          {"min": p.low, "max": p.high})}
                                      for p in e.params]}
                      for e in ENDPOINTS.values()]
        + [{"path": f"{PREFIX}/initiative/{{id}}.json", "name": "initiative",
            "summary": "one initiative's record and its funding rows", "paged": False, "parameters": []},
           {"path": f"{PREFIX}/ready", "name": "ready", "summary": "503 until the server has its datasets open, then "
            "200 and each dataset's version (for health checks)", "paged": False, "parameters": []}],
    }


async def index(request: Request) -> Response:
    return JSONResponse(describe(), headers={"Cache-Control": CACHE_CONTROL})


def openapi() -> dict:
    """An OpenAPI 3.1 document of the same endpoints."""
    common = [{"name": p["name"], "in": "query", "required": False, "description": p["help"],
               "schema": {"type": "string"}} for p in describe()["common_parameters"]]
    paths = {}
    for e in ENDPOINTS.values():
        own = [{"name": p.name, "in": "query", "required": False, "description": p.help,
                "schema": ({"type": "string", "enum": list(p.choices), "default": p.default} if p.choices else
                           {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{4})?$"} if p.years else
                           {"type": "string", "pattern": "^[A-Za-z]{3}(,[A-Za-z]{3})*$"} if p.codes else
                           {"type": "integer", "minimum": p.low, "maximum": p.high, "default": p.default})}
               for p in e.params]
        paths[f"{PREFIX}/{e.name}.{{format}}"] = {"get": {
            "summary": e.summary, "operationId": e.name,
            "parameters": [{"name": "format", "in": "path", "required": True,
                            "schema": {"type": "string", "enum": list(FORMATS)}}, *common, *own],
            "responses": {"200": {"description": "the rows, with a meta block (JSON) or # provenance lines (CSV)"},
                          "304": {"description": "not modified"},
                          "400": {"description": "a key or value that cannot be used"}}}}
    paths[f"{PREFIX}/ready"] = {"get": {"summary": "readiness", "operationId": "ready", "responses": {
        "200": {"description": "ready: each dataset's version"}, "503": {"description": "still opening its datasets"}}}}
    return {"openapi": "3.1.0", "info": {"title": "SSC Flows data API", "version": "1"}, "paths": paths}


async def openapi_route(request: Request) -> Response:
    return JSONResponse(openapi(), headers={"Cache-Control": CACHE_CONTROL})


async def ready(request: Request) -> Response:
    """GET /api/v1/ready: 503 until the process has its datasets open, then 200 with their versions (what a proxy's
    health check, the image's HEALTHCHECK and Kubernetes' readiness probe ask)."""
    versions = readiness()
    if versions is None:
        return JSONResponse({"ready": False}, status_code=503,
                            headers={"Cache-Control": "no-store", "Retry-After": "1"})
    return JSONResponse({"ready": True, "datasets": versions}, headers={"Cache-Control": "no-store"})


async def not_found(request: Request) -> Response:
    return error(404, path=request.url.path[:300], rule=f"no such endpoint; {PREFIX}/ lists them")


def routes() -> list[Route]:
    from dashboard.api.export import export_zip

    return [
        Route(f"{PREFIX}/export.zip", export_zip, methods=["GET"]),
        Route(f"{PREFIX}/", index, methods=["GET"]),
        Route(f"{PREFIX}/openapi.json", openapi_route, methods=["GET"]),
        Route(f"{PREFIX}/ready", ready, methods=["GET", "HEAD"]),
        Route(f"{PREFIX}/initiative/{{ident:str}}.json", initiative, methods=["GET"]),
        Route(f"{PREFIX}/{{name:str}}.{{fmt:str}}", answer, methods=["GET"]),
        Route(f"{PREFIX}/{{rest:path}}", not_found, methods=["GET"]),
    ]
