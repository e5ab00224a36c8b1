"""The PDF study edition (issue #17), tested by reading the PDF: line breaks (pdftotext -raw per page),
headwords and page references, sentence and note numbers in both columns, fonts (pdffonts), the
structure tree and language spans (pypdf), XMP metadata, the Simplified notes, the page layouts."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

from reader.model import Edition, Glossary, Section, plain_text
from reader.readers.glossary import load_glossary
from reader.readers.tei.read import load_text
from reader.writers.pdf import render as pdf

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "texts" / "beijing-winter-olympics-home-summit.xml"
GLOSSARY = ROOT / "glossary" / "glossary.xml"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@cache
def _read() -> tuple[Edition, Glossary]:
    gl = load_glossary(GLOSSARY)
    return load_text(ARTICLE, set(gl.by_id)), gl


def note_count() -> int:
    """The translator's notes in the article."""
    from reader.writers.pdf.view import build_view

    return build_view(_read()[0]).notes


def build(tmp: Path, **kw: object) -> Path:
    edition, gl = _read()
    out = tmp / ("article-" + "-".join(f"{k}{v}" for k, v in kw.items()) + ".pdf")
    out.write_bytes(pdf.render_pdf(edition, gl, **kw))  # type: ignore[arg-type]
    return out


def pdftotext(path: Path, *options: str) -> str:
    """What ``pdftotext OPTIONS PATH -`` prints."""
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pages(path: Path) -> list[str]:
    """pdftotext -raw of every page, one string a page."""
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def a4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("study"), paper="a4")


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("study"), paper="letter")


# --- stray one-word lines ------------------------------------------------------------------------


def heading_words(edition: Edition) -> set[str]:
    """The last word of every English heading (a heading may end on a short line by design)."""
    out: set[str] = set()

    def walk(nodes: tuple[object, ...]) -> None:
        for node in nodes:
            if isinstance(node, Section):
                if node.head is not None:
                    for unit in node.head.translation:
                        words = " ".join(plain_text(s.inlines) for s in unit.sentences).split()
                        if words:
                            out.add(words[-1].strip(".,:;"))
                walk(node.children)

    walk(tuple(edition.children))
    return out


def stray_lines(path: Path, edition: Edition) -> list[str]:
    """English lines of a single word, not ending a sentence or a heading, that the next line
    continues (lower case) or that end the page's English: the symptom of the trailing-space bug.
    A line ending in a note number is skipped: pdftotext breaks the line after a superscript."""
    found = []
    ends = heading_words(edition)
    for number, text in enumerate(pages(path), start=1):
        lines = [line.strip() for line in text.splitlines()]
        for i, line in enumerate(lines):
            if not re.fullmatch(r"[a-z][A-Za-z'’-]*", line) or line in ends:
                continue
            before = lines[i - 1] if i else ""
            after = lines[i + 1] if i + 1 < len(lines) else ""
            if before[-1:].isdigit():
                continue
            if after[:1].islower() or CJK.match(after[:1] or "a"):
                found.append(f"p.{number}: {before!r} / {line!r} / {after!r}")
    return found


def test_no_stray_one_word_lines_a4(a4: Path) -> None:
    assert stray_lines(a4, _read()[0]) == []


def test_no_stray_one_word_lines_letter(letter: Path) -> None:
    assert stray_lines(letter, _read()[0]) == []


