"""One way to say how an output was made: translate's and check's signatures come from the same record."""

from __future__ import annotations

import pytest

from glossmt.glossary.model import Glossary, Origin, Term
from glossmt.translate.check.checker import Checker
from glossmt.translate.mt.writers import RunInfo
from glossmt.translate.signature import Signature, glossmt_version


def test_fields_and_signatures_are_spliced_in_order() -> None:
    engine = Signature.of(("backend", "ct2"), ("compute", "int8"))
    assert str(Signature.of(("glossmt", "1"), engine, ("beams", 4))) == "glossmt:1|backend:ct2|compute:int8|beams:4"
    assert not Signature()
    assert str(Signature()) == ""


@pytest.mark.parametrize(
    ("engine", "expected"),
    [
        (Signature(), "glossmt:1.0|model:tiny@abc|glossary:none|beams:4"),
        (
            Signature.of(("backend", "ct2"), ("compute", "int8")),
            "glossmt:1.0|backend:ct2|compute:int8|model:tiny@abc|glossary:none|beams:4",
        ),
    ],
    ids=["no-engine", "ct2"],
)
def test_a_translation_run_signs_its_engine_between_version_and_model(engine: Signature, expected: str) -> None:
    assert RunInfo("1.0", "tiny@abc", None, 4, engine).signature == expected


def test_the_checker_signs_its_glossary_and_threshold() -> None:
    glossary = Glossary.of([Term(source="甲", target="Alpha", concept="alpha", origin=Origin("t.po", 1))])
    signature = str(Checker(glossary, threshold=85.5).signature)
    assert signature == f"glossary:{glossary.digest()}|terms:1|threshold:85.5"


def test_the_version_is_the_installed_one() -> None:
    from importlib.metadata import version

    assert glossmt_version() == version("glossmt")
