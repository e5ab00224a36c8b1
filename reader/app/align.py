"""``reader align ORIGINAL TRANSLATION -o OUT.xml [--report R.json] [--review R.html]``.

Reads both sides with the project's readers (TEI, or plain text and Markdown through the importers),
checks that each is there and in the right language, aligns them (:mod:`reader.transforms.align`),
refuses two texts that do not correspond, and writes the TEI, the report and the review page, each
atomically and only once everything has succeeded.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError, ReaderError
from ..model import Edition, Glossary, Inline, Text, plain_text
from .defaults import DEFAULT_GLOSSARY

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def _edition_text(ed: Edition) -> str:
    return "\n".join(plain_text(s.inlines) for b in ed.blocks() for s in b.original.sentences)


def load_original(path: Path) -> Edition:
    """The original side: a TEI text (its own translation, if any, is set aside), or .txt / .md."""
    if path.suffix.lower() == ".xml":
        from ..readers.tei.read import load_text

        ed = load_text(path)
    else:
        from ..readers.plaintext import load_input

        ed = load_input(path)
    text = _edition_text(ed)
    if not text.strip():
        raise InputError("the original is empty", str(path), 1, 1)
    han, latin = len(_HAN.findall(text)), len(_LATIN.findall(text))
    if han < 0.5 * (han + latin):
        raise InputError(
            f"the original is not Chinese ({han} Chinese characters, {latin} Latin letters): "
            "pass the Chinese text first, then its translation",
            str(path),
            1,
            1,
        )
    return ed


def load_translation(path: Path) -> list[tuple[Inline, ...]]:
    """The translation side as paragraphs: TEI (its translation units, or its body), .md or .txt."""
    paras: list[tuple[Inline, ...]]
    if path.suffix.lower() == ".xml":
        from ..readers.tei.read import load_text

        ed = load_text(path)
        blocks = ed.blocks()
        units = [u for b in blocks for u in b.translation] or [b.original for b in blocks]
        paras = [tuple(x for s in u.sentences for x in _spaced(s.inlines)) for u in units]
    else:
        text = _read_text(path)
        if path.suffix.lower() in (".md", ".markdown"):
            from ..readers.plaintext import import_markdown

            ed = import_markdown(text, str(path), "en")
            paras = [tuple(x for s in b.original.sentences for x in _spaced(s.inlines)) for b in ed.blocks()]
        else:
            from ..readers.english import english_paragraphs

            paras = [(Text(p),) for p in english_paragraphs(text)]
    paras = [p for p in paras if plain_text(p).strip()]
    text = "\n".join(plain_text(p) for p in paras)
    if not text.strip():
        raise InputError("the translation is empty", str(path), 1, 1)
    han, latin = len(_HAN.findall(text)), len(_LATIN.findall(text))
    if latin < 0.8 * (han + latin):
        raise InputError(
            f"the translation is not English ({latin} Latin letters, {han} Chinese characters)", str(path), 1, 1
        )
    return paras


def _read_text(path: Path) -> str:
    """A .txt or .md file's text (UTF-8 only; Markdown checked as the importers check it)."""
    from ..readers.tei.parse import decode_text, read_bytes

    text = decode_text(read_bytes(path), str(path))
    if not text.strip():
        raise InputError("the translation is empty", str(path), 1, 1)
    if path.suffix.lower() in (".md", ".markdown"):
        from ..readers.markdown import markdown_problems

        for line, msg in markdown_problems(text, "a translation")[:1]:
            raise InputError(msg, str(path), line + 1, 1)
    elif path.suffix.lower() not in (".txt", ".text", ""):
        raise InputError(f"cannot read {path.suffix!r} files: use .xml, .txt or .md", str(path))
    return text


def _spaced(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A sentence's inlines followed by the space that separated it from the next."""
    return (*inlines, Text(" "))


def _glossary(args: argparse.Namespace) -> tuple[Glossary | None, Path | None]:
    from ..readers.glossary import load_glossary

    if args.glossary:
        gpath = Path(args.glossary)
        if not gpath.is_file():
            raise ReaderError(f"no glossary at {str(gpath)!r}", str(gpath))
        return load_glossary(gpath), gpath
    if DEFAULT_GLOSSARY.is_file():
        return load_glossary(DEFAULT_GLOSSARY), DEFAULT_GLOSSARY
    return None, None


def align_files(
    original: Path, translation: Path, glossary: Glossary | None, glossary_path: Path | None, output: Path
) -> tuple[bytes, dict[str, Any]]:
    """Align two files; the TEI bytes and the report. Raises on bad input or texts that do not correspond."""
    from ..transforms.align import align_texts
    from ..transforms.align.report import CORRESPONDENCE_THRESHOLD, report
    from ..writers.tei.write import write_tei
    from .importer import glossary_href

    ed = load_original(original)
    paras = load_translation(translation)
    aligned, al = align_texts(ed, paras, glossary)
    median = al.median_score()
    if median < CORRESPONDENCE_THRESHOLD:
        raise InputError(
            f"the two texts do not correspond: the median link score is {median:.2f}, below "
            f"{CORRESPONDENCE_THRESHOLD} (is {translation.name} a translation of {original.name}?)",
            str(translation),
            1,
            1,
        )
    from dataclasses import replace

    meta = replace(
        aligned.metadata, translator=f"the published translation ({translation.name}), aligned by reader align"
    )
    aligned = replace(aligned, metadata=meta)
    href = glossary_href(glossary_path, output) if glossary_path else "glossary.xml"
    note = f"Aligned by reader align: {original.name} with its translation {translation.name}."
    data = write_tei(aligned, href, note)
    return data, report(al, al.en_ids, str(original), str(translation))


def align_command(args: argparse.Namespace) -> int:
    """Run ``reader align``."""
    from .output import write_atomic

    original, translation, out = Path(args.original), Path(args.translation), Path(args.output)
    glossary, gpath = _glossary(args)
    data, rep = align_files(original, translation, glossary, gpath, out)
    review = None
    if args.review:
        from ..writers.review import render_review

        review = render_review(rep, f"{original.name} ↔ {translation.name}")
    write_atomic(out, data)
    if args.report:
        write_atomic(args.report, json.dumps(rep, ensure_ascii=False, indent=1) + "\n")
    if review is not None:
        write_atomic(args.review, review)
    s = rep["summary"]
    shapes = ", ".join(f"{k} {v}" for k, v in s["shapes"].items())
    print(
        f"wrote {out}: {s['sentence_links']} sentence links ({shapes}); {s['weak']} weak;"
        f" median score {s['median_score']:.2f}",
        file=sys.stderr,
    )
    return 0
