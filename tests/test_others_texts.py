"""Issue 14: texts we did not write. The real TLS pair (典論·論文), a real CBETA file, pairs the way
others publish them, pointers checked, unfamiliar TEI never mangled in silence, and every case that
used to give a wrong edition with exit 0.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reader.model import Block, Note, Section, plain_text
from reader.readers.tei.read import read_text

FIX = Path(__file__).resolve().parent / "fixtures"
TLS_SRC = FIX / "tls" / "KR4h0001-lunwen.xml"
TLS_EN = FIX / "tls" / "KR4h0001-lunwen-en.xml"
CBETA = FIX / "cbeta" / "T08n0251.xml"
SEG = "KR4h0001_tls_052-"


def _spans(html: str) -> dict[str, list[str]]:
    """Sentence span id -> the ids its data-links name, as the text writes them (the page prefixes
    every id taken from a text with ``t-``, issue 19)."""

    def text_id(page_id: str) -> str:
        assert page_id.startswith("t-"), page_id
        return page_id[2:]

    return {
        text_id(m[1]): [text_id(i) for i in m[2].split()]
        for m in re.finditer(r'<span class="s" id="([^"]+)" data-links="([^"]*)"', html)
    }


# --- the TLS pair -------------------------------------------------------------------------------


def test_tls_pair_builds_one_edition_with_segment_links_both_ways(tmp_path, run_cli):
    code, _out, err = run_cli("build", str(TLS_SRC), str(TLS_EN), "-o", str(tmp_path), "--format", "html")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.glob("*.html")) == ["KR4h0001-lunwen-en.html"]
    spans = _spans((tmp_path / "KR4h0001-lunwen-en.html").read_text(encoding="utf-8"))
    zh = {k: v for k, v in spans.items() if k.startswith(SEG)}
    assert len(zh) == 109  # the heading's segment and the 108 of the text; no empty line markers
    for zid, links in zh.items():
        assert len(links) == 1, zid  # one English segment, not the whole paragraph
        assert spans[links[0]] == [zid]  # and that segment lights this one back
    first = spans[zh[SEG + "6a.3"][0]]
    assert first == [SEG + "6a.3"]


def test_tls_pair_model_keeps_paragraphs_and_segments(tmp_path):
    res = read_text(TLS_EN, source=TLS_SRC)
    assert res.problems == []
    ed = res.edition
    assert ed is not None
    (section,) = [n for n in ed.children if isinstance(n, Section)]
    assert section.head is not None and plain_text(section.head.original.sentences[0].inlines) == "魏文帝典論論文一首"
    paras = [b for b in section.children if isinstance(b, Block)]
    assert [len(b.original.sentences) for b in paras] == [17, 18, 19, 13, 10, 31]
    assert all(len(b.translation) == 1 for b in paras)  # "Translated parts" is not a heading of the text
    p1 = paras[0]
    assert plain_text(p1.original.sentences[0].inlines) == "文人相輕，"  # <c n="，"/> is punctuation
    assert [s.corresp for s in p1.translation[0].sentences][:2] == [(SEG + "6a.3",), (SEG + "6a.4",)]
    assert "way.The" not in " ".join(plain_text(s.inlines) for b in paras for s in b.translation[0].sentences)
    assert any("Translated parts" in str(n) for n in res.notices)  # said, not silently dropped


def test_tls_translation_checked_alone_says_it_needs_its_source(run_cli):
    code, _out, err = run_cli("check", str(TLS_EN))
    assert code == 1
    assert f"{TLS_EN}:" in err and "needs its source" in err
    assert f"reader build SOURCE.xml {TLS_EN}" in err and "#KR4h0001" in err
    code, _out, err = run_cli("check", str(TLS_SRC), str(TLS_EN))
    assert code == 0, err


def test_tls_translation_built_alone_is_refused(tmp_path, run_cli):
    code, _out, err = run_cli("build", str(TLS_EN), "-o", str(tmp_path / "out"), "--format", "html")
    assert code == 1 and "needs its source" in err
    assert not list((tmp_path / "out").glob("*.html"))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('corresp="#nothere"', 'corresp "#nothere" resolves to no element'),
        (
            'corresp="javascript:alert(1)"',
            'corresp "javascript:alert(1)" is not a fragment (#id) or a file#fragment pointer',
        ),
        ('corresp="elsewhere.xml#a"', 'corresp "elsewhere.xml#a" points outside the inputs'),
        ('corresp="http://example.org/a.xml#a"', 'corresp "http://example.org/a.xml#a" points outside the inputs'),
    ],
)
def test_bad_pointer_in_a_pair_is_a_problem_for_check_and_build(tmp_path, run_cli, bad, message):
    shutil.copyfile(TLS_SRC, tmp_path / "src.xml")
    text = TLS_EN.read_text(encoding="utf-8").replace(f'corresp="#{SEG}8a.12"', bad, 1)
    (tmp_path / "en.xml").write_text(text, encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if bad in s)
    col = text.splitlines()[line - 1].index("corresp=") + 1
    expected = f"{tmp_path / 'en.xml'}:{line}:{col}: {message}"
    code, _out, err = run_cli("check", str(tmp_path / "src.xml"), str(tmp_path / "en.xml"))
    assert code == 1 and expected in err, err
    code, _out, err = run_cli("build", str(tmp_path / "src.xml"), str(tmp_path / "en.xml"), "-o", str(tmp_path / "out"))
    assert code == 1 and expected in err, err
    assert not list((tmp_path / "out").glob("*.html"))


def test_same_file_pointers_checked_too(tmp_path, run_cli):
    p = tmp_path / "t.xml"
    p.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>\n"
        '<text><body><div type="original" xml:lang="zh-Hant-TW"><p xml:id="a">甲。</p></div>\n'
        '<div type="translation" xml:lang="en"><p corresp="javascript:alert(1)">A.</p></div></body></text></TEI>\n',
        encoding="utf-8",
    )
    code, _out, err = run_cli("check", str(p))
    assert code == 1
    assert f'{p}:3:42: corresp "javascript:alert(1)" is not a fragment (#id) or a file#fragment pointer' in err


# --- pairs the way others publish them ------------------------------------------------------------

HEADER = (
    '<teiHeader><fileDesc><titleStmt><title xml:lang="zh-Hant-TW">題</title></titleStmt>'
    "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>"
)


def _tei(body: str) -> str:
    return f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER}<text><body>\n{body}\n</body></text></TEI>\n'


def test_segments_out_of_order_and_partial_align_segment_to_segment(tmp_path):
    p = tmp_path / "t.xml"
    p.write_text(
        _tei(
            '<div type="original" xml:lang="zh-Hant-TW"><p><seg xml:id="a">甲。</seg><seg xml:id="b">乙。</seg>'
            '<seg xml:id="c">丙。</seg></p><p><seg xml:id="d">丁。</seg></p></div>\n'
            '<div type="translation" xml:lang="en"><p><seg corresp="#d">D.</seg><seg corresp="#c">C.</seg>'
            '<seg corresp="#a">A.</seg></p></div>'
        ),
        encoding="utf-8",
    )
    res = read_text(p)
    assert res.problems == []
    assert res.edition is not None
    b1, b2 = res.edition.blocks()
    assert [s.corresp for s in b1.translation[0].sentences] == [("a",), ("c",)]  # the original's order
    assert [s.corresp for s in b2.translation[0].sentences] == [("d",)]


def test_every_original_division_is_read(tmp_path, run_cli):
    parts = "\n".join(
        f'<div type="original" xml:lang="zh-Hant-TW"><head xml:id="h{i}">第{i}部</head><p xml:id="p{i}">文{i}。</p></div>'
        f'<div type="translation" xml:lang="en"><head corresp="#h{i}">Part {i}</head><p corresp="#p{i}">Text {i}.</p></div>'
        for i in range(1, 51)
    )
    p = tmp_path / "parts.xml"
    p.write_text(_tei(parts), encoding="utf-8")
    res = read_text(p)
    assert res.problems == [] and res.edition is not None
    blocks = res.edition.blocks()
    assert len(blocks) == 100 and all(b.translated for b in blocks)
    code, _out, err = run_cli("build", str(p), "-o", str(tmp_path / "out"), "--format", "html")
    assert code == 0, err
    html = (tmp_path / "out" / "parts.html").read_text(encoding="utf-8")
    assert 'id="t-p50"' in html and "Text 50." in html


def test_translation_names_its_source_in_source_desc(tmp_path, run_cli):
    shutil.copyfile(TLS_SRC, tmp_path / "a.xml")
    # no pointer names a file: only the sourceDesc (bibl corresp) and the fragments tie the pair
    shutil.copyfile(TLS_EN, tmp_path / "b.xml")
    from reader.readers.tei.pairs import find_pairs

    assert find_pairs([tmp_path / "a.xml", tmp_path / "b.xml"]) == [(tmp_path / "b.xml", tmp_path / "a.xml")]
    assert find_pairs([tmp_path / "b.xml", tmp_path / "a.xml"]) == [(tmp_path / "b.xml", tmp_path / "a.xml")]


# --- CBETA --------------------------------------------------------------------------------------


def test_cbeta_structure_is_kept():
    res = read_text(CBETA)
    assert res.problems == []
    ed = res.edition
    assert ed is not None
    texts = [(b.kind, plain_text(b.original.sentences[0].inlines)) for b in ed.blocks() if b.original.sentences]
    kinds = [k for k, _ in texts]
    flat = "".join(t for _, t in texts)
    assert "大明太祖高皇帝御製序" not in flat.replace("大明太祖高皇帝御製般若心經序", "")  # no cb:mulu label
    assert ("head", "大明太祖高皇帝御製般若心經序") in texts  # the heading apart from the body
    assert ("head", "般若波羅蜜多心經序") in texts
    assert ("byline", "唐釋慧忠撰") in texts
    assert ("byline", "No. 251 [Nos. 250, 252-255, 257]") in texts  # docNumber
    sutra = [t for k, t in texts if k == "p"][2:]
    assert len(sutra) == 7  # five paragraphs of the sutra, the words before the mantra, the mantra
    assert sutra[0] == "觀自在菩薩行深般若波羅蜜多時，照見五蘊皆空，度一切苦厄。"  # lb makes no break
    assert sutra[1].startswith("「舍利子！色不異空")
    assert kinds.count("head") >= 3


def test_cbeta_apparatus_becomes_notes_after_the_lemma():
    res = read_text(CBETA)
    assert res.edition is not None
    byline = next(
        b for b in res.edition.blocks() if b.kind == "byline" and "玄" in plain_text(b.original.sentences[0].inlines)
    )
    inl = byline.original.sentences[0].inlines
    notes = [n for n in inl if isinstance(n, Note)]
    assert [plain_text(n.children) for n in notes] == [
        "唐 【大】; (omitted) 【宋】",
        "奘 【大】; 奘奉詔 【宋】【元】【明】",
    ]
    assert plain_text(inl) == "唐三藏法師玄奘譯"
    all_notes = [
        n for b in res.edition.blocks() for s in b.original.sentences for n in s.inlines if isinstance(n, Note)
    ]
    assert len(all_notes) == 8  # every app of the back


def test_cbeta_check_gives_notices_with_counts_and_first_place(run_cli):
    code, _out, err = run_cli("check", str(CBETA))
    assert code == 0, err
    assert f"12 <note> in <back> not rendered; first at {CBETA}:180:1 (notice)" in err
    assert f"3 <cb:mulu> in <body> not rendered; first at {CBETA}:81:43 (notice)" in err


def test_cbeta_builds_html_without_mulu_text(tmp_path, run_cli):
    code, _out, err = run_cli("build", str(CBETA), "-o", str(tmp_path), "--format", "html")
    assert code == 0, err
    assert "not rendered" in err  # build says it too
    html = (tmp_path / "T08n0251.html").read_text(encoding="utf-8")
    assert html.count("大明太祖高皇帝御製序") == 0
    assert "奘奉詔" in html  # the apparatus as an endnote


# --- news copied from the web ---------------------------------------------------------------------

NEWS = FIX / "news" / "hk-putin-olympics.txt"


def test_news_import_one_paragraph_per_line_and_headline_title(tmp_path, run_cli):
    out = tmp_path / "hk.xml"
    code, _out, err = run_cli("import", str(NEWS), "-o", str(out), "--lang", "zh-Hant-HK")
    assert code == 0, err
    res = read_text(out)
    assert res.edition is not None
    ed = res.edition
    assert ed.metadata.title == "普京出席北京冬奧開幕式中俄發表聯合聲明"
    kinds = [(b.kind, plain_text(b.original.sentences[0].inlines)) for b in ed.blocks()]
    assert kinds[0] == ("title", "普京出席北京冬奧開幕式中俄發表聯合聲明")
    paras = [t for k, t in kinds if k == "p"]
    assert len(paras) == 4  # one per line, the headline not fused into the first
    assert paras[0].startswith("俄羅斯總統普京於2022年2月4日") and paras[-1].endswith("舞台。")
    title_stmt = out.read_text(encoding="utf-8").split("<titleStmt>")[1].split("</titleStmt>")[0]
    assert "普京出席北京冬奧開幕式" in title_stmt and "hk-putin-olympics" not in title_stmt  # no file-name title


def test_import_title_option_overrides(tmp_path, run_cli):
    out = tmp_path / "hk.xml"
    code, _out, err = run_cli("import", str(NEWS), "-o", str(out), "--title", "冬奧開幕")
    assert code == 0, err
    ed = read_text(out).edition
    assert ed is not None and ed.metadata.title == "冬奧開幕"
    assert [b.kind for b in ed.blocks()].count("title") == 1


def test_markdown_headings_in_plain_text_become_heads():
    from reader.readers.plaintext import import_text

    ed = import_text("# 標題\n## 第一節\n第一段。\n第二段。\n## 第二節\n第三段。\n", "x.txt", "zh-Hant-TW")
    assert ed.metadata.title == "標題"
    heads = [plain_text(s.head.original.sentences[0].inlines) for s in ed.sections() if s.head]
    assert heads == ["第一節", "第二節"]
    assert sum(1 for b in ed.blocks() if b.kind == "p") == 3


def test_pdf_title_metadata_has_no_dangling_separator():
    from reader.model import Edition, Metadata
    from reader.writers.pdf.document import print_html
    from reader.writers.pdf.view import build_view

    ed = Edition(Metadata(slug="x", title="題目", lang="zh-Hant-TW"), ())
    html = print_html(build_view(ed, "hant"))
    assert "<title>題目</title>" in html


# --- editions in the text's own locale ---------------------------------------------------------

GLOSSARY = Path(__file__).resolve().parent.parent / "glossary" / "glossary.xml"
ARTICLE = Path(__file__).resolve().parent.parent / "texts" / "beijing-winter-olympics-home-summit.xml"


@pytest.fixture(scope="module")
def hk_text(tmp_path_factory):
    """The HK news text imported (zh-Hant-HK) and annotated with the project's glossary."""
    from reader.app.cli import main

    work = tmp_path_factory.mktemp("hk")
    assert (
        main(["import", str(NEWS), "-o", str(work / "hk.xml"), "--lang", "zh-Hant-HK", "--glossary", str(GLOSSARY)])
        == 0
    )
    assert main(["annotate", str(work / "hk.xml"), "-o", str(work / "hk-linked.xml")]) == 0
    return work / "hk-linked.xml"


