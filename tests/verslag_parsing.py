"""Read rendered minutes back with real parsers: markdown-it-py for Markdown, html5lib for HTML.

The report tests compare documents as *structure plus text*: for Markdown the token stream
(block tokens, and the kinds of inline tokens), for HTML the stream of start tags with their
attributes, text and end tags. Two documents with the same structure differ only in text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import html5lib
from markdown_it import MarkdownIt
from markdown_it.token import Token

_MARKDOWN = MarkdownIt("commonmark").enable("table")

# Inline tokens that carry (or are) plain text; every other inline token is markup.
_TEXTUAL = {"text", "softbreak", "hardbreak"}


def parse_markdown(text: str) -> list[Token]:
    return _MARKDOWN.parse(text)


def inline_text(token: Token) -> str:
    """The text of an inline token as a reader sees it: a hard line break is '\\n', a soft
    one (a bare newline in the source, which renderers show as a space) is a space."""
    out = []
    for child in token.children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "code_inline":
            out.append(child.content)
    return "".join(out)


def markdown_structure(tokens: list[Token]) -> list[tuple[str, ...]]:
    """Every block token, and inside inline tokens every markup token; text runs count once."""
    out: list[tuple[str, ...]] = []
    for token in tokens:
        if token.type != "inline":
            out.append((token.type, token.tag, token.markup))
            continue
        previous_textual = False
        for child in token.children or []:
            textual = child.type in _TEXTUAL
            if textual and previous_textual:
                continue
            out.append(("text",) if textual else (child.type, child.tag, child.markup))
            previous_textual = textual
    return out


def inline_texts(tokens: list[Token]) -> list[str]:
    return [inline_text(t) for t in tokens if t.type == "inline"]


def sections(tokens: list[Token]) -> list[tuple[str, str]]:
    """(tag, text) of every heading, in order."""
    out = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            out.append((token.tag, inline_text(tokens[index + 1])))
    return out


def table_after(tokens: list[Token], heading: str) -> list[list[str]]:
    """The body rows (cell texts) of the first table after the heading with this text."""
    start = next(
        i
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and inline_text(tokens[i + 1]) == heading
    )
    rows: list[list[str]] = []
    in_body = False
    for token in tokens[start:]:
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tbody_close":
            return rows
        elif in_body and token.type == "tr_open":
            rows.append([])
        elif in_body and token.type == "inline":
            rows[-1].append(inline_text(token))
    raise AssertionError(f"geen tabel na {heading!r}")


# --- HTML ----------------------------------------------------------------------------------


def parse_html(text: str) -> ET.Element:
    document: ET.Element = html5lib.parse(text, namespaceHTMLElements=False)
    return document


def html_events(root: ET.Element) -> list[tuple[Any, ...]]:
    """start (tag, sorted attributes), text and end events of the whole tree, in order."""
    out: list[tuple[Any, ...]] = []

    def walk(element: ET.Element) -> None:
        out.append(("start", element.tag, tuple(sorted(element.attrib.items()))))
        if element.text:
            out.append(("text", element.text))
        for child in element:
            walk(child)
            if child.tail:
                out.append(("text", child.tail))
        out.append(("end", element.tag))

    walk(root)
    return out


def elements(root: ET.Element) -> Iterator[ET.Element]:
    return root.iter()


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def has_class(element: ET.Element, name: str) -> bool:
    return name in element.get("class", "").split()


def next_element(root: ET.Element, element: ET.Element) -> ET.Element | None:
    """The element sibling that follows ``element``."""
    for parent in root.iter():
        children = list(parent)
        if element in children:
            index = children.index(element)
            return children[index + 1] if index + 1 < len(children) else None
    return None
