"""reader annotate: TEI in place (existing links kept, characters unchanged), plain text, the report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from lxml import etree

from reader.app.annotate import annotate_file, annotate_text
from reader.model import TermRef, plain_text
from reader.readers.glossary import load_glossary
from reader.readers.tei.read import load_text
from reader.readers.tei.vocab import XML_ID
from reader.text.match import Matcher
from tests.conftest import FIXTURES, GLOSSARY, TEXTS

REUSE = FIXTURES / "reuse"
ARTICLE = TEXTS / "beijing-winter-olympics-home-summit.xml"


def body_text(path: Path) -> str:
    root = etree.parse(str(path)).getroot()
    return "".join(root.find("{http://www.tei-c.org/ns/1.0}text").itertext())


def test_tei_in_place_keeps_links_and_characters(tmp_path: Path, tei_schema) -> None:
    src = tmp_path / "mini.xml"
    shutil.copyfile(FIXTURES / "mini.xml", src)
    (tmp_path / "glossary").mkdir()
    shutil.copyfile(FIXTURES / "glossary" / "glossary.xml", tmp_path / "glossary" / "glossary.xml")
    # an unlinked name in the original to be found
    text = src.read_text(encoding="utf-8").replace("這是第二句。", "這是習近平的第二句，俄罗斯同意。")
    src.write_text(text, encoding="utf-8")
    glossary = load_glossary(tmp_path / "glossary" / "glossary.xml")
    data, report = annotate_file(src, glossary)
    out = tmp_path / "out.xml"
    out.write_bytes(data)
    assert body_text(out) == body_text(src)  # not one character changed
    assert report["links_kept"] == 5
    assert [(m["entry"], m["surface"], m["unit"]) for m in report["matches"]] == [
        ("xi_jinping", "習近平", "zh-s1-p1-s2"),
        ("russia", "俄罗斯", "zh-s1-p1-s2"),
    ]
    assert report["matches"][1]["lang"] == "zh-Hans" and report["matches"][1]["offset"] == 4 + 3 + 3
    assert tei_schema.validate(etree.parse(str(out))), tei_schema.error_log
    ed = load_text(out, {e.id for e in glossary.entries})
    refs = [n.ref for b in ed.blocks() for s in b.original.sentences for n in s.inlines if isinstance(n, TermRef)]
    assert refs.count("xi_jinping") == 2 and "russia" in refs and "putin" in refs
    # annotating twice adds nothing: existing links are kept, never nested
    again, rep2 = annotate_file(out, glossary)
    assert rep2["links_added"] == 0 and again == data


def test_plain_text_cli_report_and_summary(tmp_path: Path, run_cli, tei_schema) -> None:
    src = tmp_path / "news.txt"
    src.write_text("普京與習近平會面。\n\n卡達菲不是卡達。\n", encoding="utf-8")
    out, rep = tmp_path / "news.xml", tmp_path / "links.json"
    code, _, err = run_cli(
        "annotate", str(src), "-o", str(out), "--report", str(rep), "--glossary", str(REUSE / "glossary.xml")
    )
    assert code == 0, err
    assert "3 links added to 3 entries" in err and "1 inside longer words" in err
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["counts"] == {"putin": 1, "qatar": 1, "xi_jinping": 1}
    assert report["not_linked"][0]["surface"] == "卡達" and report["not_linked"][0]["status"] == "skipped"
    assert {"entry", "surface", "form", "lang", "type", "unit", "offset"} <= set(report["matches"][0])
    assert tei_schema.validate(etree.parse(str(out))), tei_schema.error_log


def test_annotate_errors_write_nothing(tmp_path: Path, run_cli) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", encoding="utf-8")
    out = tmp_path / "out.xml"
    code, _, err = run_cli("annotate", str(bad), "-o", str(out), "--glossary", str(REUSE / "glossary.xml"))
    assert code == 1 and err.startswith(f"{bad}:") and err.count("\n") == 1 and not out.exists()


def test_annotate_text_returns_model_inlines() -> None:
    m = Matcher(load_glossary(REUSE / "glossary.xml"))
    inlines, matches = annotate_text("普京說，習近平同意。", m)
    assert plain_text(inlines) == "普京說，習近平同意。"
    assert [n.ref for n in inlines if isinstance(n, TermRef)] == ["putin", "xi_jinping"] == [x.entry for x in matches]


def test_seed_against_the_hand_made_article(tmp_path: Path) -> None:
    """Annotating the imported seed with the real glossary, compared with the hand-linked article."""
    from tests.test_import import seed_path

    glossary = load_glossary(GLOSSARY)
    src = tmp_path / "seed.txt"
    shutil.copyfile(seed_path(), src)
    data, _ = annotate_file(src, glossary, output=tmp_path / "seed.xml")
    (tmp_path / "seed.xml").write_bytes(data)
    ids = {e.id for e in glossary.entries}

    def links(path: Path) -> list[tuple[int, str, str]]:
        out = []
        for i, b in enumerate(load_text(path, ids).blocks()):
            for s in b.original.sentences:
                for n in s.inlines:
                    if isinstance(n, TermRef):
                        out.append((i, n.ref, plain_text(n.children)))
        return out

    got, want = links(tmp_path / "seed.xml"), links(ARTICLE)
    rest = list(want)
    tp = 0
    for g in got:
        if g in rest:
            rest.remove(g)
            tp += 1
    precision, recall = tp / len(got), tp / len(want)
    print(
        f"\nseed vs hand-made article: {len(got)} links, {len(want)} by hand; precision {precision:.3f}, recall {recall:.3f}"
    )
    assert precision >= 0.95 and recall >= 0.95


def test_imported_and_annotated_files_point_at_the_glossary_in_use(
    tmp_path: Path, run_cli, tei_schema, monkeypatch
) -> None:
    """The gl: prefix names the glossary relative to the output file, so build needs no --glossary."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lexicon").mkdir()
    shutil.copyfile(REUSE / "glossary.xml", tmp_path / "lexicon" / "names.xml")
    Path("news.txt").write_text("普京与习近平在北京会晤。\n", encoding="utf-8")
    imported, annotated = Path("out/deep/news.xml"), Path("texts/news.xml")
    code, _, err = run_cli("import", "news.txt", "-o", str(imported), "--glossary", "lexicon/names.xml")
    assert code == 0, err
    code, _, err = run_cli("annotate", "news.txt", "-o", str(annotated), "--glossary", "lexicon/names.xml")
    assert code == 0, err
    from reader.readers.tei.read import glossary_path_of

    for out, href in ((imported, "../../lexicon/names.xml"), (annotated, "../lexicon/names.xml")):
        root = etree.parse(str(out)).getroot()
        assert tei_schema.validate(root.getroottree()), tei_schema.error_log
        assert root.find(".//{*}prefixDef").get("replacementPattern") == f"{href}#$1"
        assert Path(glossary_path_of(str(out), root) or "").resolve() == (tmp_path / "lexicon" / "names.xml")
    # annotating the imported TEI elsewhere keeps the input's header (its prefix is the input's own)
    code, _, err = run_cli("annotate", str(imported), "-o", "again.xml")
    assert code == 0, err
    assert etree.parse("again.xml").find(".//{*}prefixDef").get("replacementPattern") == "../../lexicon/names.xml#$1"
    code, _, err = run_cli("build", str(annotated), "-o", "site", "--format", "html")
    assert code == 0, err
    page = Path("site/news.html").read_text(encoding="utf-8")
    assert "putin" in page and "xi_jinping" in page