def _first_line(html: str) -> str:
    """The text of the first line box of a laid-out HTML snippet."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    doc = HTML(string=html).render()
    line = next(b for b in doc.pages[0]._page_box.descendants() if isinstance(b, LineBox))
    return "".join(b.text for b in line.descendants() if isinstance(b, TextBox)).strip()


def _text_width(text: str, css: str) -> float:
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TextBox

    doc = HTML(string=f'<p style="{css}; white-space: nowrap">{text}</p>').render()
    return sum(b.width for b in doc.pages[0]._page_box.descendants() if isinstance(b, TextBox))


def test_a_text_that_fits_but_for_its_trailing_space_stays_whole() -> None:
    """The cause of the stray lines, reproduced exactly: a line whose text before an inline element
    fits only without its trailing space. WeasyPrint's own split_first_line sets the first word
    alone; with the correction the words fill the line and the span moves to the next."""
    import weasyprint.layout.inline as inline

    from reader.writers.pdf import linebreak

    css = "font: 10pt 'Noto Serif'; margin: 0"
    words = "economic assistance and support. The content of the"
    width = _text_width(words, css) + 0.3  # the words fit; the words and a space do not
    html = f'<p style="{css}; width: {width}px">{words} <span>Putin–Xi summit</span> makes it plain</p>'
    linebreak.install()
    fixed = inline.split_first_line
    try:
        inline.split_first_line = fixed.original
        assert _first_line(html) == "economic"  # WeasyPrint 70 alone: the bug
    finally:
        inline.split_first_line = fixed
    assert _first_line(html) == words


# --- the acceptance items, read from the PDF -------------------------------------------------------


MARGIN = 20 / 25.4 * 72  #: print.css's side margins, in points


def split_of(path: Path) -> float:
    """Where the Chinese column ends (the columns share the width to balance their heights)."""
    from pypdf import PdfReader

    from reader.writers.pdf.view import build_view

    width = float(PdfReader(path).pages[0].mediabox.width)
    return MARGIN + build_view(_read()[0]).zh_share * (width - 2 * MARGIN)


def words(path: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(x, y, height, text) of every word on a page (pdftotext -bbox)."""
    xml = pdftotext(path, "-bbox", "-f", str(page), "-l", str(page))
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
    return [(float(x), float(y), float(b) - float(y), t) for x, y, b, t in re.findall(pattern, xml)]


def test_headword_is_the_texts_form_with_its_pages(a4: Path) -> None:
    text = pages(a4)
    appendix = next(i for i, t in enumerate(text) if "Names and terms linked in the text" in t)
    flat = "".join("".join(t.split()) for t in text[appendix:])
    m = re.search(r"蒲亭Pútíng.*?pp?\.([\d,–]+)", flat)
    assert m, "蒲亭 is not a headword"
    assert "普丁Taiwan" in m.group(0) and "普京mainland,HongKong" in m.group(0)  # the other forms, labelled
    assert "普丁Pǔdīng" not in flat  # the glossary's main form is not the headword
    listed = [int(n) for n in re.findall(r"\d+", m.group(1).replace("–", ","))]
    for number in listed:  # each page listed does print 蒲亭
        assert "蒲亭" in "".join(text[number - 1].split()), f"蒲亭 listed on p.{number} but not there"


def test_pinyin_order_is_word_by_word() -> None:
    """Dictionary order: 國際社會 guójì shèhuì before 國家元首 guójiā yuánshǒu (letter by letter, the
    other way round), and tones only after the letters."""
    from reader.text.pinyin import sort_key as word_sort_key

    readings = ["guójiā yuánshǒu", "guójì shèhuì", "Běiyuē", "bèi", "Ōuméng"]
    assert sorted(readings, key=word_sort_key) == ["bèi", "Běiyuē", "guójì shèhuì", "guójiā yuánshǒu", "Ōuméng"]


def test_sentence_numbers_and_note_references_in_both_columns(a4: Path) -> None:
    split = split_of(a4)
    zh_labels: set[str] = set()
    en_labels: set[str] = set()
    zh_notes: set[str] = set()
    en_notes: set[str] = set()
    for number in range(3, len(pages(a4)) + 1):
        for x, _y, height, text in words(a4, number):
            if height > 12:  # the numbers are set small
                continue
            for label in re.findall(r"^(\d+(?:\.\d+)+)", text):  # 2.1.3, at a sentence's start
                (zh_labels if x < split else en_labels).add(label)
            if re.fullmatch(r"\d{1,2}(,\d{1,2})*", text) and height < 10.5:  # note references (65% type)
                (zh_notes if x < split else en_notes).update(text.split(","))
    assert "1.1" in zh_labels and "2.1.3" in zh_labels
    assert zh_labels == en_labels  # the same numbers on both sides: 2.3 is the same sentence
    assert {str(n) for n in range(1, note_count() + 1)} <= zh_notes & en_notes  # every note, in both columns


