"""``glossmt serve`` under load on loopback, against offline ``glossmt translate`` on the same sentences.

The model is the random opus-mt-zh-en-shaped one of bench_translate.py, converted to CTranslate2 int8 (built
once; ``--model-dir`` reuses it). Offline: glossmt's pass over every sentence at once (what ``glossmt
translate`` runs, ``translate_workloads.glossmt_run``), in its own process. Online: ``glossmt serve`` on
127.0.0.1, and 1, 8 and 32 concurrent clients, each sending one sentence per request (DeepL's
``/v2/translate``, keep-alive connections) until every sentence has been sent once. Both sides use the
shipped glossary, the cascade and the same beams.

Offline is measured before and after the load levels (the machine may be shared) and their mean is the
baseline. Checked for every response: status 200, one translation, and its term report naming exactly the glossary
terms of *its* sentence (found here with the same matcher), each present: a response given to the wrong
request, lost or duplicated is counted. Printed: sentences/s, the ratio to offline, p50/p99 latency.

Then the drain: 32 clients again, SIGTERM to the server once about half the sentences are answered. Every
request sent before the signal must be answered 200 (none lost); requests sent after it are refused by the
closed socket (counted, not errors); the server must exit 0.

With ``--ray-replicas N``, the largest client count again against ``glossmt serve --engine ray --replicas N``
(a local Ray; each replica one CPU and its own model) as one more row, and its drain too.

    .venv/bin/python benchmarks/bench_serve.py [--sentences 192] [--clients 1,8,32] [--beams 1] [--model-dir DIR]
        [--ray-replicas N]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_translate import build_model, convert_model, ct2_dir
from translate_workloads import bench_sentences

READY = "glossmt serve: listening on "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sentences", type=int, default=192)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16, help="offline --batch-size (the server gathers its own)")
    parser.add_argument("--source", default="corpora", choices=["corpora", "ntrex", "mixed"])
    parser.add_argument("--model-dir", type=Path)
    parser.add_argument("--no-drain", action="store_true", help="skip the SIGTERM-under-load check")
    parser.add_argument("--ray-replicas", type=int, default=0, help="also serve on Ray Serve with N replicas")
    parser.add_argument("--offline-worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.offline_worker:
        offline_worker(json.loads(args.offline_worker))
        return
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = args.model_dir or Path(tmp) / "opus-mt-sized"
        if not (model_dir / "config.json").exists():
            build_model(model_dir)
        convert_model(model_dir)
        model = ct2_dir(model_dir)
        sentences = bench_sentences(args.sentences, args.source)
        cores = os.cpu_count()
        print(f"{len(sentences)} sentences from {args.source}, beams {args.beams}, ct2 int8, {cores} CPU cores")
        # The machine may be shared: offline is measured before and after the load, and the mean is the baseline.
        before = run_offline(model, sentences, args)
        print(f"offline glossmt translate: {before:.2f} sent/s (batch size {args.batch_size})", flush=True)
        expected = expected_terms(sentences)
        loads = []
        levels = [(int(c), ()) for c in args.clients.split(",")]
        if args.ray_replicas:
            levels.append((levels[-1][0], ray_args(args)))
        for clients, extra in levels:
            server = Server.start(model, args.beams, Path(tmp) / f"state-{clients}-{len(extra)}.sqlite", *extra)
            load = Load(server.port, sentences, expected, clients, label=f"{clients} {_engine(extra)}".strip())
            load.run()
            assert server.stop() == 0, "the server did not exit 0"
            loads.append((load, server.batch_size()))
            print(f"{load.label} clients: {len(load.answers) / load.seconds:.2f} sent/s", flush=True)
        after = run_offline(model, sentences, args)
        offline = (before + after) / 2
        print(f"offline again: {after:.2f} sent/s; baseline {offline:.2f} sent/s", flush=True)
        print("\n| clients | sent/s | vs offline | p50 ms | p99 ms | ok | lost | wrong | duplicated | texts/batch |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for load, per_batch in loads:
            load.report(offline, per_batch)
        if not args.no_drain:
            drain(model, sentences, expected, args, Path(tmp))
            if args.ray_replicas:
                drain(model, sentences, expected, args, Path(tmp), ray_args(args))


def ray_args(args: argparse.Namespace) -> tuple[str, ...]:
    return ("--engine", "ray", "--replicas", str(args.ray_replicas))


def _engine(extra: tuple[str, ...]) -> str:
    return f"(Ray Serve, {extra[-1]} replicas)" if extra else ""


def run_offline(model: Path, sentences: list[str], args: argparse.Namespace) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write("\n".join(sentences))
    config = {"model": str(model), "sentences": handle.name, "beams": args.beams, "batch_size": args.batch_size}
    command = [sys.executable, __file__, "--offline-worker", json.dumps(config)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    os.unlink(handle.name)
    if done.returncode != 0:
        raise SystemExit(f"offline run failed:\n{done.stderr[-3000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def offline_worker(config: dict) -> None:
    from translate_workloads import glossmt_run

    sentences = Path(config["sentences"]).read_text(encoding="utf-8").splitlines()
    result = glossmt_run(
        Path(config["model"]), sentences, beams=config["beams"], batch_size=config["batch_size"], device="cpu",
        glossary=True, strategy="cascade", backend="ct2",
    )  # fmt: skip
    print(result.per_second)


def expected_terms(sentences: list[str]) -> list[list[tuple[str, int, int]]]:
    """Per sentence, the glossary terms a correct response reports: (concept, start, end)."""
    from glossmt.glossary.loading import load_compiled

    matcher = load_compiled(None).matcher()
    return [[(m.concept, m.start, m.end) for m in matcher.find(s)] for s in sentences]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: list[str]
    reader: threading.Thread

    @classmethod
    def start(cls, model: Path, beams: int, state: Path, *extra: str) -> Server:
        command = [sys.executable, "-c", "from glossmt.translate.cli.entry import main; main()", "serve"]
        command += ["--model", str(model), "--port", "0", "--beams", str(beams), "--no-memory"]
        command += ["--state", str(state), "--timeout", "900", *extra]  # throughput is measured, not the timeout
        process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        log: list[str] = []
        ready = threading.Event()
        port: list[int] = []

        def read() -> None:
            assert process.stderr is not None
            for line in process.stderr:
                log.append(line)
                if line.startswith(READY):
                    port.append(int(line.rsplit(":", 1)[1]))
                    ready.set()
            ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        ready.wait(300)
        if not port:
            raise SystemExit("the server did not start:\n" + "".join(log[-20:]))
        return cls(process, port[0], log, reader)

    def batch_size(self) -> float:
        """Texts per model batch, from the line the server (each Ray Serve replica) logs when it stops."""
        found = [m for line in self.log if (m := re.search(r"stopped after (\d+) batches, (\d+) texts", line))]
        return sum(int(m[2]) for m in found) / max(sum(int(m[1]) for m in found), 1)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(120)
        self.reader.join(30)  # its last lines (the batch count) read
        return code


@dataclass
class Load:
    """``clients`` threads sending each sentence once, one per request, and checking every answer."""

    port: int
    sentences: list[str]
    expected: list[list[tuple[str, int, int]]]
    clients: int
    answers: dict[int, int] = field(default_factory=dict)  # sentence index → answers received
    latencies: list[float] = field(default_factory=list)
    wrong: int = 0
    statuses: dict[int, int] = field(default_factory=dict)  # answers other than 200, by status
    status_of: dict[int, int] = field(default_factory=dict)  # sentence index → its (last) answer's status
    refused: int = 0
    sent_at: dict[int, float] = field(default_factory=dict)
    seconds: float = 0.0
    stop_after: int | None = None  # the drain: signal once this many are answered
    label: str = ""
    on_half: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        lock = threading.Lock()
        todo = iter(range(len(self.sentences)))

        def client() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            while True:
                with lock:
                    index = next(todo, None)
                if index is None:
                    break
                body = json.dumps({"text": [self.sentences[index]], "source_lang": "ZH", "target_lang": "EN-US"})
                started = time.perf_counter()
                with lock:
                    self.sent_at[index] = time.monotonic()
                try:
                    connection.request("POST", "/v2/translate", body, {"Content-Type": "application/json"})
                    response = connection.getresponse()
                    payload = response.read()
                except (ConnectionError, http.client.HTTPException, OSError):
                    with lock:
                        self.refused += 1
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
                    continue
                elapsed = time.perf_counter() - started
                right = response.status == 200 and self._right(index, json.loads(payload))
                with lock:
                    self.answers[index] = self.answers.get(index, 0) + 1
                    self.latencies.append(elapsed)
                    self.wrong += not right
                    self.status_of[index] = response.status
                    if response.status != 200:
                        self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
                    if self.stop_after is not None and len(self.answers) >= self.stop_after:
                        self.on_half.set()
            connection.close()

        threads = [threading.Thread(target=client) for _ in range(self.clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.seconds = time.perf_counter() - started

    def _right(self, index: int, answer: dict) -> bool:
        translations = answer.get("translations", [])
        if len(translations) != 1 or not translations[0]["text"]:
            return False
        terms = translations[0]["glossmt"]["terms"]
        got = [(t["concept"], t["start"], t["end"]) for t in terms]
        return got == self.expected[index] and all(t["present"] for t in terms if t["how"] != "draft")

    def report(self, offline: float, per_batch: float) -> None:
        rate = len(self.answers) / self.seconds
        ordered = sorted(self.latencies)
        p50 = ordered[len(ordered) // 2] * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        lost = len(self.sentences) - len(self.answers)
        duplicated = sum(n - 1 for n in self.answers.values())
        ok = sum(self.answers.values()) - self.wrong
        print(
            f"| {self.label or self.clients} | {rate:.2f} | {rate / offline:.2f}× | {p50:.0f} | {p99:.0f} | {ok} "
            f"| {lost} | {self.wrong} | {duplicated} | {per_batch:.1f} |",
            flush=True,
        )


def drain(  # noqa: PLR0917
    model: Path, sentences: list[str], expected: list, args: argparse.Namespace, tmp: Path, extra: tuple[str, ...] = ()
) -> None:
    server = Server.start(model, args.beams, tmp / f"state-drain-{len(extra)}.sqlite", *extra)
    load = Load(server.port, sentences, expected, 32, stop_after=len(sentences) // 2)
    runner = threading.Thread(target=load.run)
    runner.start()
    load.on_half.wait(600)
    signalled = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    runner.join()
    code = server.process.wait(120)
    before = [i for i, at in load.sent_at.items() if at < signalled]
    lost = [i for i in before if i not in load.answers]
    failed = Counter(load.status_of[i] for i in before if load.status_of.get(i, 200) != 200)
    after = Counter(status for i, status in load.status_of.items() if i not in before)
    print(
        f"\nSIGTERM under load (32 clients{', ' + _engine(extra) if extra else ''}): "
        f"{len(before)} requests sent before the signal, {len(lost)} lost, "
        f"{sum(failed.values())} answered other than 200 ({dict(failed) or 'none'}), "
        f"{load.wrong} wrong in all; after it {sum(after.values())} answered ({dict(after) or 'none'}) "
        f"and {load.refused} refused; server exit {code}",
        flush=True,
    )


if __name__ == "__main__":
    main()
