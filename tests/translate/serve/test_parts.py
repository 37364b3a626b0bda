"""The server's small parts alone: glossary entries, DeepL's tagged texts, keys, request bodies."""

from __future__ import annotations

import pytest

from glossmt.translate.mt.tags import Kind, Tag
from glossmt.translate.serve.glossaries import GlossaryStore, parse_entries, terms_of
from glossmt.translate.serve.keys import KeyRing, check_exposure, read_keys
from glossmt.translate.serve.markup import parse, write
from glossmt.translate.serve.protocol import ApiError, parse_body


@pytest.mark.parametrize(
    ("text", "fmt", "entries"),
    [
        ("五矿\tMinmetals\n卢特尼克\tHoward Lutnick\n", "tsv", (("五矿", "Minmetals"), ("卢特尼克", "Howard Lutnick"))),
        (" 五矿 \t Minmetals \n\n", "tsv", (("五矿", "Minmetals"),)),
        ('五矿,"Minmetals, China",zh,en\n', "csv", (("五矿", "Minmetals, China"),)),
    ],
    ids=["tsv", "tsv-stripped", "csv-quoted"],
)
def test_entries_read(text: str, fmt: str, entries: tuple) -> None:
    assert parse_entries(text, fmt) == entries


@pytest.mark.parametrize(
    ("text", "fmt", "detail"),
    [
        ("五矿\tMinmetals\n五矿\tFive Metals\n", "tsv", "line 2: the source '五矿' is given twice"),
        ("五矿\t\n", "tsv", "line 1: an entry needs both"),
        ("五矿\tA\tB\n", "tsv", "line 1: expected source<TAB>target"),
        ("五矿,A,B\n", "csv", "line 1: expected source,target"),
        ("五\x07矿\tA\n", "tsv", "line 1: control characters"),
        ("", "tsv", "no entry"),
    ],
    ids=["repeated", "empty-target", "three-columns", "three-csv-columns", "control", "empty"],
)
def test_bad_entries_name_their_line(text: str, fmt: str, detail: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_entries(text, fmt)
    assert caught.value.status == 400
    assert caught.value.detail.startswith(detail)


def test_entries_with_one_english_share_a_concept() -> None:
    terms = terms_of("g1", (("五矿", "Minmetals"), ("中国五矿", "Minmetals"), ("卢特尼克", "Lutnick")))

    assert [t.concept for t in terms] == ["glossary:g1:Minmetals", "glossary:g1:Minmetals", "glossary:g1:Lutnick"]


def test_store_keeps_glossaries_and_usage_in_its_file(tmp_path) -> None:
    path = tmp_path / "state.sqlite"
    store = GlossaryStore(path)
    info = store.create("n", "ZH", "EN", (("五矿", "Minmetals"),))
    store.add_usage(12)
    store.close()

    again = GlossaryStore(path)
    assert again.get(info.id) == info
    assert again.entries(info.id) == (("五矿", "Minmetals"),)
    assert again.usage() == 12
    again.delete(info.id)
    with pytest.raises(ApiError):
        again.get(info.id)


def test_tagged_text_parts() -> None:
    parts = parse('<b a="1>2">中国</b>&amp;<x id="3"/><br><code>不 <i>译</i></code>', "html", ["code"])

    assert parts == (
        Tag(Kind.OPEN, 0, '<b a="1>2">'),
        "中国",
        Tag(Kind.CLOSE, 0, "</b>"),
        "&",
        Tag(Kind.STANDALONE, 1, '<x id="3"/>'),
        Tag(Kind.STANDALONE, 2, "<br>"),
        Tag(Kind.STANDALONE, 3, "<code>不 <i>译</i></code>"),
    )
    assert write(parts) == '<b a="1>2">中国</b>&amp;<x id="3"/><br><code>不 <i>译</i></code>'


def test_english_from_the_model_is_escaped() -> None:
    assert write(("a <script> & b",)) == "a &lt;script&gt; &amp; b"


@pytest.mark.parametrize("text", ["<b>中国", "中国</b>", "<b><i>中</b></i>", "<code>中"], ids=str)
def test_tags_that_do_not_nest_are_refused(text: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse(text, "xml", ["code"])
    assert caught.value.status == 400


def test_keys_are_checked_against_every_key() -> None:
    ring = KeyRing(frozenset({"alpha", "beta"}))

    assert ring.allows("beta")
    assert not ring.allows("bet")
    assert not ring.allows(None)
    assert KeyRing(frozenset()).allows(None)


def test_keys_from_a_file_and_from_the_environment(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "keys"
    path.write_text("# ours\nalpha\n\n beta \n", encoding="utf-8")
    monkeypatch.setenv("GLOSSMT_SERVE_KEYS", "gamma, delta")

    assert read_keys(path) == {"alpha", "beta"}
    assert read_keys(None) == {"gamma", "delta"}


def test_serving_other_machines_needs_a_key_or_no_auth() -> None:
    from glossmt.glossary.errors import UsageError

    with pytest.raises(UsageError, match="no key is set"):
        check_exposure("0.0.0.0", frozenset(), no_auth=False)
    check_exposure("0.0.0.0", frozenset({"k"}), no_auth=False)
    check_exposure("0.0.0.0", frozenset(), no_auth=True)
    check_exposure("::1", frozenset(), no_auth=False)


def test_body_then_query_parameters() -> None:
    params = parse_body(b"text=a&text=b", "application/x-www-form-urlencoded", [("text", "q"), ("type", "target")])

    assert params.many("text") == ["a", "b"]
    assert params.one("type") == "target"
