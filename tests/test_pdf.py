"""The PDF edition (issue #6), tested by reading the PDF: fonts, text per column, outline, metadata,
glossary page numbers, the URL fetcher, the font check, paper sizes and the Simplified edition."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from reader.errors import OutputError, ReaderError
from reader.model import Edition, Glossary, Inline, Note, Text, plain_text
from reader.readers.glossary import load_glossary
from reader.readers.tei.read import load_text
from reader.resources import templates_dir
from reader.writers.pdf import document, fetcher
from reader.writers.pdf import render as pdf

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
MINI = FIXTURES / "mini.xml"
MINI_GLOSSARY = FIXTURES / "glossary" / "glossary.xml"
ARTICLE = ROOT / "texts" / "beijing-winter-olympics-home-summit.xml"
GLOSSARY = ROOT / "glossary" / "glossary.xml"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Built:
    """A text, its glossary and the PDF rendered from them, saved to disk for poppler."""

    edition: Edition
    glossary: Glossary
    path: Path


@cache
def _read(text: Path, glossary: Path) -> tuple[Edition, Glossary]:
    gl = load_glossary(glossary)
    return load_text(text, set(gl.by_id)), gl


def _build(tmp: Path, text: Path, glossary: Path, **kw: str) -> Built:
    edition, gl = _read(text, glossary)
    out = tmp / f"{text.stem}-{'-'.join(kw.values()) or 'default'}.pdf"
    out.write_bytes(pdf.render_pdf(edition, gl, **kw))
    return Built(edition, gl, out)


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory.mktemp("pdf"), MINI, MINI_GLOSSARY)


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if not (ARTICLE.is_file() and GLOSSARY.is_file()):
        pytest.fail("the bundled article and glossary are part of the repository")
    return _build(tmp_path_factory.mktemp("pdf"), ARTICLE, GLOSSARY)


# --- reading the PDF -----------------------------------------------------------------------------


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def page_text(path: Path, page: int, crop: tuple[float, float, float, float] | None = None) -> str:
    """pdftotext -raw of one page, optionally cropped to (x, y, w, h) in points."""
    args = ["pdftotext", "-raw", "-f", str(page), "-l", str(page)]
    if crop:
        args += ["-x", str(int(crop[0])), "-y", str(int(crop[1])), "-W", str(int(crop[2])), "-H", str(int(crop[3]))]
    return _run(*args, str(path), "-")


def squash(text: str) -> str:
    """Text without spaces, apostrophes typographic or not (the PDF sets ’ for ')."""
    return "".join(text.split()).replace("’", "'")


#: a footnote's number: 'N.' in the notes' 8 pt type (a heading '3.' is taller), at x, y
NOTE_MARK = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(\d+)\.</word>')


def _small(m: re.Match[str]) -> bool:
    return float(m.group(3)) - float(m.group(2)) < 12  # 8 pt type: about 10.9 pt high; 10 pt: 13.6


MARGIN = 20 / 25.4 * 72  #: print.css's side margins, in points
GUTTER = 4 / 25.4 * 72  #: half the space between the columns: the English column and the notes start there


def column_split(path: Path, edition: Edition) -> float:
    """Where the Chinese column ends on a page (the columns share the width to balance their heights)."""
    from reader.writers.pdf.view import build_view

    width = float(PdfReader(path).pages[0].mediabox.width)
    return MARGIN + build_view(edition).zh_share * (width - 2 * MARGIN)


def body_pages(path: Path) -> range:
    """Pages 3 .. the one before the glossary appendix (page 1 is the title page, page 2 its back,
    which says how to read the edition)."""
    n = len(PdfReader(path).pages)
    first = 3 if "How to read this edition" in page_text(path, 2) else 2
    for p in range(first, n + 1):
        if "Names and terms linked in the text" in page_text(path, p):
            return range(first, p)
    return range(first, n + 1)


def footnote_top(path: Path, page: int, left: float = 0.0) -> float:
    """The y where the footnote area starts on a page (its first 'N.' marker line, at ``left``, where
    the English column starts), else the page foot."""
    xml = _run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', xml).group(1))  # type: ignore[union-attr]
    tops = [
        float(m.group(2))
        for m in re.finditer(NOTE_MARK, xml)
        if abs(float(m.group(1)) - left) < 4 and float(m.group(2)) > height / 3 and _small(m)
    ]
    return min(tops) if tops else height - 62


def column_text(path: Path, side: str, split: float) -> str:
    """The text of one column of the body (the Chinese ends at ``split``), page after page, without
    running heads, feet and footnotes."""
    reader = PdfReader(path)
    out: list[str] = []
    for p in body_pages(path):
        box = reader.pages[p - 1].mediabox
        width = float(box.width)
        top, bottom = 50.0, footnote_top(path, p, split + GUTTER) - 1
        x, w = (0.0, split) if side == "zh" else (split, width - split)
        out.append(page_text(path, p, (x, top, w, bottom - top)))
    return "".join(out)


def body_units(edition: Edition) -> list[tuple[str, tuple[tuple[Inline, ...], ...], list[tuple[Inline, ...]]]]:
    """(kind, original sentences, translation sentences) for every block printed in the body."""
    out = []
    for b in edition.blocks():
        if b.kind in ("title", "byline"):
            continue
        out.append(
            (
                b.kind,
                tuple(s.inlines for s in b.original.sentences),
                [s.inlines for u in b.translation for s in u.sentences],
            )
        )
    return out


def segments(inlines: tuple[Inline, ...]) -> list[str]:
    """Plain text split at notes (a footnote call sits between the pieces)."""
    parts: list[str] = [""]
    for n in inlines:
        if isinstance(n, Note):
            parts.append("")
        elif isinstance(n, Text):
            parts[-1] += n.text
        else:
            parts[-1] += plain_text((n,))
    return [p for p in parts if p.strip()]


# --- acceptance ----------------------------------------------------------------------------------


def _check_fonts(path: Path) -> None:
    fonts = _run("pdffonts", str(path)).splitlines()[2:]
    cjk = [line for line in fonts if "CJK" in line]
    assert cjk, "no CJK font in the PDF"
    for line in cjk:
        name, *_rest = line.split()
        cols = line.split()
        assert re.match(r"^[A-Z]{6}\+", name), f"not subsetted: {line}"
        assert cols[-5:-2] == ["yes", "yes", "yes"], f"not embedded+subsetted+unicode: {line}"


def _check_columns(built: Built) -> None:
    split = column_split(built.path, built.edition)
    zh_column = "".join(CJK.findall(column_text(built.path, "zh", split)))
    en_column = squash(column_text(built.path, "en", split))
    expected_zh = ""
    pos = 0
    for _kind, original, translation in body_units(built.edition):
        expected_zh += "".join(CJK.findall("".join(plain_text(s) for s in original)))
        for sentence in translation:
            for seg in segments(sentence):
                found = en_column.find(squash(seg), pos)
                assert found >= 0, f"English text missing or out of order: {seg[:80]!r}"
                pos = found + len(squash(seg))
    # every Chinese character of the body, in order, nothing lost or repeated
    assert zh_column == expected_zh


def test_mini_fonts_embedded_and_subsetted(mini: Built) -> None:
    _check_fonts(mini.path)


def test_mini_columns_intact_and_in_order(mini: Built) -> None:
    _check_columns(mini)


def test_article_fonts_and_columns(article: Built) -> None:
    _check_fonts(article.path)
    _check_columns(article)


def _check_meta_and_outline(built: Built, lang: str = "zh-Hant-TW") -> None:
    reader = PdfReader(built.path)
    md = built.edition.metadata
    info = reader.metadata
    assert info is not None
    assert md.title_en in (info.title or "")
    # the author as the source writes the name, then in the other script and romanised
    assert (info.author or "").split(", ")[0] == md.author
    assert reader.trailer["/Root"]["/Lang"] == lang
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    heads = [s for s in built.edition.sections() if s.level == 1 and s.head is not None]
    assert len(titles) == len(heads) + 1  # the sections and the glossary
    for section, title in zip(heads, titles, strict=False):
        assert section.head is not None
        zh = "".join(plain_text(s.inlines) for s in section.head.original.sentences)
        assert title.startswith(" ".join(zh.split()))
    assert titles[-1] == "Glossary"


def test_mini_metadata_and_outline(mini: Built) -> None:
    _check_meta_and_outline(mini)


def test_article_metadata_and_outline(article: Built) -> None:
    _check_meta_and_outline(article)
    assert len([s for s in article.edition.sections() if s.level == 1]) == 3


def occurrence_texts(edition: Edition) -> dict[str, set[str]]:
    """Entry id -> the texts the edition links to it."""
    out: dict[str, set[str]] = {}
    for t in edition.term_refs():
        out.setdefault(t.ref, set()).add(squash(plain_text(t.children)))
    return out


def appendix_pages(built: Built) -> dict[str, list[int]]:
    """Entry id -> the page numbers its appendix row prints (read from the PDF text)."""
    reader = PdfReader(built.path)
    start = body_pages(built.path).stop
    text = ""
    for p in range(start, len(reader.pages) + 1):  # without the running head and the page number
        box = reader.pages[p - 1].mediabox
        text += page_text(built.path, p, (0, 50, float(box.width), float(box.height) - 100))
    from reader.writers.html.view import entry_order, used_entries
    from reader.writers.shared.entries import headword, text_forms

    entries = entry_order(used_entries(built.edition, built.glossary))
    forms = text_forms(built.edition)
    flat = squash(text)
    starts: list[tuple[int, str]] = []
    for entry in entries:  # an entry opens with its headword (the text's form) and its pinyin
        hanzi, reading = headword(entry, "hant", built.edition.metadata.lang, forms.get(entry.id))
        idx = flat.find(squash(hanzi) + squash(reading)[:4])
        assert idx >= 0, f"{entry.id} is missing from the glossary appendix"
        starts.append((idx, entry.id))
    starts.sort()
    out: dict[str, list[int]] = {}
    for (idx, ref), nxt in zip(starts, [*starts[1:], (len(flat), "")], strict=True):
        m = re.search(r"pp?\.([\d,–]+)$", flat[idx : nxt[0]])  # the pages close the entry
        out[ref] = pages_listed(m.group(1).replace(",", ", ")) if m else []
    return out


def pages_listed(text: str) -> list[int]:
    """'2, 4–6, 9' -> [2, 4, 5, 6, 9]: a range stands for every page in it."""
    out: list[int] = []
    for item in re.findall(r"\d+(?:–\s*\d+)?", text):
        first, _, last = item.replace(" ", "").partition("–")
        out += list(range(int(first), int(last or first) + 1))
    return out


def test_pages_listed() -> None:
    assert pages_listed("2, 4–6, 9") == [2, 4, 5, 6, 9]
    assert pages_listed(" 3, 10– 12") == [3, 10, 11, 12]  # a range broken at the line's end


def runs_over(occurrence: str, page: str, next_page: str) -> bool:
    """Whether ``occurrence`` begins at the end of a line of ``page`` and ends at the start of a line
    of ``next_page``: a term broken across the page break, which the appendix lists on its first page."""
    ends = [squash(line) for line in page.splitlines()]
    starts = [squash(line) for line in next_page.splitlines()]
    return any(
        any(e.endswith(occurrence[:k]) for e in ends) and any(s.startswith(occurrence[k:]) for s in starts)
        for k in range(1, len(occurrence))
    )


def test_runs_over() -> None:
    assert runs_over("外交杯葛", "即使美國\n及其民主盟邦「外交杯\n25. a note", "葛」，還是有\n")
    assert not runs_over("外交杯葛", "即使美國\n及其民主盟邦「外交杯\n", "還是有\n")  # the rest is not there
    assert not runs_over("外交杯葛", "外交杯 in the middle\n", "葛」\n")  # not at a line's end


def _check_appendix(built: Built) -> None:
    occurrences = occurrence_texts(built.edition)
    listed = appendix_pages(built)
    body = body_pages(built.path)
    for ref, numbers in listed.items():
        assert numbers, f"{ref} has no page number in the appendix"
        for number in numbers:
            raw = page_text(built.path, number)
            text = squash(raw)
            if any(o in text for o in occurrences.get(ref, ())):
                continue
            following = page_text(built.path, number + 1) if number + 1 in body else ""
            assert any(runs_over(o, raw, following) for o in occurrences.get(ref, ())), (
                f"{ref} does not occur on page {number}"
            )


def test_mini_glossary_pages(mini: Built) -> None:
    _check_appendix(mini)


def test_article_glossary_pages(article: Built) -> None:
    _check_appendix(article)


def test_article_appendix_lists_putin_under_the_articles_form(article: Built) -> None:
    """Issue 14: the article writes 蒲亭, so its appendix lists Vladimir Putin under 蒲亭, not 普丁."""
    reader = PdfReader(article.path)
    start = body_pages(article.path).stop
    text = squash("".join(page_text(article.path, p) for p in range(start, len(reader.pages) + 1)))
    assert squash("蒲亭Pútíng") in text and squash("普丁Pǔdīng") not in text
    at = text.index(squash("蒲亭Pútíng"))
    assert squash("Vladimir Putin") in text[at : at + 80]


def test_running_head_and_page_numbers(mini: Built) -> None:
    n = len(PdfReader(mini.path).pages)
    short = mini.edition.metadata.short_title
    for p in body_pages(mini.path).start, *range(body_pages(mini.path).start + 1, n + 1):
        lines = [line.strip() for line in page_text(mini.path, p).splitlines() if line.strip()]
        assert any(short in line for line in lines), f"no running head on page {p}"
        assert str(p) in lines, f"page {p} does not print its number"


# --- options ----------------------------------------------------------------------------------


def test_simplified_edition(tmp_path: Path) -> None:
    built = _build(tmp_path, MINI, MINI_GLOSSARY, script="hans")
    text = "".join(page_text(built.path, p) for p in range(1, len(PdfReader(built.path).pages) + 1))
    assert "习近平的外交" in text and "習近平" not in text
    assert "蒲亭" in text  # the appendix heads Putin with the form the text writes (issue 14)
    assert PdfReader(built.path).trailer["/Root"]["/Lang"] == "zh-Hans"
    assert "SC" in _run("pdffonts", str(built.path))


def test_letter_paper(tmp_path: Path) -> None:
    built = _build(tmp_path, MINI, MINI_GLOSSARY, paper="letter")
    box = PdfReader(built.path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "1. The diplomacy" in page_text(built.path, 3)  # the title page and its back fit on one page each


def test_unknown_paper_and_script_are_user_errors() -> None:
    edition, gl = _read(MINI, MINI_GLOSSARY)
    with pytest.raises(ReaderError, match="paper"):
        pdf.render_pdf(edition, gl, paper="a3")
    with pytest.raises(ReaderError, match="script"):
        pdf.render_pdf(edition, gl, script="latn")


# --- safety ----------------------------------------------------------------------------------


def test_fetcher_serves_the_stylesheet_only(tmp_path: Path) -> None:
    fetcher = pdf.make_fetcher()
    css = templates_dir() / "print" / "print.css"
    assert b"@page" in fetcher.fetch(css.as_uri()).read()
    outside = tmp_path / "print.css"  # right name, wrong place
    outside.write_text("body { color: red }")
    for url in (
        outside.as_uri(),
        "file:///etc/passwd",
        (templates_dir() / "print" / "print.html.j2").as_uri(),
        (templates_dir() / ".." / "templates" / "print" / "print.css").as_uri() + "?x=1",
        "http://example.com/print.css",
        "https://example.com/x.png",
        "data:text/css,body{}",
    ):
        with pytest.raises(fetcher.refused):
            fetcher.fetch(url)


@pytest.mark.parametrize(
    "html",
    [
        '<img src="file:///etc/hostname">',
        '<img src="http://127.0.0.1:9/x.png">',
        '<a rel="attachment" href="file:///etc/hostname">file</a>',
        '<link rel="attachment" href="{outside}">',
    ],
)
def test_render_refuses_urls_outside_the_assets(tmp_path: Path, html: str) -> None:
    from weasyprint import HTML

    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    page = f"<html><head></head><body><p>x</p>{html.format(outside=outside.as_uri())}</body></html>"
    with pytest.raises(fetcher._fetcher_class()().refused):
        HTML(string=page, base_url=pdf.asset_base_url(), url_fetcher=pdf.make_fetcher()).write_pdf()


def test_missing_cjk_font_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = tmp_path / "fonts.conf"  # a fontconfig that knows no fonts at all
    conf.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    edition, gl = _read(MINI, MINI_GLOSSARY)
    with pytest.raises(OutputError, match="fonts-noto-cjk"):
        pdf.render_pdf(edition, gl)


def test_build_writes_no_pdf_without_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli) -> None:  # type: ignore[no-untyped-def]
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    out = tmp_path / "out"
    code, _out, err = run_cli("build", str(MINI), "--glossary", str(MINI_GLOSSARY), "--format", "pdf", "-o", str(out))
    assert code == 1
    assert "fonts-noto-cjk" in err and "Traceback" not in err
    assert not list(out.glob("*.pdf")) if out.exists() else True


def test_first_occurrence_on_each_page_is_marked() -> None:
    """Exactly the first occurrence of each entry on each page is underlined, after layout."""
    from weasyprint import HTML

    from reader.writers.pdf.view import build_view

    edition, _gl = _read(ARTICLE, GLOSSARY)
    view = build_view(edition)
    doc = HTML(string=pdf.print_html(view), base_url=pdf.asset_base_url(), url_fetcher=pdf.make_fetcher()).render()
    pages = pdf.occurrence_pages(doc, view.occurrences)
    expected: dict[int, set[str]] = {}
    seen: set[tuple[str, int]] = set()
    for anchor, ref in view.occurrences.items():  # document order
        if anchor in pages and (ref, pages[anchor]) not in seen:
            seen.add((ref, pages[anchor]))
            expected.setdefault(pages[anchor], set()).add(anchor)
    assert pdf.mark_first_occurrences(doc, set().union(*expected.values())) > 0
    for number, page in enumerate(doc.pages, start=1):
        marked: set[str] = set()
        for box, terms in _text_boxes(page._page_box, ()):
            firsts = [t for t in terms if t in expected.get(number, set())]
            if "underline" in box.style["text_decoration_line"]:
                # underlined text lies in a first occurrence (an inner name is marked with its outer one)
                # (or the rest of one begun on the page before: a name broken across the page break)
                carried = [t for t in terms if t in expected.get(number - 1, set())]
                assert firsts or carried, f"page {number}: {terms} underlined but not a first occurrence"
                marked.update(firsts)
            else:
                assert not firsts, f"page {number}: {terms} is a first occurrence but not underlined"
        assert marked == expected.get(number, set())


def _text_boxes(box: Any, terms: tuple[str, ...]) -> Iterator[tuple[Any, tuple[str, ...]]]:
    """Every text box under ``box`` with the ids of the glossary-term spans around it."""
    from weasyprint.formatting_structure.boxes import TextBox

    if isinstance(box, TextBox):
        yield box, terms
        return
    element = getattr(box, "element", None)
    if element is not None and box.element_tag == "span" and element.get("class") == "t":
        terms = (*terms, element.get("id"))
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child, terms)


