"""Shared test set-up: no network, no progress bars, hypothesis profiles, and the shipped glossary.

Hypothesis: the ``ci`` profile (loaded when ``CI=true``) is derandomized, so a CI run is
reproducible and a failure reruns the same way; ``dev`` (the default) explores new examples each run
and keeps failing ones in ``.hypothesis/``. Neither has a deadline: the translation property tests
decode with a real model, and timing is for benchmarks. ``HYPOTHESIS_PROFILE`` picks one by name.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from hypothesis import settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.pop("GLOSSMT_GLOSSARY", None)
os.environ.pop("GLOSSMT_MODEL", None)
# No shared translation memory between tests (and none in the user's cache): tests that use one name it.
# The guarantee and pinning properties run with one, cold and warm (tests/translate/test_session.py,
# tests/translate/mt/test_pinning.py, tests/translate/test_one_pass.py): the default path users run.
os.environ["GLOSSMT_MEMORY"] = "off"
# Compiled glossaries go to a folder of this session's own (so every later load reads the cache, as a
# user's second run does), never to the user's cache folder.
os.environ["GLOSSMT_CACHE"] = tempfile.mkdtemp(prefix="glossmt-test-cache-")
atexit.register(shutil.rmtree, os.environ["GLOSSMT_CACHE"], ignore_errors=True)

settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev"))


@pytest.fixture(scope="session")
def shipped_glossary():
    from glossmt.glossary.loading import load_glossary

    return load_glossary()
