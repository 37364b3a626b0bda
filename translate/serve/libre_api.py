"""LibreTranslate's API, for the tools that speak it: ``POST /translate`` and ``GET /languages``.

``q`` is one text or a list; ``source`` zh (or zh-Hans, zh-Hant, zh-CN, zh-TW, auto), ``target`` en;
``api_key`` in the body when the server has keys; ``format`` text or html (tags kept, as DeepL's
``tag_handling=html``). glossmt's additions: ``glossary_id`` (a glossary created through the DeepL endpoints) and
a ``glossmt`` field with each text's term report. Errors are LibreTranslate's: ``{"error": …}``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glossmt.translate.mt.writers import term_dict
from glossmt.translate.serve.engine import Key, Markup
from glossmt.translate.serve.markup import parse
from glossmt.translate.serve.protocol import ApiError
from glossmt.translate.serve.service import Service

__all__ = ["error_response", "routes"]

LANGUAGES = [
    {"code": "zh", "name": "Chinese", "targets": ["en"]},
    {"code": "en", "name": "English", "targets": []},
]
_SOURCES = {"zh", "zh-hans", "zh-hant", "zh-cn", "zh-tw", "auto"}


def error_response(error: ApiError) -> Response:
    message = f"{error.message} {error.detail}".strip() if error.detail else error.message
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after is not None else None
    return JSONResponse({"error": message}, error.status, headers=headers)


async def translate(request: Request) -> Response:
    service: Service = request.app.state.service
    params = await service.params(request)
    service.authorize(params.one("api_key"))
    texts = params.many("q")
    single = len(texts) == 1 and "q" not in params.lists
    if not texts:
        raise ApiError(400, "Invalid request: missing q parameter")
    if len(texts) > service.config.limits.max_texts:
        raise ApiError(413, "Too many texts.", detail=f"at most {service.config.limits.max_texts} per request")
    service.note(request, texts)
    source = (params.one("source") or "").lower()
    if source not in _SOURCES:
        raise ApiError(400, f"{source or 'missing source'} is not supported", detail="this server translates from zh")
    target = (params.one("target") or "").lower()
    if target not in ("en", "en-us", "en-gb"):
        raise ApiError(400, f"{target or 'missing target'} is not supported", detail="this server translates into en")
    fmt = params.one("format") or "text"
    if fmt not in ("text", "html"):
        raise ApiError(400, f"format {fmt} is not supported", detail="send text or html")
    markup = Markup("html") if fmt == "html" else None
    if markup is not None:
        for text in texts:
            parse(text, markup.mode)
    key = Key(await service.glossary_key(params.one("glossary_id")), markup)
    results = await service.translate(texts, key)
    reports = [{"terms": [term_dict(t) for t in r.terms], "signature": r.signature} for r in results]
    if single:
        return JSONResponse({"translatedText": results[0].text, "glossmt": reports[0]})
    return JSONResponse({"translatedText": [r.text for r in results], "glossmt": reports})


async def languages(request: Request) -> Response:
    return JSONResponse(LANGUAGES)


def routes() -> list[Route]:
    return [
        Route("/translate", translate, methods=["POST"]),
        Route("/languages", languages, methods=["GET", "POST"]),
    ]