def test_headings_stay_with_what_follows() -> None:
    """A section heading never ends a page: the row after it starts on the same page."""
    from weasyprint import CSS, HTML

    from reader.writers.pdf.view import build_view

    edition, _gl = _read(ARTICLE, GLOSSARY)
    view = build_view(edition)
    # a small page makes breaks fall in many places
    doc = HTML(string=pdf.print_html(view), base_url=pdf.asset_base_url(), url_fetcher=pdf.make_fetcher()).render(
        stylesheets=[CSS(string="@page { size: A5 }")]
    )
    page_of: dict[str, int] = {}
    for n, page in enumerate(doc.pages, start=1):
        for anchor in page.anchors:
            page_of.setdefault(anchor, n)  # where the element starts
    rows = [r for r in view.rows if r.anchor]
    checked = 0
    for row, nxt in zip(rows, rows[1:], strict=False):
        if row.kind == "head":
            assert page_of[row.anchor] == page_of[nxt.anchor], f"heading {row.anchor} ends page {page_of[row.anchor]}"
            checked += 1
    assert checked >= 3


# --- long texts, laid out in chunks (reader/pdf_chunks.py) ----------------------------------------


def scaled(edition: Edition, times: int) -> Edition:
    """The edition with its sections repeated ``times`` times (as bench/pdf_bench.py makes long texts)."""
    from dataclasses import replace

    from reader.model import Section

    kids = edition.children
    first = next(i for i, n in enumerate(kids) if isinstance(n, Section))
    last = max(i for i, n in enumerate(kids) if isinstance(n, Section))
    return replace(edition, children=kids[:first] + kids[first : last + 1] * times + kids[last + 1 :])


