"""``glossmt models convert``: make the fast CTranslate2 copy of a Marian model, once.

    glossmt models convert Helsinki-NLP/opus-mt-zh-en -o models/opus-mt-zh-en-ct2
    glossmt translate --model models/opus-mt-zh-en-ct2 a.txt     # --backend auto picks ct2

The model is found as ``glossmt translate`` finds it (a local folder, or the local Hugging Face cache);
a missing one exits 4 with the way to get it.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from glossmt.translate.mt.backends import BACKENDS

if TYPE_CHECKING:
    from glossmt.translate.cli.translate import ComputeType as Quantization
else:  # the ct2 backend's compute types (glossmt.translate.mt.backends)
    Quantization = StrEnum("Quantization", {name.upper(): name for name in BACKENDS["ct2"].compute_types})


def convert_command(
    model: Annotated[str, typer.Argument(metavar="MODEL", help="Hub id (in the local cache) or Marian folder.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write the converted model to.")],
    quantization: Annotated[
        Quantization, typer.Option("--quantization", help="Weight type stored: int8 is fastest on CPU.")
    ] = Quantization.INT8,
    force: Annotated[bool, typer.Option("--force", help="Replace the output folder if it exists.")] = False,
) -> None:
    """Convert a Marian model to CTranslate2 (tokenizer files and source revision kept beside it)."""
    from glossmt.translate.mt.ct2.convert import convert
    from glossmt.translate.mt.locate import resolve_model

    location = resolve_model(model)
    folder = convert(location, output, quantization=quantization.value, force=force)
    typer.echo(f"converted {location.signature} ({quantization.value}) to {folder}", err=True)
    typer.echo(f"use it with: glossmt translate --model {folder}", err=True)
