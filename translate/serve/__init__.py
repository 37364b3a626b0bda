"""``glossmt serve``: the translation pass behind DeepL's and LibreTranslate's HTTP APIs, glossary guaranteed.

CAT tools, Weblate and scripts already speak DeepL's protocol (and self-hosted setups LibreTranslate's);
this package answers both, so they get glossmt's guarantee without knowing glossmt. The parts, each a module:

    limits       the server's settings and bounds (:class:`Limits`, :class:`ServerConfig`)
    keys         auth keys from a file or the environment, compared in constant time
    glossaries   DeepL glossaries: entries parsed (TSV, CSV), kept in SQLite, each a glossary the pass enforces
    batcher      requests gathered into model batches: a bounded queue, a wait of a few milliseconds
    engine       one gathered batch through the translation pass (and the translation memory)
    protocol     the errors both APIs answer with, and the body parsing they share
    deepl_api    DeepL API v2: translate, languages, glossaries, usage
    libre_api    LibreTranslate: /translate, /languages
    app          the Starlette application: auth, body caps, request logs without texts, no tracebacks
    run          uvicorn, warm-up, SIGTERM drains what was accepted
    ray_serve    ``--engine ray``: the same app on Ray Serve replicas, the state file owned by one actor

Nothing here imports torch: the model is loaded by the translation pass's backends when the server starts.
"""
