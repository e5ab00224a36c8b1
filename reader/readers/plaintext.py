"""Plain text (including text extracted from a PDF) and Markdown -> model (``reader import`` is :mod:`reader.app.importer`).

The conventions, with examples, are in ``docs/import.md``. Plain text: lines are joined (CJK without
a space), page-break splits undone, paragraphs found from indentation or blank lines, numbered
headings (一、 (一) 1.) made sections and subsections, artefact spaces normalised. Markdown: ``#``
title, ``##`` sections, ``###`` subsections, paragraphs; a block quote right after a heading or
paragraph is that unit's English translation. Units without one are untranslated.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import Block, Edition, Emph, Inline, Link, Metadata, Node, Section, Sentence, Text, Unit
from ..runtime.safeio import MAX_BYTES, display_name
from ..text.han import CJK_CLASS
from ..text.segment import detect_script, paragraph
from .paragraphs import (  # noqa: F401  (re-exported)
    H1,
    H2,
    H_ARABIC,
    SENT_END,
    blank_lines_are_artefacts,
    paragraphs,
)
from .tei.parse import decode_text, read_bytes

CJK = CJK_CLASS
_CJK_CH = re.compile(f"[{CJK}]")
LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")  #: a BCP 47 tag, loosely
EDITORIAL_TXT = (
    "Imported from plain text by reader import: hard-wrapped lines were joined (Chinese without a space); "
    "blank lines between wrapped lines were removed; page-break splits (a line beginning with a stray space) "
    "were undone; paragraph boundaries were taken from indentation or blank lines and the indentation removed; "
    "artefact spaces between Chinese and digits or Latin letters, inside and around parentheses, after "
    "section numbers and at line ends were removed. Spaces between Latin words and in the byline are kept."
)
EDITORIAL_MD = "Imported from Markdown by reader import; no characters were changed."


#: markup the TEI writer adds at least for each sentence: ``<s xml:id="zh-p1-s1">`` and ``</s>``
MARKUP_PER_SENTENCE = 24
_SENTENCE_ENDS = re.compile(r"[。！？!?]+")

# each pattern starts with its literal space, so the regex engine skips ahead to spaces
_SPACE_RUNS = re.compile(r"[ \t]{2,}|\t")
_CJK_SPACE = re.compile(f" (?<=[{CJK}] )(?=[{CJK}A-Za-z0-9(])")
_LATIN_SPACE = re.compile(f" (?<=[A-Za-z0-9.,)] )(?=[{CJK}])")
_PAREN_SPACE = re.compile(r" (?<=[(（] )| (?=[)）])")


def normalise_spaces(s: str) -> str:
    """Remove PDF-extraction artefact spaces; keep spaces between Latin words."""
    if "\t" in s or "  " in s:
        s = _SPACE_RUNS.sub(" ", s)
    s = s.strip()
    if " " not in s:
        return s
    s = _CJK_SPACE.sub("", s)
    s = _LATIN_SPACE.sub("", s)
    return _PAREN_SPACE.sub("", s)


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: no space where either side is CJK, one space between Latin words."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not _CJK_CH.match(out[-1]) and not _CJK_CH.match(line[0]):
            out += " "
        out += line
    return out


class _Ids:
    def __init__(self) -> None:
        self.section = 0
        self.sub = 0
        self.para = 0

    def prefix(self) -> str:
        if not self.section:
            return "front"
        return f"s{self.section}" + (f"-{self.sub}" if self.sub else "")


def _unit(uid: str, text: str, lang: str = "zh-Hant-TW", inlines: tuple[Inline, ...] | None = None) -> Unit:
    return Unit(uid, lang, (Sentence(None, inlines if inlines is not None else (Text(text),)),))


def import_text(text: str, source: str = "", lang: str | None = None, title: str | None = None) -> Edition:
    """Plain text (PDF-extracted or not) -> an untranslated Edition; ``lang`` None: detect the script.

    The title is ``title`` when given, else a short first line without sentence-final punctuation
    (or a ``#`` heading); it never falls back to the file name when the text has one.
    """
    lang = lang or detect_script(text)
    paras = paragraphs(text)
    front: list[Node] = []
    given_title = (title or "").strip()
    title = author = affiliation = ""
    if paras and paras[0].kind == "title":
        title = normalise_spaces(join_lines(paras.pop(0).lines))
        front.append(Block("title", _unit("zh-title", title, lang)))
    sections: list[Section] = []
    tail: list[Node] = []
    ids = _Ids()
    # title and byline: short lines before the first heading that do not read as prose
    while paras and paras[0].kind == "p" and len(join_lines(paras[0].lines)) <= 60 and not ids.section:
        s = join_lines(paras[0].lines)
        if SENT_END.search(s) or (title and author):
            break
        paras.pop(0)
        if not title:
            title = normalise_spaces(s)
            front.append(Block("title", _unit("zh-title", title, lang)))
        else:
            byline = re.sub(r"\s+", " ", s).strip()
            affiliation, _, author = byline.rpartition(" ")
            front.append(Block("byline", _unit("zh-byline", byline, lang)))
    stack: list[tuple[str | None, str | None, int, Block | None, list[Node]]] = []

    def close(level: int) -> None:
        while stack and stack[-1][2] >= level:
            sid, n, lvl, head, kids = stack.pop()
            sec = Section(sid, n, lvl, head, tuple(kids))
            (stack[-1][4] if stack else sections).append(sec)  # type: ignore[arg-type]

    for p in paras:
        body = normalise_spaces(join_lines(p.lines))
        if p.kind.startswith("head"):
            level = int(p.kind[-1])
            close(level)
            if level == 1:
                ids.section, ids.sub, ids.para = ids.section + 1, 0, 0
            else:
                ids.sub, ids.para = ids.sub + 1, 0
            sid = f"zh-{ids.prefix()}"
            n = str(ids.section if level == 1 else ids.sub)
            stack.append((sid, n, level, Block("head", _unit(f"{sid}-head", body, lang)), []))
            continue
        if body.startswith(("編按", "编按")):
            close(1)
            tail.append(Block("note", _unit("zh-ednote" if not tail else f"zh-ednote{len(tail) + 1}", body, lang)))
            continue
        ids.para += 1
        block = paragraph(f"zh-{ids.prefix()}-p{ids.para}", lang, (Text(body),))
        if stack:
            stack[-1][4].append(block)
        else:
            front.append(block)
    close(1)
    if given_title:
        title = given_title
        front = [n for n in front if not (isinstance(n, Block) and n.kind == "title")]
        front.insert(0, Block("title", _unit("zh-title", title, lang)))
    meta = Metadata(
        slug=Path(source).stem if source else "imported",
        title=title,
        author=author,
        affiliation=affiliation,
        editorial=EDITORIAL_TXT,
        lang=lang,
    )
    return Edition(meta, (*front, *sections, *tail), source=source)


def load_input(path: Path, lang: str | None = None, title: str | None = None) -> Edition:
    """Read a .txt or .md file into an Edition (UTF-8 only); ``lang`` None: detect the script.

    ``title`` overrides the title the text gives (or its lack of one).
    """
    data = read_bytes(path)
    text = decode_text(data, str(path))  # invalid UTF-8 and control characters: path:line:col
    least = len(data) + MARKUP_PER_SENTENCE * len(_SENTENCE_ENDS.findall(text))
    if least > MAX_BYTES:  # refused before the model is built: 20 MB of short sentences took 4.4 GB
        raise InputError(
            f"its TEI would be at least {least} bytes, over the {MAX_BYTES}-byte limit that reader check "
            "and build apply to a text: split it into several files",
            str(path),
        )
    if not text.strip():
        raise InputError("the file is empty", str(path), 1, 1)
    if path.suffix.lower() in (".md", ".markdown"):
        from .markdown import markdown_problems

        for line, msg in markdown_problems(text, "an imported text")[:1]:
            raise InputError(msg, str(path), line + 1, 1)
        return _retitled(import_markdown(text, display_name(path), lang), title)
    if path.suffix.lower() not in (".txt", ".text", ""):
        raise InputError(f"cannot import {path.suffix!r} files: use .txt or .md", str(path))
    return import_text(text, display_name(path), lang, title)


def _retitled(edition: Edition, title: str | None) -> Edition:
    """The edition with ``title`` as its title (its title block replaced or added), if given."""
    if not (title or "").strip():
        return edition
    from dataclasses import replace

    assert title is not None
    block = Block("title", _unit("zh-title", title.strip(), edition.metadata.lang))
    rest = [n for n in edition.children if not (isinstance(n, Block) and n.kind == "title")]
    meta = replace(edition.metadata, title=title.strip())
    return replace(edition, metadata=meta, children=(block, *rest))


# --- Markdown -----------------------------------------------------------------------------------


def _md_inlines(children: list, lang: str) -> tuple[Inline, ...]:  # type: ignore[type-arg]
    """markdown-it inline tokens -> model inlines (emphasis, links; breaks joined as for plain text)."""
    stack: list[tuple[str, list[Inline], str]] = [("", [], "")]
    for tok in children:
        kind = tok.type
        if kind in ("em_open", "strong_open", "link_open"):
            stack.append((kind, [], str(tok.attrs.get("href", "")) if kind == "link_open" else ""))
        elif kind in ("em_close", "strong_close", "link_close") and len(stack) > 1:
            opened, kids, href = stack.pop()
            node: Inline = Link(href, tuple(kids)) if opened == "link_open" else Emph(tuple(kids))
            stack[-1][1].append(node)
        elif kind in ("softbreak", "hardbreak"):
            stack[-1][1].append(Text("\n"))
        elif kind in ("text", "code_inline") and tok.content:
            stack[-1][1].append(Text(tok.content))
    while len(stack) > 1:  # unbalanced input: keep the text
        _, kids, _ = stack.pop()
        stack[-1][1].extend(kids)
    merged: list[Inline] = []  # adjacent Text merged, every other node kept: a Text test, no visitor
    for n in stack[0][1]:
        if isinstance(n, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + n.text)
        else:
            merged.append(n)
    out: list[Inline] = []
    for n in merged:
        if isinstance(n, Text) and "\n" in n.text:
            n = Text(join_lines(n.text.split("\n")) if lang.startswith("zh") else " ".join(n.text.split()))
        out.append(n)
    return tuple(out)


def import_markdown(text: str, source: str = "", lang: str | None = None) -> Edition:
    """Markdown -> Edition; a block quote after a heading or paragraph is its English translation.
    ``lang`` None: detect the script."""
    lang = lang or detect_script(text)
    from .markdown import tokens

    toks = tokens(text)
    items: list[tuple[str, int, tuple[Inline, ...], list[tuple[Inline, ...]]]] = []  # kind, level, zh, en
    depth = 0
    kind, level = "p", 0
    for tok in toks:
        if tok.type == "blockquote_open":
            depth += 1
        elif tok.type == "blockquote_close":
            depth -= 1
        elif tok.type == "heading_open":
            kind, level = "head", int(tok.tag[1])
        elif tok.type == "paragraph_open":
            kind, level = "p", 0
        elif tok.type == "inline":
            if depth:
                if items:
                    items[-1][3].append(_md_inlines(tok.children or [], "en"))
                continue
            items.append((kind, level, _md_inlines(tok.children or [], lang), []))
        elif tok.type in ("code_block", "fence") and tok.content.strip():
            # an indented paragraph (four spaces make a code block in Markdown) or fenced text: kept
            # as a paragraph of plain text, never dropped (issue #19)
            lines = [line.strip() for line in tok.content.strip("\n").split("\n")]
            if depth:
                if items:
                    items[-1][3].append((Text(" ".join(line for line in lines if line)),))
                continue
            joined = join_lines(lines) if lang.startswith("zh") else " ".join(line for line in lines if line)
            items.append(("p", 0, (Text(joined),), []))
    ids = _Ids()
    front: list[Node] = []
    sections: list[Section] = []
    stack: list[tuple[str, str, int, Block, list[Node]]] = []
    title = title_en = ""

    def close(lvl: int) -> None:
        while stack and stack[-1][2] >= lvl:
            sid, n, sl, head, kids = stack.pop()
            sec = Section(sid, n, sl, head, tuple(kids))
            (stack[-1][4] if stack else sections).append(sec)

    def block(kind: str, uid: str, zh: tuple[Inline, ...], en: list[tuple[Inline, ...]]) -> Block:
        trans = tuple(
            Unit(("en" + uid[2:]) + (f"-{i + 1}" if i else ""), "en", (Sentence(None, e),)) for i, e in enumerate(en)
        )
        return Block(kind, Unit(uid, lang, (Sentence(None, zh),)), trans)

    for kind, level, zh, en in items:
        if kind == "head" and level == 1 and not title:
            title = "".join(n.text for n in zh if isinstance(n, Text))
            title_en = " ".join("".join(n.text for n in e if isinstance(n, Text)) for e in en)
            front.append(block("title", "zh-title", zh, en))
            continue
        if kind == "head":
            lvl = 1 if level <= 2 else 2
            close(lvl)
            if lvl == 1:
                ids.section, ids.sub, ids.para = ids.section + 1, 0, 0
            else:
                ids.sub, ids.para = ids.sub + 1, 0
            sid = f"zh-{ids.prefix()}"
            stack.append(
                (sid, str(ids.section if lvl == 1 else ids.sub), lvl, block("head", f"{sid}-head", zh, en), [])
            )
            continue
        ids.para += 1
        b = paragraph(f"zh-{ids.prefix()}-p{ids.para}", lang, zh, en)
        (stack[-1][4] if stack else front).append(b)
    close(1)
    meta = Metadata(
        slug=Path(source).stem if source else "imported",
        title=title,
        title_en=title_en,
        editorial=EDITORIAL_MD,
        lang=lang,
    )
    return Edition(meta, (*front, *sections), source=source)