def _units_by_line(data: bytes) -> dict[str, int]:
    """Each element with an xml:id in a written file, and the line it starts on in that file."""
    return {el.get(XML_ID): el.sourceline for el in etree.fromstring(data).iter() if el.get(XML_ID)}


def test_the_report_gives_each_match_the_line_of_its_unit_in_the_written_file(tmp_path: Path) -> None:
    """Plain text (the model path), Markdown with emphasis (the tree path) and TEI in place: a record's
    line is where its unit starts in the file written, XML declaration included (it was one short for
    imported text)."""
    glossary = load_glossary(GLOSSARY)
    plain = tmp_path / "plain.txt"
    plain.write_text("標題\n\n普京說，習近平同意。疫情之下，中國與美國談判。\n\n第二段：北京冬奧。\n", "utf-8")
    marked = tmp_path / "marked.md"
    marked.write_text("# 標題\n\n普京說，*習近平*同意。\n\n第二段：北京冬奧，疫情。\n", "utf-8")
    tei = tmp_path / "mini.xml"
    tei.write_text(
        (FIXTURES / "mini.xml").read_text("utf-8").replace("這是第二句。", "這是習近平的第二句，俄罗斯同意。"), "utf-8"
    )
    for path in (plain, marked, tei):
        data, report = annotate_file(path, glossary)
        lines = _units_by_line(data)
        records = report["matches"] + report["not_linked"]
        assert report["matches"], path
        for record in records:
            assert record["line"] == lines[record["unit"]], (path.name, record)
