"""The memory's SQLite store: several processes share one file without corrupting it; prune; TMX."""

from __future__ import annotations

import io
import multiprocessing
import sqlite3
from pathlib import Path

import defusedxml.ElementTree as ET

from glossmt.translate.memory.store import Approved, Memory, Remembered, StoredTerm
from glossmt.translate.memory.tmx import write_tmx

WRITERS = 4
ENTRIES = 120
BATCH = 10
TERM = StoredTerm("钨", "钨", 2, 3, "tungsten", "model", True)


def _writer(path: str, worker: int) -> None:
    """Write ENTRIES entries in short transactions while reading the others' back."""
    seen = 0
    with Memory(path) as memory:
        for start in range(0, ENTRIES, BATCH):
            batch = [
                Remembered(f"句子{worker}-{i}", "ctx", f"sentence {worker}-{i}", (TERM,), "m", "s")
                for i in range(start, start + BATCH)
            ]
            memory.remember(batch)
            keys = [(f"句子{(worker + 1) % WRITERS}-{i}", "ctx") for i in range(ENTRIES)]
            seen = max(seen, len(memory.lookup(keys)))
    assert seen <= ENTRIES


def test_several_processes_share_one_memory(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    Memory(path).close()
    # fork: the children run this module's function without importing it again (pytest's importlib mode)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(str(path), w)) for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0] * WRITERS
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.close()
    with Memory(path) as memory:
        assert memory.stats().translations == WRITERS * ENTRIES
        found = memory.lookup([(f"句子{w}-{i}", "ctx") for w in range(WRITERS) for i in range(ENTRIES)])
    assert len(found) == WRITERS * ENTRIES
    assert found[("句子3-7", "ctx")].target == "sentence 3-7"
    assert found[("句子3-7", "ctx")].terms == (TERM,)


def test_prune_forgets_a_model_and_keeps_reviewed_entries(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.remember([Remembered("甲。", "c1", "A.", (), "old", "s"), Remembered("乙。", "c2", "B.", (), "new")])
        memory.approve([Approved("甲。", "Reviewed A.", "r.po:3")])
        assert memory.prune(model="old") == 1
        assert memory.prune(unused_days=1) == 0
        assert [e.model for e in memory.entries()] == ["new"]
        assert memory.approved(["甲。"])["甲。"].target == "Reviewed A."


def test_tmx_export_is_well_formed_and_escaped(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.remember([Remembered("甲<乙>&。", "c", 'A "<b>" & \x01c.', (), "model@1", "beams:1")])
        memory.approve([Approved("丙。", "Reviewed C.", "r.po:9")])
        stream = io.StringIO()
        assert write_tmx(memory, stream, "0.1.0") == 2
    root = ET.fromstring(stream.getvalue())
    assert root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "zh"
    units = root.findall("body/tu")
    segs = [[seg.text for seg in tu.iter("seg")] for tu in units]
    assert segs == [["丙。", "Reviewed C."], ["甲<乙>&。", 'A "<b>" & c.']]
    props = {p.get("type"): p.text for p in units[1].findall("prop")}
    assert props == {"x-glossmt-origin": "model", "x-glossmt-model": "model@1", "x-glossmt-settings": "beams:1"}


def _schema_one(path: Path) -> None:
    """A memory as glossmt wrote it before term reports: positional ``[how, present]`` flags."""
    from glossmt.translate.memory.opening import APPLICATION_ID, SCHEMA

    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    rows = [("钨很重要。", "c1", "Tungsten matters.", '[["model", true]]'), ("你好。", "c2", "Hello.", "[]")]
    db.executemany("INSERT INTO translations VALUES (?, ?, ?, ?, 'm', 's', 0, 0)", rows)
    db.execute("INSERT INTO approved VALUES ('甲。', 'A.', 'r.po:2', 0)")
    db.commit()
    db.close()


def test_a_schema_one_memory_is_upgraded_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    _schema_one(path)
    with Memory(path, read_only=True) as old:  # read as it is: entries without their terms, nothing changed
        assert [(e.source, e.terms) for e in old.entries()] == [("你好。", ()), ("钨很重要。", ())]
    said: list[str] = []
    with Memory(path, on_notice=said.append) as memory:
        assert [e.source for e in memory.entries()] == ["你好。"]  # the flags could not become reports
        assert [a.source for a in memory.approved_entries()] == ["甲。"]
        memory.remember([Remembered("钨很重要。", "c3", "Tungsten matters.", (TERM,), "m", "s")])
    assert said == [
        f"{path}: translation memory upgraded to schema 2 (term reports): 1 remembered translations with "
        "glossary terms dropped (translated again when met), 1 others and 1 reviewed translations kept"
    ]
    with Memory(path, on_notice=said.append) as again:  # upgraded once
        assert again.lookup([("钨很重要。", "c3")])[("钨很重要。", "c3")].terms == (TERM,)
    assert len(said) == 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    db.close()
