"""``glossmt serve --engine ray --replicas 2``: the same app on two Ray Serve replicas, driven by the ``deepl`` client.

A local Ray (two CPUs, one per replica) and the tiny model in CTranslate2 (a replica loads it in about a
second; importing torch would take each replica many). A glossary created through a request one replica
serves must be used by the requests every replica serves, and its deletion seen by every replica; the
state file keeps what was created; SIGTERM shuts Ray Serve down and the process exits 0. Which replica
answered is read from the request log each replica forwards to the server's stderr (Ray prefixes each
line with the replica's process id).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import deepl
import pytest

from glossmt.translate.serve.glossaries import GlossaryStore
from tests.translate.serve.conftest import Server, start_server

CREATED = {"卢特尼克": "Howard Lutnick"}
SENTENCE = "美国商务部长卢特尼克访问了中国五矿。"
ANSWERED = re.compile(r"\(ServeReplica:glossmt:glossmt pid=(\d+)\).*glossmt\.serve: POST /v2/translate 200 ")


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ray-serve") / "state.sqlite"


@pytest.fixture(scope="module")
def server(tiny_ct2_dir: Path, state: Path) -> Iterator[Server]:
    running = start_server(tiny_ct2_dir, state, "--engine", "ray", "--replicas", "2", env={"RAY_DEDUP_LOGS": "0"})
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def _no_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)
    monkeypatch.setattr(deepl.http_client, "min_connection_timeout", 300.0)


def replicas_that_answered(server: Server, wanted: int) -> set[str]:
    """The process ids of the replicas that logged a translation (Ray forwards their logs a little later)."""
    for _ in range(100):
        pids = {m.group(1) for line in list(server.log) if (m := ANSWERED.search(line))}
        if len(pids) >= wanted:
            break
        time.sleep(0.1)
    return pids


def test_a_glossary_created_through_one_replica_is_used_by_every_replica(server: Server, state: Path) -> None:
    client = deepl.Translator(server.key, server_url=server.url)
    kept = client.create_glossary("kept", "ZH", "EN", CREATED)
    gone = client.create_glossary("gone", "ZH", "EN", {"阿拉木图矿业": "Almaty Mining Works"})

    def translate(_: int) -> str:
        return client.translate_text(SENTENCE, source_lang="ZH", target_lang="EN-US", glossary=kept).text

    with ThreadPoolExecutor(4) as pool:  # requests at once: the proxy spreads them over both replicas
        texts = list(pool.map(translate, range(12)))

    assert all("Howard Lutnick" in t and "China Minmetals" in t for t in texts), texts
    assert len(replicas_that_answered(server, 2)) == 2, "".join(server.log)

    client.delete_glossary(gone)
    for _ in range(6):  # whichever replica answers, the glossary is gone (one made its terms before)
        with pytest.raises(deepl.DeepLException, match="Glossary not found") as caught:
            client.translate_text("阿拉木图矿业", source_lang="ZH", target_lang="EN-US", glossary=gone)
        assert caught.value.http_status_code == 404
    assert [g.name for g in client.list_glossaries()] == ["kept"]
    assert client.get_usage().character.count == 12 * len(SENTENCE)

    assert server.stop() == 0, "".join(server.log)
    assert not any("failed to shut down" in line for line in server.log), "".join(server.log)
    store = GlossaryStore(state)  # what the replicas created is in the file, after Ray is gone
    try:
        assert [info.name for info in store.list()] == ["kept"]
        assert store.entries(kept.glossary_id) == tuple(CREATED.items())
    finally:
        store.close()
