"""``--engine ray`` on a local two-CPU Ray: the same lines as the single-process pass, field for field.

One test on purpose: starting Ray costs seconds. Two replicas (actors), each loading the tiny real model
once, translate the new sentences; the second run (Parquet out, JSONL in) finds every sentence in the
memory and needs no replica at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import ray
from typer.testing import CliRunner

from glossmt.translate.cli.app import app

runner = CliRunner()
LINES = ["托卡耶夫访问白宫。卢特尼克表示，钨很重要。", "", "美國商務部長盧特尼克表示。", "托卡耶夫访问白宫。", "钨。"]


def test_ray_engine_writes_what_one_process_writes(tiny_model_dir: Path, tiny_translator, tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    base = ["translate", "--model", str(tiny_model_dir), "--beams", "1", "--batch-size", "2"]
    local = runner.invoke(app, [*base, "--format", "jsonl", "--memory", str(tmp_path / "one.sqlite"), str(source)])
    assert local.exit_code == 0, local.stderr
    expected = [json.loads(line) for line in local.stdout.splitlines()]
    assert len(expected) == len(LINES)

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
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
    finally:
        ray.shutdown()
