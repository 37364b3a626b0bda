"""``--engine ray`` on a local two-CPU Ray: the same lines as the single-process pass, field for field.

One Ray for the module on purpose: starting it costs seconds. Two replicas (actors), each loading the tiny
real model once, translate the new sentences; the second run (Parquet out, JSONL in) finds every sentence
in the memory and needs no replica at all. Unknown names are pinned as in one process, per document and
across the batch.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import ray
from typer.testing import CliRunner

from glossmt.translate.cli.app import app

runner = CliRunner()
LINES = ["托卡耶夫访问白宫。卢特尼克表示，钨很重要。", "", "美國商務部長盧特尼克表示。", "托卡耶夫访问白宫。", "钨。"]


# 努尔特列乌 is repeated in a.txt; 卡梅科 occurs once in each file: pinned only across the batch.
DOCUMENTS = {
    "a.txt": ["外长努尔特列乌表示欢迎。", "努尔特列乌说，项目很重要。", "据卡梅科介绍，钨矿开发顺利。"],
    "b.txt": ["卡梅科与哈萨克斯坦签署协议。", "托卡耶夫总统接见了赫尔伯格。"],
}


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_engine_writes_what_one_process_writes(tiny_model_dir: Path, local_ray, tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    base = ["translate", "--model", str(tiny_model_dir), "--beams", "1", "--batch-size", "2"]
    local = runner.invoke(app, [*base, "--format", "jsonl", "--memory", str(tmp_path / "one.sqlite"), str(source)])
    assert local.exit_code == 0, local.stderr
    expected = [json.loads(line) for line in local.stdout.splitlines()]
    assert len(expected) == len(LINES)

    memory = ["--memory", str(tmp_path / "ray.sqlite")]
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, [*base, "--engine", "ray", "--replicas", "2", *memory, str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert got == expected  # line by line, every field: target, terms, counts, signature
    assert [r["from_memory"] for r in got] == [0, 0, 0, 1, 0]  # 托卡耶夫访问白宫。 was translated once

    records = tmp_path / "in.jsonl"
    records.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in LINES), encoding="utf-8")
    table = tmp_path / "out.parquet"
    again = runner.invoke(app, [*base, "--engine", "ray", *memory, str(records), "-o", str(table)])
    assert again.exit_code == 0, again.stderr
    rows = pq.read_table(table).to_pylist()
    assert [r["target"] for r in rows] == [r["target"] for r in expected]
    assert [r["terms"] for r in rows] == [r["terms"] for r in expected]
    assert [r["from_memory"] for r in rows] == [r["sentences"] for r in expected]


@pytest.mark.parametrize(("consistency", "pinned"), [("document", {"努尔特列乌"}), ("batch", {"努尔特列乌", "卡梅科"})])
def test_ray_engine_pins_unknown_names_as_one_process_does(
    tiny_model_dir: Path, local_ray, tmp_path: Path, consistency: str, pinned: set[str]
) -> None:
    inputs = []
    for name, lines in DOCUMENTS.items():
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        inputs.append(str(tmp_path / name))
    base = ["translate", "--model", str(tiny_model_dir), "--beams", "1", "--consistency", consistency, "-q"]
    one = ["-f", "jsonl", "--memory", str(tmp_path / "one.sqlite"), *inputs, "-o", str(tmp_path / "local")]
    local = runner.invoke(app, [*base, *one])
    assert local.exit_code == 0, local.stderr
    candidates = tmp_path / "pinned.po"
    ray_run = [*base, "--engine", "ray", "--memory", str(tmp_path / "ray.sqlite"), "--candidates", str(candidates)]
    result = runner.invoke(app, [*ray_run, *inputs, "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    for path in inputs:
        written = (tmp_path / "local" / Path(path).with_suffix(".en.jsonl").name).read_text(encoding="utf-8")
        expected = [json.loads(line) for line in written.splitlines()]
        got = [{k: v for k, v in r.items() if k != "input"} for r in records if r["input"] == path]
        assert got == expected  # every field: target, terms (pinned ones included), signature
    reports = [t for r in records for t in r["terms"] if t["how"] == "pinned"]
    assert {t["source"] for t in reports} == pinned
    assert all(t["present"] for t in reports)
    assert len({t["target"] for t in reports if t["source"] == "卡梅科"}) <= 1  # one rendering across the batch
    assert all(f'msgid "{name}"' in candidates.read_text(encoding="utf-8") for name in pinned)


def test_more_gpus_per_replica_than_the_cluster_offers_fails_at_once(tiny_model_dir: Path, local_ray, tmp_path: Path):
    """Issue 26: Ray would wait for the GPUs forever; the run says so instead, before any work (exit 2)."""
    source = tmp_path / "in.txt"
    source.write_text("钨。\n", encoding="utf-8")
    wanted = ray.cluster_resources().get("GPU", 0.0) + 1
    out = tmp_path / "out.jsonl"
    args = ["translate", "--model", str(tiny_model_dir), "--engine", "ray", "--gpus-per-replica", f"{wanted:g}"]
    result = runner.invoke(app, [*args, "--no-memory", str(source), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: --gpus-per-replica {wanted:g}, but the Ray cluster offers")
    assert result.stderr.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize("consistency", ["document", "batch"])
def test_ray_rows_are_the_sessions_results(
    tiny_translator, tiny_model_dir: Path, shipped_glossary, local_ray, consistency: str
) -> None:
    """The library: translate_rows through a session equals that session's own documents, result for result."""
    from glossmt.glossary.compiled import Compiled
    from glossmt.translate.memory.store import Memory
    from glossmt.translate.mt.pinning import Consistency
    from glossmt.translate.mt.pipeline import Options
    from glossmt.translate.scale.ray_engine import Replicas, translate_rows
    from glossmt.translate.scale.tables import Row
    from glossmt.translate.session import Pinning, Session

    options = Options(beams=1, batch_size=2)
    compiled = Compiled.of(shipped_glossary)
    pinning = Pinning(Consistency(consistency))
    replicas = Replicas(str(tiny_model_dir), "cpu", "transformers", "auto", (), shipped_glossary.digest(), options)
    rows = [Row(name, n, text) for name, lines in DOCUMENTS.items() for n, text in enumerate(lines, 1)]
    with Memory(":memory:") as one, Memory(":memory:") as other:
        local = Session(tiny_translator, compiled, options=options, memory=one, pinning=pinning)
        texts = [(name, "\n".join(lines)) for name, lines in DOCUMENTS.items()]
        pins = local.decide_pins(texts) if consistency == "batch" else None
        expected = [r for name, lines in DOCUMENTS.items() for r in local.stream(lines, name=name, pins=pins)]
        on_ray = Session(tiny_translator, compiled, options=options, memory=other, pinning=pinning)
        got = [result for _, result in translate_rows(rows, replicas, on_ray)]
    assert got == expected  # every field: English, term reports (pinned ones too), sentences, origins
    assert on_ray.tally == local.tally
    assert [p.candidate.zh for p in on_ray.pins] == [p.candidate.zh for p in local.pins]
