"""Link values quoted in notices show verbatim in Markdown (checked with a CommonMark parser)."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from dashboard.words.markup import no_maths, verbatim

INJECTIONS = ["[click](https://evil.example)", "**bold** _it_", "$x^2$", ":red[red]", "<script>alert(1)</script>",
              "a`b``c", "`edge`", "line\n# head\n- item", "&lt;b&gt;", "https://evil.example", "![img](x.png)",
              "'; DROP TABLE initiatives; --"]


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").renderInline(markdown)


@pytest.mark.parametrize("value", INJECTIONS)
def test_a_link_value_is_one_code_span_with_its_text(value):
    out = rendered(f"Ignored {verbatim(value)} in the link.")
    spans = re.findall(r"<code>(.*?)</code>", out)
    assert len(spans) == 1 and html.unescape(spans[0]) == " ".join(value.split())
    outside = out.replace(f"<code>{spans[0]}</code>", "")
    assert outside == "Ignored  in the link."  # no link, emphasis, image or HTML made of it


def test_long_and_empty_values():
    long = verbatim("x" * 500)
    assert long == "`" + "x" * 79 + "…`"
    assert verbatim("") == verbatim("  \n ") == "`(empty)`"


def test_no_maths_escapes_every_dollar_once():
    assert no_maths("2,3 M $US de cofinancement pour 0 US$") == r"2,3 M \$US de cofinancement pour 0 US\$"
    assert no_maths(r"already \$ escaped, and $") == r"already \$ escaped, and \$"
    assert no_maths("no money") == "no money"
