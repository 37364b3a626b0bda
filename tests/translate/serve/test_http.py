"""``glossmt serve`` spoken to directly: libretranslatepy, form and JSON bodies, the term report, errors, logs."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from libretranslatepy import LibreTranslateAPI

from tests.translate.serve.conftest import Server


def call(server: Server, path: str, body: bytes | None = None, *, content_type: str = "", key: str | None = None):
    """``(status, headers, parsed JSON body)`` of one request; the server's key unless ``key`` says otherwise."""
    headers = {"Authorization": f"DeepL-Auth-Key {server.key if key is None else key}"}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(server.url + path, data=body, headers=headers, method="POST" if body else "GET")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


FORM = "application/x-www-form-urlencoded"


def form(**fields: str | list[str]) -> bytes:
    return urllib.parse.urlencode(fields, doseq=True).encode()


def test_libretranslatepy_translates_with_the_glossary(server: Server) -> None:
    client = LibreTranslateAPI(server.url, api_key=server.key)

    assert "China Minmetals" in client.translate("中国五矿签署协议。", "zh", "en")
    assert {"code": "zh", "name": "Chinese", "targets": ["en"]} in client.languages()


def test_libretranslatepy_with_a_wrong_key(server: Server) -> None:
    client = LibreTranslateAPI(server.url, api_key="wrong")

    with pytest.raises(urllib.error.HTTPError) as caught:
        client.translate("中国五矿", "zh", "en")
    assert caught.value.code == 403
    assert "error" in json.loads(caught.value.read())


def test_form_body_with_repeated_text_and_the_term_report(server: Server) -> None:
    body = form(text=["中国五矿签署协议。", "你好\n中国五矿"], source_lang="ZH", target_lang="EN-US")

    status, headers, answer = call(server, "/v2/translate", body, content_type="application/x-www-form-urlencoded")

    assert status == 200
    first, second = answer["translations"]
    assert first["glossmt"]["terms"] == [
        {
            "concept": "china-minmetals",
            "source": "中国五矿",
            "start": 0,
            "end": 4,
            "target": "China Minmetals",
            "how": first["glossmt"]["terms"][0]["how"],
            "present": True,
        }
    ]
    # A text's lines stay lines; offsets count from the start of the text.
    assert second["text"].count("\n") == 1
    assert [(t["start"], t["end"]) for t in second["glossmt"]["terms"]] == [(3, 7)]
    assert answer["glossmt"]["signature"].startswith("glossmt:")
    assert headers["X-Glossmt-Signature"] == answer["glossmt"]["signature"]


def test_json_body(server: Server) -> None:
    body = json.dumps({"text": ["中国五矿"], "target_lang": "en-gb"}).encode()

    status, _, answer = call(server, "/v2/translate", body, content_type="application/json")

    assert status == 200
    assert "China Minmetals" in answer["translations"][0]["text"]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        (b"{not json", "application/json", 400, "not valid JSON"),
        (b"[1, 2]", "application/json", 400, "JSON object"),
        (form(target_lang="EN-US"), "application/x-www-form-urlencoded", 400, "'text' not specified"),
        (form(text="五矿"), "application/x-www-form-urlencoded", 400, "'target_lang' not specified"),
        (form(text="五矿", target_lang="DE"), "application/x-www-form-urlencoded", 400, "'target_lang' not supported"),
        (form(text="五矿", target_lang="EN-US", source_lang="JA"), "application/x-www-form-urlencoded", 400, "source"),
        (form(text="五矿", target_lang="EN-US", glossary_id="x"), FORM, 400, "source_lang"),
        (form(text="五矿", target_lang="EN-US", tag_handling="yaml"), "application/x-www-form-urlencoded", 400, "tag"),
        (b"\xff\xfe", "application/x-www-form-urlencoded", 400, "UTF-8"),
        (b"<a/>", "application/xml", 415, "content type"),
    ],
    ids=["bad-json", "json-list", "no-text", "no-target", "target-de", "source-ja", "glossary-no-source",
         "tag-yaml", "not-utf8", "xml-body"],
)  # fmt: skip
def test_bad_requests_are_deepl_errors_without_tracebacks(
    server: Server, body: bytes, content_type: str, status: int, message: str
) -> None:
    got, _, answer = call(server, "/v2/translate", body, content_type=content_type)

    assert got == status
    assert message in answer["message"] + answer.get("detail", "")
    assert "Traceback" not in json.dumps(answer)


def test_unknown_route_is_a_json_404(server: Server) -> None:
    status, _, answer = call(server, "/v2/nothing")

    assert (status, answer) == (404, {"message": "Not Found"})


def test_the_log_holds_no_text_and_no_key(server: Server) -> None:
    secret = "卢特尼克秘密文本"
    call(server, "/v2/translate?auth_key=" + server.key, form(text=secret, target_lang="EN-US"),
         content_type="application/x-www-form-urlencoded")  # fmt: skip
    call(server, "/v2/usage")

    log = "".join(server.log)
    assert "POST /v2/translate 200" in log
    assert "texts=1 chars=8" in log
    assert secret not in log
    assert server.key not in log


def test_the_translation_memory_applies_as_in_the_cli(tiny_model_dir, tmp_path) -> None:
    from tests.translate.serve.conftest import start_server

    server = start_server(tiny_model_dir, tmp_path / "state.sqlite", "--memory", str(tmp_path / "memory.sqlite"))
    try:
        body = form(text="中国五矿签署协议。", target_lang="EN-US")
        answers = [call(server, "/v2/translate", body, content_type=FORM)[2]["translations"][0] for _ in range(2)]
    finally:
        assert server.stop() == 0
    assert [a["glossmt"]["from_memory"] for a in answers] == [0, 1]
    assert answers[0]["text"] == answers[1]["text"]
    assert answers[1]["glossmt"]["terms"][0]["present"]


def test_libretranslate_html_keeps_every_tag_once(server: Server) -> None:
    body = json.dumps({"q": ["<p>中国五矿<br>签署<b>协议</b>。</p>"], "source": "zh", "target": "en", "format": "html",
                       "api_key": server.key}).encode()  # fmt: skip

    status, _, answer = call(server, "/translate", body, content_type="application/json")

    assert status == 200
    (english,) = answer["translatedText"]
    for tag in ("<p>", "</p>", "<br>", "<b>", "</b>"):
        assert english.count(tag) == 1, english
    assert "China Minmetals" in english
