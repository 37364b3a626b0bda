"""The official ``deepl`` client, pointed at ``glossmt serve``: translation, glossaries, its own error classes.

Nobody here wrote the client: what it sends (JSON bodies, the ``DeepL-Auth-Key`` header, a GET with a body
for the target languages) and how it reads answers (``billed_characters`` as an int, glossary fields, which
status codes raise which class) is DeepL's. Its retries are turned off, so a 429 or 503 shows at once, and
its 10-second timeout raised: the tests assert answers, not speed.
"""

from __future__ import annotations

import deepl
import pytest

from tests.translate.serve.conftest import Server, start_server

# Terms of the shipped glossary in the sentences below, and one created through the client.
SERVER_TERM = ("中国五矿", "China Minmetals")
CREATED = {"卢特尼克": "Howard Lutnick", "阿拉木图矿业": "Almaty Mining Works"}
SENTENCES = ["美国商务部长卢特尼克访问了中国五矿。", "阿拉木图矿业与中国五矿签署协议。"]


@pytest.fixture(autouse=True)
def _no_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)
    monkeypatch.setattr(deepl.http_client, "min_connection_timeout", 300.0)  # a busy machine is slow, not wrong


@pytest.fixture
def client(server: Server) -> deepl.Translator:
    return deepl.Translator(server.key, server_url=server.url)


def test_translate_text_keeps_the_servers_glossary(client: deepl.Translator) -> None:
    results = client.translate_text(SENTENCES, source_lang="ZH", target_lang="EN-US")

    assert len(results) == 2
    assert all(SERVER_TERM[1] in r.text for r in results)
    assert [r.billed_characters for r in results] == [len(s) for s in SENTENCES]
    assert {r.detected_source_lang for r in results} == {"ZH"}


def test_a_single_text_without_source_lang(client: deepl.Translator) -> None:
    result = client.translate_text("中国五矿", target_lang="EN-GB")

    assert SERVER_TERM[1] in result.text


def test_glossary_created_listed_read_used_and_deleted(client: deepl.Translator) -> None:
    info = client.create_glossary("mining names", "ZH", "EN", CREATED)
    try:
        assert (info.name, info.source_lang, info.target_lang, info.entry_count) == ("mining names", "ZH", "EN", 2)
        assert info.ready
        assert info.glossary_id in [g.glossary_id for g in client.list_glossaries()]
        assert client.get_glossary(info.glossary_id).name == "mining names"
        assert client.get_glossary_entries(info) == CREATED

        results = client.translate_text(SENTENCES, source_lang="ZH", target_lang="EN-US", glossary=info)

        # The created glossary's terms, on top of the server's own.
        assert "Howard Lutnick" in results[0].text
        assert "Almaty Mining Works" in results[1].text
        assert all(SERVER_TERM[1] in r.text for r in results)
    finally:
        client.delete_glossary(info)
    assert info.glossary_id not in [g.glossary_id for g in client.list_glossaries()]
    with pytest.raises(deepl.GlossaryNotFoundException):
        client.get_glossary(info.glossary_id)


def test_glossary_from_csv(client: deepl.Translator) -> None:
    info = client.create_glossary_from_csv("csv", "ZH", "EN", '卢特尼克,"Lutnick, Howard"\n五矿,Minmetals,zh,en\n')
    try:
        assert client.get_glossary_entries(info) == {"卢特尼克": "Lutnick, Howard", "五矿": "Minmetals"}
    finally:
        client.delete_glossary(info)


def test_bad_glossary_entries_are_a_bad_request(client: deepl.Translator) -> None:
    with pytest.raises(deepl.DeepLException, match="line 2") as caught:
        client.create_glossary_from_csv("dup", "ZH", "EN", "五矿,Minmetals\n五矿,Five Metals\n")
    assert caught.value.http_status_code == 400


def test_glossary_language_pairs_languages_and_usage(client: deepl.Translator) -> None:
    pairs = client.get_glossary_languages()
    assert [(p.source_lang, p.target_lang) for p in pairs] == [("zh", "en")]
    assert [lang.code for lang in client.get_source_languages()] == ["ZH"]
    assert [lang.code for lang in client.get_target_languages()] == ["EN-GB", "EN-US"]
    before = client.get_usage().character.count
    client.translate_text("中国五矿", source_lang="ZH", target_lang="EN-US")
    assert client.get_usage().character.count == before + 4


def test_a_wrong_key_is_an_authorization_exception(server: Server) -> None:
    wrong = deepl.Translator("not-the-key", server_url=server.url)

    with pytest.raises(deepl.AuthorizationException) as caught:
        wrong.translate_text("中国五矿", target_lang="EN-US")
    assert caught.value.http_status_code == 403


def test_an_unknown_glossary(client: deepl.Translator) -> None:
    unknown = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(deepl.GlossaryNotFoundException):
        client.get_glossary(unknown)
    with pytest.raises(deepl.GlossaryNotFoundException):
        client.delete_glossary(unknown)
    with pytest.raises(deepl.DeepLException, match="Glossary not found") as caught:
        client.translate_text("中国五矿", source_lang="ZH", target_lang="EN-US", glossary=unknown)
    assert caught.value.http_status_code == 404


def test_an_oversized_request(client: deepl.Translator) -> None:
    with pytest.raises(deepl.DeepLException, match="413") as caught:
        client.translate_text("中国五矿。" * 5000, source_lang="ZH", target_lang="EN-US")  # past --max-body
    assert caught.value.http_status_code == 413


def test_more_than_50_texts(client: deepl.Translator) -> None:
    with pytest.raises(deepl.DeepLException) as caught:
        client.translate_text(["五矿"] * 51, source_lang="ZH", target_lang="EN-US")
    assert caught.value.http_status_code == 413


def test_tags_come_back_each_exactly_once(client: deepl.Translator) -> None:
    text = '<b>中国五矿</b>与<x id="1"/>签署协议<i>。</i><code>不译</code>'

    result = client.translate_text(text, source_lang="ZH", target_lang="EN-US", tag_handling="xml", ignore_tags="code")

    for tag in ("<b>", "</b>", '<x id="1"/>', "<i>", "</i>", "<code>不译</code>"):
        assert result.text.count(tag) == 1, result.text
    assert result.text.index("<b>") < result.text.index("</b>")
    assert SERVER_TERM[1] in result.text


def test_tags_that_do_not_nest_are_a_bad_request(client: deepl.Translator) -> None:
    with pytest.raises(deepl.DeepLException, match="never closed") as caught:
        client.translate_text("<b>中国五矿", source_lang="ZH", target_lang="EN-US", tag_handling="xml")
    assert caught.value.http_status_code == 400


def test_created_glossaries_survive_a_restart(tiny_model_dir, tmp_path) -> None:
    state = tmp_path / "state.sqlite"
    first = start_server(tiny_model_dir, state)
    try:
        info = deepl.Translator(first.key, server_url=first.url).create_glossary("kept", "ZH", "EN", CREATED)
    finally:
        assert first.stop() == 0
    second = start_server(tiny_model_dir, state)
    try:
        client = deepl.Translator(second.key, server_url=second.url)
        assert client.get_glossary_entries(info.glossary_id) == CREATED
        result = client.translate_text(SENTENCES[0], source_lang="ZH", target_lang="EN-US", glossary=info.glossary_id)
        assert "Howard Lutnick" in result.text
    finally:
        assert second.stop() == 0
