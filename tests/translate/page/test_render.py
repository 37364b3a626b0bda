"""The page shell: the Content-Security-Policy allows exactly the page's own inline style and script."""

from __future__ import annotations

import html
import re

from glossmt.translate.page.render import csp_hash, render_page


def test_the_policy_allows_only_the_inline_style_and_script_by_hash() -> None:
    page = render_page("glossmt.translate.page", "base.html", {"title": "<t>"})
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    text = html.unescape(policy.group(1))
    directives = dict(d.strip().split(" ", 1) for d in text.split(";"))
    (style,) = re.findall(r"<style>(.*?)</style>", page, re.S)
    (script,) = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == csp_hash(style)
    assert directives["script-src"] == csp_hash(script)
    assert "unsafe" not in text
    assert "<title>&lt;t&gt;</title>" in page
    assert page.index("Content-Security-Policy") < page.index("<style>")


def test_the_page_needs_no_network() -> None:
    page = render_page("glossmt.translate.page", "base.html", {"title": "t"})
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "@import" not in page
    assert "url(" not in page
