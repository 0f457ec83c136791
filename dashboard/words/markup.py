"""Text from a link or a file, made harmless where it goes: shown in Streamlit's Markdown exactly as it came
(notices quote link values), and written to a CSV that no spreadsheet will run as a formula."""

from __future__ import annotations

import re


def verbatim(value: str, limit: int = 80) -> str:
    """value as a Markdown code span: no link, emphasis, maths, colour or HTML in it takes effect (a shared link
    could otherwise put a clickable link in the app's own words); on one line and at most limit characters."""
    flat = " ".join(value.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    if not flat:
        return "`(empty)`"
    fence = "`" * (max(map(len, re.findall("`+", flat)), default=0) + 1)  # longer than any run of ` inside
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(value: str, limit: int = 200) -> str:
    """value as plain words in Markdown: every character Markdown (or Streamlit's colours, maths and icons) would
    read is escaped, so a title from a file cannot become a link, an image, HTML or emphasis."""
    flat = " ".join(str(value).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def no_maths(sentence: str) -> str:
    """The app's own sentence for Streamlit's Markdown with every $ escaped: two amounts in one paragraph
    ("2,3 M $US … 0 US$" in French) would otherwise read as the delimiters of a formula and render between them
    as maths. A $ already escaped (plain()) stays as it is."""
    return re.sub(r"(?<!\\)\$", r"\\$", sentence)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """Text a spreadsheet would run as a formula ('=HYPERLINK(…)', from an uploaded file) starts with a quote
    (OWASP's advice on CSV injection); anything else as it is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value
