"""DeepL API v2, the part CAT tools, Weblate and the ``deepl`` client use.

``POST /v2/translate`` (``text`` repeated up to 50; ``source_lang`` ZH; ``target_lang`` EN, EN-US or
EN-GB; ``glossary_id``; ``split_sentences``; ``preserve_formatting``), ``GET /v2/languages``,
``GET /v2/glossary-language-pairs``, ``POST/GET/DELETE /v2/glossaries``, ``GET /v2/glossaries/{id}``
and ``…/entries`` (TSV, or CSV when asked), ``GET /v2/usage``; the key in ``Authorization: DeepL-Auth-Key
KEY``. Errors are DeepL's: a status (400, 403, 404, 413, 415, 429 with ``Retry-After``, 456, 503, 504)
and ``{"message": …}``.

Each translation carries an extension field that DeepL's clients ignore: ``glossmt`` with the text's term
report (concept, source span, English, how, present) and the signature of how it was made.
"""

from __future__ import annotations

import csv
import io

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from glossmt.translate.mt.writers import term_dict
from glossmt.translate.serve.engine import Key, Markup
from glossmt.translate.serve.glossaries import dump_entries, parse_entries
from glossmt.translate.serve.markup import parse
from glossmt.translate.serve.protocol import ApiError, Params
from glossmt.translate.serve.service import Service

__all__ = ["error_response", "routes"]

SOURCES = [{"language": "ZH", "name": "Chinese"}]
TARGETS = [
    {"language": "EN-GB", "name": "English (British)", "supports_formality": False},
    {"language": "EN-US", "name": "English (American)", "supports_formality": False},
]
_TARGETS = {"EN", "EN-GB", "EN-US"}
_SPLIT = {"0", "1", "nonewlines"}
_FORMALITY = {"default", "prefer_more", "prefer_less"}
_AUTH = "deepl-auth-key "


def error_response(error: ApiError) -> Response:
    body: dict[str, str] = {"message": error.message}
    if error.detail:
        body["detail"] = error.detail
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after is not None else None
    return JSONResponse(body, error.status, headers=headers)


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    header = request.headers.get("authorization", "")
    service.authorize(header[len(_AUTH) :].strip() if header.lower().startswith(_AUTH) else None)
    return service


async def translate(request: Request) -> Response:
    service = _service(request)
    params = await service.params(request)
    texts = params.many("text")
    if not texts:
        raise ApiError(400, "Parameter 'text' not specified.")
    if len(texts) > service.config.limits.max_texts:
        raise ApiError(413, "Too many texts.", detail=f"at most {service.config.limits.max_texts} per request")
    service.note(request, texts)
    target = (params.one("target_lang") or "").upper()
    if not target:
        raise ApiError(400, "Parameter 'target_lang' not specified.")
    if target not in _TARGETS:
        raise ApiError(400, "Value for 'target_lang' not supported.", detail="this server translates into EN")
    source = (params.one("source_lang") or "").upper()
    if source and source != "ZH":
        raise ApiError(400, "Value for 'source_lang' not supported.", detail="this server translates from ZH")
    markup = _markup(params, texts)
    split = params.one("split_sentences", "1")
    if split not in _SPLIT:
        raise ApiError(400, "Value for 'split_sentences' not supported.", detail="use 0, 1 or nonewlines")
    if params.one("formality", "default") not in _FORMALITY:
        raise ApiError(400, "'formality' is not supported for the given 'target_lang'.")
    glossary_id = params.one("glossary_id")
    if glossary_id and not source:
        raise ApiError(400, "Use of a glossary requires the 'source_lang' parameter to be specified.")
    key = Key(await service.glossary_key(glossary_id), markup)
    # split_sentences 0 / nonewlines: a line break does not end a sentence (DeepL's meaning), so it is a space.
    model_texts = texts if split == "1" else [" ".join(t.splitlines()) for t in texts]
    results = await service.translate(model_texts, key)
    translations = [
        {
            "detected_source_language": "ZH",
            "text": result.text,
            "billed_characters": len(text),
            "glossmt": {
                "terms": [term_dict(t) for t in result.terms],
                "sentences": result.sentences,
                "from_memory": result.from_memory,
            },
        }
        for text, result in zip(texts, results, strict=True)
    ]
    signature = results[0].signature if results else service.engine.signature()
    return JSONResponse(
        {"translations": translations, "glossmt": {"signature": signature}},
        headers={"X-Glossmt-Signature": signature},
    )


