"""Reading TBX, normal and hostile: how long, and how much memory, before terms or a refusal?

Generates each file in a temporary folder and reads it with ``glossmt glossary import FILE -o /dev/null``'s
reader (``glossmt.glossary.formats.tbx.read``) in a fresh process, printing seconds, peak RSS and the
outcome. The hostile shapes are issue 13's: 200,000 nested ``conceptEntry`` elements (7 MB), 100,000
nested ``note`` elements, the same at 50 MB, and 50 MB of empty elements in one entry or between entries.

    .venv/bin/python benchmarks/bench_tbx.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

OPEN = '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n'
CLOSE = "</body></text></tbx>\n"
ENTRY = (
    '<conceptEntry id="c{i}"><descrip type="subjectField">person</descrip><langSec xml:lang="zh"><termSec>'
    '<term>卢特尼克{i}</term></termSec></langSec><langSec xml:lang="en"><termSec><term>Lutnick {i}</term>'
    '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec></conceptEntry>\n'
)


def flat(entries: int) -> str:
    return OPEN + "".join(ENTRY.format(i=i) for i in range(entries)) + CLOSE


def nested(tag: str, depth: int) -> str:
    return OPEN + f'<{tag} id="a">' * depth + f"</{tag}>" * depth + CLOSE


def junk(megabytes: int, *, in_entry: bool) -> str:
    body = "<x/>" * (megabytes * 1_000_000 // 4)
    return OPEN + (f'<conceptEntry id="j">{body}</conceptEntry>' if in_entry else body) + CLOSE


CASES = {
    "50,000 flat entries": lambda: flat(50_000),
    "200,000 nested conceptEntry (7 MB)": lambda: nested("conceptEntry", 200_000),
    "100,000 nested note": lambda: nested("note", 100_000),
    "1,400,000 nested conceptEntry (50 MB)": lambda: nested("conceptEntry", 1_400_000),
    "50 MB of empty elements in one entry": lambda: junk(50, in_entry=True),
    "50 MB of empty elements between entries": lambda: junk(50, in_entry=False),
}

PROBE = """
import sys, time
sys.path.insert(0, sys.argv[2])
from translate_workloads import peak_rss_mb
from glossmt.glossary.errors import TermFileError
from glossmt.glossary.formats.tbx import read
began = time.perf_counter()
try:
    outcome = f"{len(read(sys.argv[1])):,} terms"
except TermFileError as exc:
    outcome = f"exit 3: {exc.message} (line {exc.line})"
took = time.perf_counter() - began
peak = peak_rss_mb()
print(f"{took:.2f} | {peak:.0f} | {outcome}")
"""


def main() -> None:
    print("| file | size MB | seconds | peak RSS MB | outcome |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, make in CASES.items():
            path = Path(folder) / "case.tbx"
            path.write_text(make(), encoding="utf-8")
            size = path.stat().st_size / 1e6
            run = subprocess.run(
                [sys.executable, "-c", PROBE, str(path), str(Path(__file__).parent)],
                check=False,
                capture_output=True,
                text=True,
                timeout=600,
            )
            print(f"| {name} | {size:.1f} | {run.stdout.strip() or run.stderr.strip()[-200:]} |", flush=True)


if __name__ == "__main__":
    main()