def _view(path, script="hant"):
    from reader.readers.glossary import load_glossary
    from reader.writers.html.view import edition_view

    glossary = load_glossary(GLOSSARY)
    ed = read_text(path, set(glossary.by_id)).edition
    assert ed is not None
    return edition_view(ed, glossary, scripts=(script,))


def test_hk_popover_headword_is_the_texts_own_form(hk_text, tmp_path, run_cli):
    view = _view(hk_text)
    putin = next(e for e in view.entries if e.id == "putin")
    assert [str(h.html) for h in putin.headword] == ["普京"]
    assert putin.forms[0].lang == "zh-Hant-HK"  # the text's locale first, then the others, labelled
    assert {f.label for f in putin.forms} >= {"Traditional (Hong Kong)", "Traditional (Taiwan)"}
    guterres = next(e for e in view.entries if e.id == "guterres")
    assert [str(h.html) for h in guterres.headword] == ["古特雷斯"]
    code, _out, err = run_cli("build", str(hk_text), "-o", str(tmp_path), "--format", "html")
    assert code == 0, err
    html = (tmp_path / "hk-linked.html").read_text(encoding="utf-8")
    card = html[html.index('id="gl-putin"') :]
    head = card[card.index('<h3 class="entry-head"') : card.index("</h3>")]
    assert "普京" in head and "普丁" not in head  # the popover's headword


