"""The page shell: one HTML file that opens from disk, needs no network and runs only its own code.

Pages are Jinja templates with autoescaping on; every page extends ``base.html``, which inlines
``page.css`` and ``page.js`` (one stylesheet and one script for both pages: tooltips, the filter,
keyboard navigation) and a Content-Security-Policy that allows exactly those two, by their SHA-256
hashes: nothing injected into the page can run, even if escaping were ever missed.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import jinja2

from glossmt.translate.page.marks import marked


def _asset(name: str) -> str:
    return (resources.files(__package__) / name).read_text(encoding="utf-8")


def csp_hash(code: str) -> str:
    """The CSP source expression that allows exactly this inline ``code``."""
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@cache
def _assets() -> tuple[str, str, str]:
    css, js = _asset("page.css"), _asset("page.js")
    policy = (
        f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return css, js, policy


@cache
def environment(*packages: str) -> jinja2.Environment:
    """Templates from this package and from each of ``packages`` (their ``templates/`` folder)."""
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader(p, "templates") for p in packages]
    loaders.append(jinja2.PackageLoader(__package__ or "glossmt.translate.page", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["marked"] = marked
    return env


def render_page(package: str, template: str, context: Mapping[str, Any]) -> str:
    """Render ``template`` (from ``package``'s templates) into a complete, self-contained page."""
    css, js, policy = _assets()
    page = environment(package).get_template(template)
    return page.render(**context, page_css=css, page_js=js, page_policy=policy)
