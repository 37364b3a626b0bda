"""``glossmt serve``: the translation pass as a DeepL- and LibreTranslate-compatible HTTP server.

    glossmt serve --model models/opus-mt-zh-en-ct2 --port 8080      # 127.0.0.1 only, no key needed
    GLOSSMT_SERVE_KEYS=secret glossmt serve --host 0.0.0.0          # other machines: a key is required
    glossmt serve --engine ray --replicas 4 --model models/opus-mt-zh-en-ct2   # the same app on Ray Serve

The library is :mod:`glossmt.translate.serve`; this is the edge: options to a :class:`ServerConfig` and an
:class:`Engine`, the model found first (a missing one exits 4), then serving until SIGTERM or Ctrl-C.
docs/serve.md says how to point the ``deepl`` client, Weblate and a CAT tool at it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from glossmt.glossary.errors import UsageError
from glossmt.translate.cli.options import GlossaryOption, MemoryOption
from glossmt.translate.cli.translate import Backend, ComputeType, Device, Engine
from glossmt.translate.mt.pipeline import MAX_BATCH_SIZE, MAX_BEAMS, Options
from glossmt.translate.mt.results import Strategy

EPILOG = "Keys: --keys FILE (one a line) or $GLOSSMT_SERVE_KEYS; never on the command line. See docs/serve.md."


def serve_command(  # noqa: PLR0917 (typer passes options by keyword)
    host: Annotated[str, typer.Option("--host", help="Address to listen on; other than loopback needs keys.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0: any free one, printed).")] = 8080,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="Hub id or local folder. Default: $GLOSSMT_MODEL, else opus-mt-zh-en."),
    ] = None,
    backend: Annotated[Backend, typer.Option("--backend", help="auto: ct2 for a converted folder.")] = Backend.AUTO,
    compute_type: Annotated[ComputeType, typer.Option("--compute-type", help="ct2 only.")] = ComputeType.AUTO,
    device: Annotated[Device, typer.Option("--device", help="Where the model runs.")] = Device.AUTO,
    threads: Annotated[int, typer.Option("--threads", min=0, help="CPU threads (0: the backend's default).")] = 0,
    beams: Annotated[int, typer.Option("--beams", min=1, max=MAX_BEAMS, help="Beam size; 1 is greedy.")] = 4,
    batch_size: Annotated[
        int,
        typer.Option("--batch-size", min=1, max=MAX_BATCH_SIZE, help="Texts in one model call, at most."),
    ] = 64,
    strategy: Annotated[Strategy, typer.Option("--strategy", help="cascade or direct, as in translate.")] = (
        Strategy.CASCADE
    ),
    glossary: GlossaryOption = None,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help="No server glossary (created ones apply).")] = (
        False
    ),
    memory: MemoryOption = None,
    no_memory: Annotated[bool, typer.Option("--no-memory", help="No translation memory.")] = False,
    state: Annotated[
        Path | None,
        typer.Option(
            "--state",
            help="SQLite file of created glossaries and usage. Default: the user data folder's.",
        ),
    ] = None,
    keys: Annotated[Path | None, typer.Option("--keys", help="File of auth keys, one a line.")] = None,
    no_auth: Annotated[bool, typer.Option("--no-auth", help="Serve other machines without keys.")] = False,
    max_body: Annotated[int, typer.Option("--max-body", min=1024, help="Bytes of one request body, at most.")] = (
        128 * 1024
    ),
    max_queue: Annotated[int, typer.Option("--max-queue", min=1, help="Texts waiting for the model; past it: 429.")] = (
        1024
    ),
    max_wait_ms: Annotated[
        float, typer.Option("--max-wait-ms", min=0, help="Milliseconds a batch waits for more requests.")
    ] = 5.0,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds a request may wait; past it: 504.")] = (
        60.0
    ),
    character_limit: Annotated[
        int, typer.Option("--character-limit", min=0, help="Characters translated before 456 (0: no limit).")
    ] = 0,
    log_texts: Annotated[bool, typer.Option("--log-texts", help="Write the texts into the request log.")] = False,
    engine: Annotated[Engine, typer.Option("--engine", help="local: this process; ray: Ray Serve replicas.")] = (
        Engine.LOCAL
    ),
    replicas: Annotated[
        int, typer.Option("--replicas", min=1, help="Ray Serve replicas, each its own model (--engine ray).")
    ] = 1,
    debug: Annotated[bool, typer.Option("--debug", help="Tracebacks in the server's log (never to clients).")] = False,
) -> None:
    """Serve translation over DeepL's API v2 and LibreTranslate's, every glossary term guaranteed."""
    from glossmt.translate.memory.store import memory_path
    from glossmt.translate.serve.engine import Recipe
    from glossmt.translate.serve.keys import check_exposure, read_keys
    from glossmt.translate.serve.limits import Limits, ServerConfig
    from glossmt.translate.serve.run import serve

    if replicas > 1 and engine is not Engine.RAY:
        raise UsageError("--replicas needs --engine ray", hint="pass --engine ray, or drop --replicas")
    if no_glossary and glossary:
        raise UsageError("-g/--glossary and --no-glossary contradict each other", hint="pass one of them")
    secrets = read_keys(keys)
    check_exposure(host, secrets, no_auth)
    compiled = None if no_glossary else _load(glossary)
    options = Options(beams=beams, batch_size=batch_size, strategy=strategy)
    recipe = Recipe(
        model, device.value, backend.value, compute_type.value, threads, compiled, options,
        memory_path(memory, disabled=no_memory),
    )  # fmt: skip
    limits = Limits(
        max_body=max_body,
        max_queue=max_queue,
        max_batch=batch_size,
        max_wait=max_wait_ms / 1000,
        timeout=timeout,
        character_limit=character_limit,
    )
    config = ServerConfig(host, port, state or _default_state(), secrets, limits, log_texts)
    if engine is Engine.RAY:
        from glossmt.translate.serve.ray_serve import serve_ray

        serve_ray(config, recipe, replicas=replicas, debug=debug)
    else:
        serve(config, recipe.engine(), debug=debug)


def _load(glossary: list[Path] | None):
    from glossmt.glossary.loading import load_compiled

    return load_compiled(glossary)


def _default_state() -> Path:
    from platformdirs import user_data_path

    return user_data_path("glossmt", appauthor=False) / "serve.sqlite"