LONG_CHUNK = 30_000  #: small chunks, so that three times the article makes several


@pytest.fixture(scope="module")
def long3(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Three times the article, laid out in chunks by two worker processes."""
    edition, gl = _read(ARTICLE, GLOSSARY)
    edition = scaled(edition, 3)
    out = tmp_path_factory.mktemp("pdf") / "long3.pdf"
    out.write_bytes(pdf.render_pdf(edition, gl, chunk_size=LONG_CHUNK, jobs=2))
    return Built(edition, gl, out)


def test_long_text_is_laid_out_in_chunks(long3: Built) -> None:
    from reader.writers.pdf.chunks import plan_chunks
    from reader.writers.pdf.view import build_view

    chunks = plan_chunks(build_view(long3.edition).rows, LONG_CHUNK, 2)  # as the fixture's two workers plan them
    assert len(chunks) >= 3
    # each chunk embeds its own font subsets, and so does the appendix: the join kept them all
    cjk = [line for line in _run("pdffonts", str(long3.path)).splitlines() if "CJK" in line and "Bold" not in line]
    assert len(cjk) == len(chunks) + 1


def test_long_fonts_and_columns(long3: Built) -> None:
    _check_fonts(long3.path)
    _check_columns(long3)


def test_long_metadata_and_outline(long3: Built) -> None:
    _check_meta_and_outline(long3)
    reader = PdfReader(long3.path)
    # level-2 sections stay nested under their level-1 section, across chunk boundaries too
    nested = [o for o in reader.outline if isinstance(o, list)]
    level2 = [s for s in long3.edition.sections() if s.level == 2 and s.head is not None]
    assert sum(len(group) for group in nested) == len(level2)
    assert reader.page_labels == [str(n) for n in range(1, len(reader.pages) + 1)]


def test_long_glossary_pages(long3: Built) -> None:
    _check_appendix(long3)


def _check_page_numbers(built: Built) -> None:
    """Every page after the title page prints the running head and its own number, continuing across chunks."""
    reader = PdfReader(built.path)
    short = built.edition.metadata.short_title
    for p in range(body_pages(built.path).start, len(reader.pages) + 1):
        box = reader.pages[p - 1].mediabox
        width, height = float(box.width), float(box.height)
        head = page_text(built.path, p, (0, 0, width, 50))
        assert short in " ".join(head.split()), f"no running head on page {p}"
        foot = page_text(built.path, p, (0, height - 50, width, 50))
        assert foot.split() == [str(p)], f"page {p} prints {foot.split()} at its foot"


def test_long_page_numbers_run_on(long3: Built) -> None:
    _check_page_numbers(long3)


def test_running_head_and_page_numbers_of_the_article(article: Built) -> None:
    _check_page_numbers(article)


def footnote_numbers(path: Path, left: float) -> list[int]:
    """The footnote markers ('N.' at ``left``, where the English column and the notes start, in a
    page's lower part), page after page."""
    out: list[int] = []
    for p in body_pages(path):
        xml = _run("pdftotext", "-bbox", "-f", str(p), "-l", str(p), str(path), "-")
        height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', xml).group(1))  # type: ignore[union-attr]
        for m in re.finditer(NOTE_MARK, xml):
            if abs(float(m.group(1)) - left - GUTTER) < 4 and float(m.group(2)) > height / 3 and _small(m):
                out.append(int(m.group(4)))
    return out


def _notes(edition: Edition) -> int:
    from reader.writers.pdf.view import build_view

    return sum(r.notes for r in build_view(edition).rows)


def test_long_footnotes_numbered_on(long3: Built) -> None:
    total = _notes(long3.edition)
    assert total > 0
    assert footnote_numbers(long3.path, column_split(long3.path, long3.edition)) == list(range(1, total + 1))


def test_article_footnotes_numbered(article: Built) -> None:
    split = column_split(article.path, article.edition)
    assert footnote_numbers(article.path, split) == list(range(1, _notes(article.edition) + 1))


def _check_appendix_links(built: Built) -> None:
    """Every page number in the appendix links to that page."""
    reader = PdfReader(built.path)
    start = body_pages(built.path).stop
    names = reader.named_destinations
    checked = 0
    for p in range(start, len(reader.pages) + 1):
        page = reader.pages[p - 1]
        height = float(page.mediabox.height)
        for annot in page.get("/Annots", []):
            a = annot.get_object()
            dest = a.get("/Dest")
            if dest is None:
                continue
            target = names[str(dest)].page if isinstance(dest, str) else dest[0]
            number = reader.get_page_number(target.get_object()) + 1 if not isinstance(target, int) else target + 1
            xa, ya, xb, yb = (float(v) for v in a["/Rect"])
            x1, x2, y1, y2 = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
            shown = page_text(built.path, p, (x1 - 1, height - y2 - 1, x2 - x1 + 2, y2 - y1 + 2))
            # a link covers one page or a range ('4–6, '): it leads to the first page
            first = re.match(r"\s*(\d+)", shown)
            assert first and first.group(1) == str(number), f"page {p}: a link to page {number} reads {shown!r}"
            checked += 1
    assert checked > 10


def test_long_appendix_links(long3: Built) -> None:
    _check_appendix_links(long3)


def test_article_appendix_links(article: Built) -> None:
    _check_appendix_links(article)


def test_plan_chunks_keeps_headings_with_what_follows() -> None:
    from reader.writers.pdf.chunks import plan_chunks
    from reader.writers.pdf.view import build_view

    edition, _gl = _read(ARTICLE, GLOSSARY)
    rows = build_view(scaled(edition, 4)).rows
    total = sum(r.size for r in rows)
    assert plan_chunks(rows, total) == [rows]  # short enough: one chunk, the single-render path
    for size in (5_000, 20_000, 60_000):
        chunks = plan_chunks(rows, size)
        assert [r for c in chunks for r in c] == rows  # every row once, in order
        assert len(chunks) > 1
        for chunk in chunks:
            assert chunk[-1].kind != "head", "a chunk ends with a heading"
    # with room to choose, chunks start at top-level sections
    for chunk in plan_chunks(rows, 60_000)[1:]:
        assert chunk[0].kind == "head" and chunk[0].level == 1


def test_one_worker_inside_a_build_worker() -> None:
    from concurrent.futures import ProcessPoolExecutor

    from reader.writers.pdf.chunks import worker_count

    assert worker_count(3, 2) == 2
    assert worker_count(None, 1) == 1
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert pool.submit(worker_count, None, 8).result() == 1


def test_chunks_come_in_multiples_of_the_workers() -> None:
    from reader.writers.pdf.chunks import plan_chunks
    from reader.writers.pdf.view import build_view

    edition, _gl = _read(ARTICLE, GLOSSARY)
    rows = build_view(scaled(edition, 6)).rows
    total = sum(r.size for r in rows)
    assert len(plan_chunks(rows, total // 3 + 1, workers=1)) == 3
    assert len(plan_chunks(rows, total // 3 + 1, workers=2)) == 4


def test_a_long_appendix_prints_its_page_references_without_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past LINKED_REFERENCES the page numbers are plain text (each link costs layout time)."""
    from reader.writers.pdf.appendix import appendix_rows
    from reader.writers.pdf.view import build_view

    edition, gl = _read(ARTICLE, GLOSSARY)
    view = build_view(edition)
    pages = {anchor: 2 + 2 * i for i, anchor in enumerate(view.occurrences)}  # no runs: one reference each
    entries = appendix_rows(gl, view.occurrences, pages, view.script)
    refs = sum(len(g.runs) for g in entries)
    linked = pdf.print_html(view, "appendix", entries)
    assert linked.count('<a href="#o') == refs
    monkeypatch.setattr(document, "LINKED_REFERENCES", refs - 1)
    plain = pdf.print_html(view, "appendix", entries)
    assert "<a href" not in plain
    for g in entries:  # the same numbers, as text (each in a span that keeps a range on one line)
        listed = ", ".join(str(p) for p, _anchor in g.pages)
        assert listed in re.sub(r"<[^>]+>", "", plain)
