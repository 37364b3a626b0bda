"""Countries and territories by their Chinese names, from the Unicode CLDR (through babel).

CC-CEDICT glosses a country by its name alone (萨尔瓦多: "El Salvador"), which says nothing of its type, and
the name data has 萨尔瓦多 as the given name Salvador too: the CLDR's list is what says it is a place.
"""

from __future__ import annotations

from functools import cache


@cache
def country_names() -> frozenset[str]:
    """The Chinese (simplified) names of the CLDR's countries and territories; regions (世界, 非洲) left out."""
    from babel import Locale

    return frozenset(name for code, name in Locale.parse("zh").territories.items() if code.isalpha())
