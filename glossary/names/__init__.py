"""Names the glossary does not know: ranked English candidates for a Chinese name, with their evidence.

:class:`NameOracle` (:mod:`.oracle`) answers from the glossary, CC-CEDICT and a learned name model
(:mod:`.model`, trained by :mod:`.training` from open name pairs; shipped as data in ``data/``).
:mod:`.generics` renders 上/北/州/矿床 … in the house style; :mod:`.spelling` compares Latin spellings.
Model-free of machine translation, and free of torch. See docs/names.md.
"""

from glossmt.glossary.names.candidates import NameCandidate, Source
from glossmt.glossary.names.oracle import ACCEPT, NameOracle, NameOrigin
from glossmt.glossary.names.spelling import same_name, spelling_key

__all__ = ["ACCEPT", "NameCandidate", "NameOracle", "NameOrigin", "Source", "same_name", "spelling_key"]
