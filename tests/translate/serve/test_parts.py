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


def test_two_stores_on_one_file_see_each_others_writes(tmp_path) -> None:
    one, two = GlossaryStore(tmp_path / "state.sqlite"), GlossaryStore(tmp_path / "state.sqlite")
    try:
        info = one.create("n", "ZH", "EN", (("五矿", "Minmetals"),))
        one.add_usage(5)
        two.add_usage(7)

        assert two.entries(info.id) == (("五矿", "Minmetals"),)
        assert one.usage() == two.usage() == 12
        two.delete(info.id)
        with pytest.raises(ApiError) as caught:
            one.get(info.id)
        assert caught.value.status == 404
    finally:
        one.close()
        two.close()


def test_the_keeper_sends_api_errors_back_as_values(tmp_path) -> None:
    from glossmt.translate.serve.ray_serve import Keeper

    keeper = Keeper(tmp_path / "state.sqlite")  # the actor's class, called here without Ray
    try:
        ok, info = keeper.call("create", "n", "ZH", "EN", (("五矿", "Minmetals"),))
        assert ok
        assert keeper.call("entries", info.id) == (True, (("五矿", "Minmetals"),))
        assert keeper.call("get", "nope") == (False, (404, "Glossary not found.", "", None))
    finally:
        keeper.close()


@pytest.mark.parametrize(
    ("offered", "replicas", "gpus", "words"),
    [
        ({"CPU": 2.0}, 3, 0, ["--replicas 3 need 3 CPUs", "offers 2", "--replicas 2 or fewer"]),
        ({"CPU": 8.0}, 2, 1, ["--replicas 2 need 2 GPUs", "offers 0", "--device cpu"]),
    ],
    ids=["cpus", "gpus"],
)
def test_replicas_the_cluster_cannot_hold_are_refused_at_once(offered, replicas, gpus, words) -> None:
    from glossmt.glossary.errors import UsageError
    from glossmt.translate.serve.ray_serve import check_resources

    with pytest.raises(UsageError) as caught:
        check_resources(offered, replicas, 1, gpus)
    for word in words:
        assert word in str(caught.value) + str(caught.value.hint)
    check_resources(offered, min(replicas, 2), 1, 0)  # what fits is accepted


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