def test_a_bold_cjk_font_is_embedded(a4: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(a4)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^[A-Z]{6}\+Noto-Serif-CJK-TC-Bold .* yes yes yes", fonts, re.M)


def test_tagged_with_english_and_chinese_language_spans(a4: Path) -> None:
    from pypdf import PdfReader

    info = subprocess.run(["pdfinfo", str(a4)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    root = PdfReader(a4).trailer["/Root"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] is True or str(
        root["/ViewerPreferences"]["/DisplayDocTitle"]
    ).lower() in ("true", "/true")
    langs: dict[str, int] = {}
    tags: set[str] = set()
    stack = [root["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if "/Lang" in node:
            langs[str(node["/Lang"])] = langs.get(str(node["/Lang"]), 0) + 1
            tags.add(f"{node.get('/S')}:{node['/Lang']}")
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        stack.extend(k.get_object() for k in kids if hasattr(k, "get_object") and isinstance(k.get_object(), dict))
    assert langs.get("en", 0) > 20 and langs.get("zh-Hant-TW", 0) > 10
    assert "/P:en" in tags and "/P:zh-Hant-TW" in tags  # the paragraphs of both columns


def test_xmp_metadata_names_the_edition(a4: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(a4)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "北京冬奧是習近平與蒲亭" in xmp and "The Beijing Winter Olympics" in xmp  # both titles
    for name in ("楊志恆", "杨志恒", "Yang Chih-heng"):  # the author in both scripts, romanised
        assert name in xmp
    assert re.search(r"<rdf:li>zh-Hant-TW</rdf:li><rdf:li>en</rdf:li>", xmp)
    assert re.search(r"dcterms:issued>\d{4}-\d{2}-\d{2}<", xmp)


def test_simplified_notes_are_simplified(tmp_path: Path) -> None:
    out = build(tmp_path, paper="a4", script="hans")
    every = pages(out)
    text = every[0] + "".join(every[2:])  # page 2 explains the quotation marks, naming 「」
    assert "主场外交" in text and "改革开放" in text  # quoted in notes 1 and 2
    assert "主場外交" not in text and "改革開放" not in text
    assert "「" not in text and "“一带一路”" in text  # the mainland's quotation marks
    assert "蒲亭" in text and "普京Pǔjīng" not in "".join(text.split())  # the author's form heads the entry
    kept = "".join(pages(build(tmp_path, paper="a4", script="hans", quotes="source")))
    assert "「一带一路」" in kept


def test_marks_option_underlines_names_all_or_nothing() -> None:
    from reader.writers.pdf.view import build_view

    edition = _read()[0]
    names = build_view(edition, marks="names")
    anchors = set(names.occurrences)
    terms = {a for a, ref in names.occurrences.items() if a not in names.names}
    assert names.names and terms  # both kinds occur in the article
    assert names.markable(anchors) == names.names
    assert build_view(edition, marks="all").markable(anchors) == anchors
    assert build_view(edition, marks="none").markable(anchors) == set()
    # 元首 (head of state) is a term: not underlined by default; 蒲亭 is a name: underlined
    assert any(names.occurrences[a] == "head_of_state" for a in terms)
    assert any(names.occurrences[a] == "putin" for a in names.names)


def test_the_title_page_back_explains_the_marks(a4: Path) -> None:
    back = " ".join(pages(a4)[1].split())
    assert "How to read this edition" in back and "proper name" in back and "underlined" in back


# --- facing pages, A5, booklet ---------------------------------------------------------------------


def sentence_labels_on(path: Path, page: int) -> set[str]:
    return {m for _x, _y, h, t in words(path, page) if h < 12 for m in re.findall(r"^(\d+(?:\.\d+)+)", t)}


def test_facing_pages_keep_chinese_left_and_english_right_in_step(tmp_path: Path) -> None:
    out = build(tmp_path, paper="a4", layout="facing")
    text = pages(out)
    appendix = next(i for i, t in enumerate(text) if "Names and terms linked in the text" in t)
    body = [n for n in range(3, appendix + 1) if text[n - 1].strip()]
    spreads = 0
    for n in body:
        cjk = len(CJK.findall(text[n - 1]))
        latin = len(re.findall(r"[A-Za-z]", text[n - 1]))
        if n % 2 == 0:  # a left page: the Chinese (its notes' numbers aside)
            assert cjk > latin, f"p.{n} is a left page but not Chinese"
            # in step: the right page opposite holds the same sentences
            assert sentence_labels_on(out, n) == sentence_labels_on(out, n + 1), f"pp.{n}-{n + 1} out of step"
            spreads += 1
        else:
            assert latin > cjk, f"p.{n} is a right page but not English"
    assert spreads >= 4
    labels = set().union(*(sentence_labels_on(out, n) for n in body))
    assert {"1.1", "2.1.4", "3.1"} <= labels


def test_a5_booklet_is_imposed_2_up_on_a4(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from reader.writers.pdf.impose import booklet_order

    a5 = build(tmp_path, paper="a5")
    reader = PdfReader(a5)
    count = len(reader.pages)
    box = reader.pages[3].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)  # A5
    # outer margins of at least 25 mm: text keeps clear of the outer edge (right on odd pages, left on even)
    for n in (3, 4):
        xs = [(x, x) for x, _y, _h, t in words(a5, n) if t.strip()]
        if n % 2:
            assert max(w[0] for w in words(a5, n) if not re.fullmatch(r"\d+", w[3])) < 420 - 25 / 25.4 * 72
        else:
            assert min(x for x, _ in xs) >= 25 / 25.4 * 72 - 1
    imposed = build(tmp_path, paper="a5", imposition="booklet")
    sheets = PdfReader(imposed)
    assert len(sheets.pages) == (count + 3) // 4 * 2
    first = sheets.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (842, 595)  # A4 landscape
    # sheet 1, front: the title page on the right half
    right = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-x", "421", "-y", "0", "-W", "421", "-H", "595", str(imposed), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "北京冬奧" in "".join(right.split())
    assert booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert booklet_order(5)[0] == (None, 0)  # padded with blank pages to a multiple of four


def test_every_note_is_on_its_references_page_and_linked_both_ways(a4: Path, letter: Path) -> None:
    """footnote-policy: line keeps a calling line with its note; the call links to the note and the
    note's number back to the call (named destinations tn1 and ref-tn1)."""
    from pypdf import PdfReader

    for path in (a4, letter):
        reader = PdfReader(path)
        names = reader.named_destinations
        notes = [n for n in names if re.fullmatch(r"tn\d+", n)]
        assert len(notes) == note_count()
        for note in notes:
            page = reader.get_page_number(names[note].page.get_object())
            ref = reader.get_page_number(names[f"ref-{note}"].page.get_object())
            assert page == ref, f"{path.name}: {note} on p.{page + 1}, its call on p.{ref + 1}"
        links = {
            str(a.get_object().get("/Dest"))
            for p in reader.pages
            for a in p.get("/Annots", [])
            if a.get_object().get("/Dest") is not None
        }
        assert {n for n in notes} <= links and {f"ref-{n}" for n in notes} <= links


# --- justified Chinese -----------------------------------------------------------------------------


def test_justification_gaps_follow_clreq() -> None:
    from reader.writers.pdf.justify import gaps

    assert gaps("北京冬奧") == [0, 1, 2, 3]  # every Han character
    assert gaps("（Vladimir Putin）的") == [0, 9, 15, 16]  # the brackets and the space, no letter of a name
    assert gaps("。1.3另") == [0, 4]  # no digit of a sentence number: 1.3 stays one word
    assert gaps("出席。 ") == [0, 1, 2]  # not the trailing space


def chinese_line_ends(path: Path, first: int, last: int) -> list[float]:
    """The right edge (pt) of every line of the Chinese column on pages ``first``-``last``."""
    html = pdftotext(path, "-f", str(first), "-l", str(last), "-bbox-layout")
    ends = []
    for m in re.finditer(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>', html, re.S):
        words = "".join(re.findall(r">([^<]*)</word>", m.group(3)))
        if float(m.group(1)) < 100 and float(m.group(2)) < 300 and CJK.search(words):
            ends.append(float(m.group(2)))
    return ends


def test_chinese_lines_end_flush_with_the_column(a4: Path) -> None:
    """Justified Chinese: the full lines of the Chinese column end at its right edge. WeasyPrint alone
    widens only spaces, and left these lines ending anywhere in the last character's width."""
    ends = chinese_line_ends(a4, 3, 6)
    edge = max(ends)
    full = [e for e in ends if e > edge - 20]  # lines that are not a paragraph's short last line
    flush = [e for e in full if e > edge - 1.0]
    assert len(full) > 60 and len(flush) >= 0.9 * len(full), sorted(full)


# --- line numbers --------------------------------------------------------------------------------


def words_with_boxes(path: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, word) of every word pdftotext finds on one page."""
    html = pdftotext(path, "-f", str(page), "-l", str(page), "-bbox")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [(float(a), float(b), float(c), w) for a, b, c, w in re.findall(pattern, html)]


def lines_of(words: list[tuple[float, float, float, str]], left: float, right: float) -> list[float]:
    """The distinct tops (pt) of the lines whose words start between ``left`` and ``right``."""
    tops: list[float] = []
    for x0, y0, _x1, _w in sorted(words, key=lambda w: w[1]):
        if left <= x0 < right and not any(abs(y0 - t) < 4 for t in tops):
            tops.append(y0)
    return tops


def test_line_numbers_count_every_fifth_line_of_each_column(tmp_path: Path) -> None:
    numbered = build(tmp_path, paper="a4", line_numbers=True)
    plain = build(tmp_path, paper="a4")
    words = [w for w in words_with_boxes(numbered, 3) if w[1] > 50]  # below the running head
    # the layout is the same: every word of the page is where it was, the numbers come on top
    before = {w for w in words_with_boxes(plain, 3) if w[1] > 50}
    assert before < set(words)
    numbers = set(words) - before
    assert all(w.isdigit() and int(w) % 5 == 0 for *_, w in numbers), numbers
    zh_left = min(x0 for x0, _y, _x1, w in words if CJK.search(w))
    en_right = max(x1 for _x0, _y, x1, w in words if not w.isdigit())
    left = sorted((y, int(w)) for x0, y, x1, w in numbers if x1 < zh_left)
    right = sorted((y, int(w)) for x0, y, x1, w in numbers if x0 > en_right)
    assert [n for _y, n in left][:3] == [5, 10, 15] and [n for _y, n in right][:3] == [5, 10, 15]
    zh_lines = lines_of(words, zh_left - 1, 200)  # the Chinese column's lines, top to bottom
    en_lines = lines_of([w for w in words if w not in numbers], 300, en_right)
    for y, n in left:
        assert abs(zh_lines[n - 1] - y) < 6, (n, y, zh_lines[n - 1])  # on the baseline of line n
    for y, n in right:
        assert abs(en_lines[n - 1] - y) < 6, (n, y, en_lines[n - 1])


def test_line_numbers_in_a_text_laid_out_in_chunks(tmp_path: Path) -> None:
    edition, gl = _read()
    data = pdf.render_pdf(edition, gl, paper="a4", line_numbers=True, chunk_size=20_000, jobs=2)
    out = tmp_path / "chunked.pdf"
    out.write_bytes(data)
    digits = [w for *_, w in words_with_boxes(out, 3) if w in ("5", "10", "15")]
    assert digits.count("5") == 2 and digits.count("10") == 2  # one each for the Chinese and the English


def test_typographic_quotes_in_the_pdf_english() -> None:
    from reader.writers.shared.typography import curly

    assert curly('China\'s "home-court" summit', doubles=True) == "China’s “home-court” summit"
    assert curly("'s", "China") == "’s"  # a run that starts right after a name
    assert curly('said "no"') == 'said "no"'  # the HTML edition keeps double quotes as written


# --- notes that could not stay on their call's page ---------------------------------------------


def test_a_note_set_after_its_calls_page_says_where_it_is_called(tmp_path: Path) -> None:
    """On A5 a note can be too tall for what is left of its call's page: WeasyPrint sets it on the
    next page, and the edition marks it "(called on p. N)"; every other note is on its call's page."""
    from pypdf import PdfReader

    path = build(tmp_path, paper="a5")
    reader = PdfReader(path)
    names = reader.named_destinations
    text = pages(path)
    moved = 0
    for note in (n for n in names if re.fullmatch(r"tn\d+", n)):
        page = reader.get_page_number(names[note].page.get_object())
        call = reader.get_page_number(names[f"ref-{note}"].page.get_object())
        marked = f"(called on p. {call + 1})" in text[page]
        assert marked == (page != call), f"{note}: on p.{page + 1}, called on p.{call + 1}"
        moved += page != call
        tail = re.sub(r"\s+", "", note_texts()[note])[-25:].replace("'", "’")
        assert tail in re.sub(r"\s+", "", text[page]), f"{note} runs on past p.{page + 1}: a note is never split"
    assert moved >= 1  # the case happens in the article on A5 (else this test proves nothing)


def note_texts() -> dict[str, str]:
    """Note id -> the note's plain text, for every translator's note of the article."""
    from reader.model import Note

    out: dict[str, str] = {}

    def walk(nodes: tuple[object, ...]) -> None:
        for n in nodes:
            if isinstance(n, Note):
                out[n.id or ""] = plain_text(n.children)
            elif hasattr(n, "children"):
                walk(n.children)

    for block in _read()[0].blocks():
        for unit in block.translation:
            for sentence in unit.sentences:
                walk(sentence.inlines)
    return out


def test_mark_displaced_marks_only_the_notes_named() -> None:
    from reader.writers.pdf.notes import mark_displaced

    html = '<a class="nback" href="#ref-tn1">1.</a> One. <a class="nback" href="#ref-tn2">2.</a> Two.'
    out = mark_displaced(html, {"tn2": 5})
    assert out == html.replace("2.</a>", '2.</a> <span class="called">(called on p. 5)</span>')


# --- the appendix's two columns ------------------------------------------------------------------


def test_the_appendix_is_set_in_two_columns_numbered_page_by_page(a4: Path) -> None:
    """Laid out as one narrow column and paired (writers/pdf/columns.py): each appendix page holds
    entries in a left and a right column, the pages are numbered on from the body one by one, and the
    page references of the right column are links too."""
    from pypdf import PdfReader

    text = pages(a4)
    first = next(i for i, t in enumerate(text) if "Names and terms linked in the text" in t)
    reader = PdfReader(a4)
    width = float(reader.pages[first].mediabox.width)
    for number in range(first + 1, len(text) + 1):
        heads = [w for w in words(a4, number) if w[2] > 9 and CJK.match(w[3])]  # headwords, 10 pt
        left = [w for w in heads if w[0] < width / 2 - 20]
        right = [w for w in heads if w[0] > width / 2]
        assert left, f"p.{number}: no left column"
        if number < len(text):
            assert len(right) >= 5, f"p.{number}: no right column"
        assert text[number - 1].split()[-1] == str(number)  # the printed page number
    links = [
        a.get_object()["/Rect"]
        for a in reader.pages[first].get("/Annots", [])
        if a.get_object().get("/Subtype") == "/Link"
    ]
    assert any(float(r[0]) > width / 2 for r in links) and any(float(r[0]) < width / 2 for r in links)


def test_running_head_names_numbered_sections_only() -> None:
    """The article's sections are numbered (§1, §2 (一)); a text whose headings carry no number (the
    TLS pair) gets no bare § in its running head."""
    from reader.readers.tei.read import read_text
    from reader.writers.pdf.view import build_view

    article = [r.section for r in build_view(_read()[0]).rows if r.kind == "head"]
    assert article[0] == "§1" and "§2 (一)" in article
    tls = ROOT / "tests" / "fixtures" / "tls"
    pair = read_text(tls / "KR4h0001-lunwen-en.xml", source=tls / "KR4h0001-lunwen.xml").edition
    assert pair is not None
    heads = [r.section for r in build_view(pair).rows if r.kind == "head"]
    assert heads and "§" not in heads