def test_a_note_about_one_text_shows_only_there(hk_text):
    putin_hk = next(e for e in _view(hk_text).entries if e.id == "putin")
    putin_article = next(e for e in _view(ARTICLE).entries if e.id == "putin")
    assert "This article writes" not in str(putin_hk.note[0].html)
    assert "This article writes" in str(putin_article.note[0].html)
    assert "普京" in str(putin_hk.note[0].html)  # the general note stays


def test_article_headword_is_its_own_form():
    putin = next(e for e in _view(ARTICLE).entries if e.id == "putin")
    assert [str(h.html) for h in putin.headword] == ["蒲亭"]


def test_provenance_says_what_happened():
    from reader.writers.shared.labels import script_provenance

    assert script_provenance("zh-Hans", "hans") == (
        "Simplified Chinese, as published (source already Simplified; no conversion)"
    )
    assert "converted from the Traditional original with OpenCC" in script_provenance("zh-Hant-TW", "hans")
    assert "no conversion" in script_provenance("zh-Hant-HK", "hant")


def test_untranslated_text_opens_chinese_only(tmp_path, run_cli):
    code, _out, err = run_cli("build", str(CBETA), "-o", str(tmp_path), "--format", "html")
    assert code == 0, err
    html = (tmp_path / "T08n0251.html").read_text(encoding="utf-8")
    assert 'data-layout="zh"' in html and 'data-translated="false"' in html
    assert "Not translated." not in html and 'class="col en"' not in html
    assert 'aria-label="Layout"' not in html  # no layout switch with nothing to switch to