def _markup(params: Params, texts: list[str]) -> Markup | None:
    """``tag_handling`` and ``ignore_tags``; each text parsed now, so a text that does not nest is a 400 at once."""
    mode = params.one("tag_handling")
    if not mode:
        return None
    if mode not in ("xml", "html"):
        raise ApiError(400, "Value for 'tag_handling' not supported.", detail="use xml or html")
    markup = Markup(mode, tuple(params.tags("ignore_tags")))
    for text in texts:
        parse(text, markup.mode, markup.ignore)
    return markup


async def languages(request: Request) -> Response:
    service = _service(request)
    params = await service.params(request)
    kind = params.one("type", "source")
    if kind not in ("source", "target"):
        raise ApiError(400, "Value for 'type' not supported.", detail="use source or target")
    return JSONResponse(SOURCES if kind == "source" else TARGETS)


async def glossary_language_pairs(request: Request) -> Response:
    _service(request)
    return JSONResponse({"supported_languages": [{"source_lang": "zh", "target_lang": "en"}]})


async def usage(request: Request) -> Response:
    return JSONResponse(await _service(request).usage())


async def create_glossary(request: Request) -> Response:
    service = _service(request)
    params = await service.params(request)
    name = params.one("name")
    if not name:
        raise ApiError(400, "Parameter 'name' not specified.")
    source = (params.one("source_lang") or "").upper()
    target = (params.one("target_lang") or "").upper().split("-")[0]
    if (source, target) != ("ZH", "EN"):
        raise ApiError(400, "Unsupported glossary source and target language pair.", detail="this server has zh→en")
    entries = parse_entries(params.one("entries") or "", (params.one("entries_format") or "tsv").lower())
    info = await service.create_glossary(name, source, target, entries)
    return JSONResponse(info.as_json(), 201)


async def list_glossaries(request: Request) -> Response:
    service = _service(request)
    infos = await service.list_glossaries()
    return JSONResponse({"glossaries": [info.as_json() for info in infos]})


async def get_glossary(request: Request) -> Response:
    service = _service(request)
    info = await service.glossary_info(request.path_params["glossary_id"])
    return JSONResponse(info.as_json())


async def glossary_entries(request: Request) -> Response:
    service = _service(request)
    accept = request.headers.get("accept", "text/tab-separated-values")
    key = await service.glossary_key(request.path_params["glossary_id"])
    entries = tuple((t.source, t.target) for t in key.terms)
    if "text/csv" in accept:
        return PlainTextResponse(_csv(entries), media_type="text/csv")
    if not any(kind in accept for kind in ("text/tab-separated-values", "*/*", "text/*")):
        raise ApiError(415, "Unsupported Media Type", detail="accept text/tab-separated-values or text/csv")
    return PlainTextResponse(dump_entries(entries), media_type="text/tab-separated-values")


def _csv(entries: tuple[tuple[str, str], ...]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(entries)
    return out.getvalue()


async def delete_glossary(request: Request) -> Response:
    service = _service(request)
    await service.delete_glossary(request.path_params["glossary_id"])
    return Response(status_code=204)


def routes() -> list[Route]:
    return [
        Route("/v2/translate", translate, methods=["POST"]),
        Route("/v2/languages", languages, methods=["GET", "POST"]),
        Route("/v2/glossary-language-pairs", glossary_language_pairs, methods=["GET"]),
        Route("/v2/usage", usage, methods=["GET", "POST"]),
        Route("/v2/glossaries", create_glossary, methods=["POST"]),
        Route("/v2/glossaries", list_glossaries, methods=["GET"]),
        Route("/v2/glossaries/{glossary_id}", get_glossary, methods=["GET"]),
        Route("/v2/glossaries/{glossary_id}", delete_glossary, methods=["DELETE"]),
        Route("/v2/glossaries/{glossary_id}/entries", glossary_entries, methods=["GET"]),
    ]