def test_partly_translated_text_marks_only_the_gaps(tmp_path, run_cli):
    p = tmp_path / "part.xml"
    p.write_text(
        _tei(
            '<div type="original" xml:lang="zh-Hant-TW"><p xml:id="a">甲。</p><p xml:id="b">乙。</p></div>'
            '<div type="translation" xml:lang="en"><p corresp="#a">A.</p></div>'
        ),
        encoding="utf-8",
    )
    code, _out, err = run_cli("build", str(p), "-o", str(tmp_path / "out"), "--format", "html")
    assert code == 0, err
    html = (tmp_path / "out" / "part.html").read_text(encoding="utf-8")
    assert html.count("Not translated.") == 1 and 'data-layout="both"' in html


def test_untranslated_print_view_is_chinese_only():
    from reader.writers.pdf.document import print_html
    from reader.writers.pdf.view import build_view

    ed = read_text(CBETA).edition
    assert ed is not None
    view = build_view(ed, "hant")
    html = print_html(view)
    assert not view.translated and 'class="zh-only"' in html
    assert "(not translated)" not in html and '<div class="en">' not in html


def test_file_pointers_without_a_translation_div_still_pair(tmp_path, run_cli):
    shutil.copyfile(TLS_SRC, tmp_path / "src.xml")
    text = TLS_EN.read_text(encoding="utf-8").replace('corresp="#KR4h0001_tls', 'corresp="src.xml#KR4h0001_tls')
    (tmp_path / "en.xml").write_text(text, encoding="utf-8")
    for args in (["en.xml"], ["src.xml", "en.xml"]):  # alone or together: one edition of the pair
        out = tmp_path / ("out-" + str(len(args)))
        code, _out, err = run_cli("build", *[str(tmp_path / a) for a in args], "-o", str(out), "--format", "html")
        assert code == 0, err
        assert sorted(p.name for p in out.glob("*.html")) == ["en.html"]
        spans = _spans((out / "en.html").read_text(encoding="utf-8"))
        assert spans[SEG + "6a.3"] and spans[spans[SEG + "6a.3"][0]] == [SEG + "6a.3"]


def test_simplified_source_print_says_no_conversion():
    from reader.model import Edition, Metadata
    from reader.writers.pdf.document import print_html
    from reader.writers.pdf.view import build_view

    ed = Edition(Metadata(slug="x", title="题目", lang="zh-Hans"), ())
    html = print_html(build_view(ed, "hans"))
    assert "source already Simplified; no conversion" in html and "converted" not in html
