"""The glossary: reading, lookup in any script and variant, ``reader glossary lookup``, and the exports.

Every export is parsed back with an independent reader (csv, json, lxml, zip + sqlite for the .apkg)
and must hold every entry of the glossary it came from.
"""

from __future__ import annotations

import csv
import html
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reader.errors import GlossaryError, ProblemList
from reader.model import Form, Glossary
from reader.readers.glossary import load_glossary, read_glossary
from reader.transforms.lookup import lookup
from reader.writers.exports.glossary import (
    ANKI_DECK_ID,
    ANKI_FIELDS,
    ANKI_MODEL_ID,
    CSV_COLUMNS,
    TBX_NS,
    format_forms,
    parse_forms,
    render,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"

GLOSS = FIXTURES / "glossary" / "glossary.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader><fileDesc><titleStmt><title>Inline test glossary</title></titleStmt>
  <publicationStmt><p>Tests.</p></publicationStmt><sourceDesc><p>Tests.</p></sourceDesc></fileDesc></teiHeader>
  <standOff>
"""

#: Separators, fullwidth signs, exclusions and an acknowledged ambiguity, in one small glossary.
TRICKY = """
    <listPerson>
      <person xml:id="imran_khan">
        <persName type="main" xml:lang="zh-Hant-TW">伊姆蘭·汗</persName>
        <persName type="pinyin" xml:lang="zh-Latn-pinyin">Yīmǔlán Hàn</persName>
        <persName type="variant" xml:lang="zh-Hant-TW">伊姆蘭汗</persName>
        <persName type="pinyin" xml:lang="zh-Latn-pinyin">Yīmǔlán Hàn</persName>
        <persName type="main" xml:lang="zh-Hans">伊姆兰·汗</persName>
        <persName type="pinyin" xml:lang="zh-Latn-pinyin">Yīmǔlán Hàn</persName>
        <persName type="main" xml:lang="en">Imran Khan</persName>
        <note type="gloss">Prime Minister of Pakistan 2018–2022; gloss with <![CDATA[<b>markup</b> & an ampersand]]>.</note>
      </person>
    </listPerson>
    <listPlace>
      <place xml:id="middle_east">
        <placeName type="main" xml:lang="zh-Hant-TW">中東</placeName>
        <placeName type="pinyin" xml:lang="zh-Latn-pinyin">Zhōngdōng</placeName>
        <placeName type="main" xml:lang="zh-Hans">中东</placeName>
        <placeName type="pinyin" xml:lang="zh-Latn-pinyin">Zhōngdōng</placeName>
        <placeName type="exclusion" xml:lang="zh-Hant-TW">中東歐</placeName>
        <placeName type="main" xml:lang="en">Middle East</placeName>
        <note type="gloss">Region of western Asia and Egypt.</note>
      </place>
      <place xml:id="central_eastern_europe">
        <placeName type="main" xml:lang="zh-Hant-TW">中東歐</placeName>
        <placeName type="pinyin" xml:lang="zh-Latn-pinyin">Zhōng-Dōng'ōu</placeName>
        <placeName type="main" xml:lang="zh-Hans">中东欧</placeName>
        <placeName type="pinyin" xml:lang="zh-Latn-pinyin">Zhōng-Dōng'ōu</placeName>
        <placeName type="main" xml:lang="en">Central and Eastern Europe</placeName>
        <note type="gloss">The former communist states of Europe.</note>
      </place>
      <place xml:id="georgia_country">
        <placeName type="main" xml:lang="zh-Hant-TW">喬治亞</placeName>
        <placeName type="pinyin" xml:lang="zh-Latn-pinyin">Qiáozhìyà</placeName>
        <placeName type="main" xml:lang="zh-Hans">格鲁吉亚</placeName>
        <placeName type="pinyin" xml:lang="zh-Latn-pinyin">Gélǔjíyà</placeName>
        <placeName type="main" xml:lang="en">Georgia</placeName>
        <note type="gloss">Country in the Caucasus.</note>
        <note type="ambiguity">Taiwan writes 喬治亞 for both the country and the US state.</note>
      </place>
      <place xml:id="georgia_state">
        <placeName type="main" xml:lang="zh-Hant-TW">喬治亞</placeName>
        <placeName type="pinyin" xml:lang="zh-Latn-pinyin">Qiáozhìyà</placeName>
        <placeName type="main" xml:lang="zh-Hans">佐治亚</placeName>
        <placeName type="pinyin" xml:lang="zh-Latn-pinyin">Zuǒzhìyà</placeName>
        <placeName type="main" xml:lang="en">Georgia (U.S. state)</placeName>
        <note type="gloss">State in the south-eastern United States.</note>
        <note type="ambiguity">Taiwan writes 喬治亞 for both the country and the US state.</note>
      </place>
    </listPlace>
    <list type="terms">
      <item xml:id="sixteen_plus_one">
        <term type="main" xml:lang="zh-Hant-TW">16＋1合作機制</term>
        <term type="pinyin" xml:lang="zh-Latn-pinyin">Shíliù jiā yī hézuò jīzhì</term>
        <term type="main" xml:lang="zh-Hans">16+1合作机制</term>
        <term type="pinyin" xml:lang="zh-Latn-pinyin">Shíliù jiā yī hézuò jīzhì</term>
        <term type="abbreviation" xml:lang="zh-Hant-TW">16＋1</term>
        <term type="pinyin" xml:lang="zh-Latn-pinyin">Shíliù jiā yī</term>
        <term type="main" xml:lang="en">16+1 cooperation: a|b \\ c: d</term>
        <note type="gloss">China's summit format with Central and Eastern European states (2012–).</note>
      </item>
    </list>
"""


def write_glossary(tmp_path: Path, body: str, name: str = "g.xml") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body + "  </standOff>\n</TEI>\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fixture_glossary() -> Glossary:
    return load_glossary(GLOSS)


@pytest.fixture()
def tricky(tmp_path: Path) -> Path:
    return write_glossary(tmp_path, TRICKY)


# --- reading ----------------------------------------------------------------------------------


def test_fixture_reads_every_field(fixture_glossary):
    g = fixture_glossary
    assert [e.id for e in g.entries] == ["putin", "xi_jinping", "russia", "belt_and_road"]
    assert [e.category for e in g.entries] == ["person", "person", "place", "term"]
    putin = g.by_id["putin"]
    assert putin.english == "Vladimir Putin" and putin.wikidata == "Q7747"
    assert Form("蒲亭", "zh-Hant-TW", "variant", "Pútíng", source=("src_test",)) in putin.forms
    assert Form("普京", "zh-Hant-HK", "main", "Pǔjīng", source=("src_test",)) in putin.forms
    assert putin.note.startswith("Spelled *蒲亭*")


def test_shared_form_without_ambiguity_note_is_a_problem(tmp_path):
    body = TRICKY.replace(
        '<note type="ambiguity">Taiwan writes 喬治亞 for both the country and the US state.</note>', ""
    )
    g, problems = read_glossary(write_glossary(tmp_path, body))
    assert g is None
    assert any("喬治亞" in str(p) and "ambiguity" in str(p) for p in problems)


# --- lookup -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("普京", "putin"),  # mainland and Hong Kong
        ("普丁", "putin"),  # Taiwan
        ("蒲亭", "putin"),  # the article's variant
        ("Vladimir Putin", "putin"),
        ("vladimir putin", "putin"),
        ("putin", "putin"),  # the id
        ("習近平", "xi_jinping"),
        ("习近平", "xi_jinping"),
        (" 习近平 ", "xi_jinping"),
        ("一帶一路", "belt_and_road"),
        ("一带一路", "belt_and_road"),
        ("「一帶一路」", "belt_and_road"),
        ("俄罗斯", "russia"),
        ("俄", "russia"),
    ],
)
def test_lookup_any_script_or_variant(fixture_glossary, query, expected):
    assert [e.id for e in lookup(fixture_glossary, query)] == [expected]


@pytest.mark.parametrize("query", ["", "  ", "普", "一帶", "Xi", "Vladimir", "俄羅", "putin_"])
def test_lookup_needs_a_whole_form(fixture_glossary, query):
    assert lookup(fixture_glossary, query) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("伊姆蘭·汗", ["imran_khan"]),
        ("伊姆蘭汗", ["imran_khan"]),
        ("伊姆蘭‧汗", ["imran_khan"]),  # U+2027, the Taiwan middle dot
        ("伊姆蘭・汗", ["imran_khan"]),  # U+30FB, the Japanese one
        ("伊姆兰汗", ["imran_khan"]),
        ("imran khan", ["imran_khan"]),
        ("16＋1合作機制", ["sixteen_plus_one"]),
        ("16+1合作机制", ["sixteen_plus_one"]),
        ("16+1", ["sixteen_plus_one"]),
        ("中東", ["middle_east"]),
        ("中东", ["middle_east"]),
        ("中東歐", ["central_eastern_europe"]),  # an exclusion of middle_east, not a form
        ("喬治亞", ["georgia_country", "georgia_state"]),  # a real ambiguity: both, in file order
        ("格鲁吉亚", ["georgia_country"]),
        ("佐治亚", ["georgia_state"]),
    ],
)
def test_lookup_separators_widths_exclusions_ambiguity(tricky, query, expected):
    assert [e.id for e in lookup(load_glossary(tricky), query)] == expected


def test_lookup_is_fast_enough_to_call_per_form(fixture_glossary):
    """The index is built once per glossary object: later lookups reuse it."""
    from reader.transforms import lookup as module

    lookup(fixture_glossary, "普京")
    index = module._index(fixture_glossary)
    lookup(fixture_glossary, "习近平")
    assert module._index(fixture_glossary) is index


# --- reader glossary lookup -------------------------------------------------------------------


def test_cli_lookup_prints_the_entry_readably(run_cli):
    code, out, err = run_cli("glossary", "lookup", "普京", "--glossary", str(GLOSS))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Vladimir Putin  [person · putin]"
    rows = {" ".join(line.split()) for line in lines[1:]}
    assert "Traditional, Taiwan 普丁 Pǔdīng main" in rows
    assert "Traditional, Taiwan 蒲亭 Pútíng variant" in rows
    assert "Simplified, mainland 普京 Pǔjīng main" in rows
    assert "Traditional, Hong Kong 普京 Pǔjīng main" in rows
    assert "English Vladimir Putin (main)" in rows
    assert "Gloss: President of Russia." in rows
    assert any(r.startswith("Note: Spelled *蒲亭*") for r in rows)
    assert "Wikidata: Q7747 https://www.wikidata.org/wiki/Q7747" in rows


def test_cli_lookup_columns_line_up_with_wide_characters(run_cli):
    from reader.app.glossary import width

    _, out, _ = run_cli("glossary", "lookup", "普京", "--glossary", str(GLOSS))
    rows = [line for line in out.splitlines()[1:6]]
    starts = {width(r[: r.index(p)]) for r, p in zip(rows, ["Pǔdīng", "Pútíng", "Pǔjīng", "Pǔjīng"], strict=False)}
    assert len(starts) == 1, rows


def test_cli_lookup_glossary_option_on_the_parent_command(run_cli):
    code, out, _ = run_cli("glossary", "--glossary", str(GLOSS), "lookup", "一带一路")
    assert code == 0 and out.startswith("Belt and Road Initiative  [term · belt_and_road]")


def test_cli_lookup_shows_every_entry_of_an_ambiguous_form(run_cli, tricky):
    code, out, _ = run_cli("glossary", "lookup", "喬治亞", "--glossary", str(tricky))
    assert code == 0
    assert out.startswith("2 entries have the form '喬治亞':")
    assert "Georgia  [place · georgia_country]" in out and "Georgia (U.S. state)  [place · georgia_state]" in out
    assert "Ambiguity: Taiwan writes 喬治亞" in out


def test_cli_lookup_shows_exclusions(run_cli, tricky):
    _, out, _ = run_cli("glossary", "lookup", "中東", "--glossary", str(tricky))
    assert "Not this:  中東歐" in out


def test_cli_lookup_no_match_is_one_line_and_exit_1(run_cli):
    code, out, err = run_cli("glossary", "lookup", "普", "--glossary", str(GLOSS))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"{GLOSS}: no entry has the form '普'")
    assert "did you mean 普丁 (putin)?" in err


def test_cli_lookup_missing_glossary(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("glossary", "lookup", "普京")
    assert code == 1 and out == ""
    assert (
        err
        == "glossary/glossary.xml: no glossary file here (run from the project directory, or pass --glossary FILE)\n"
    )
    code, _, err = run_cli("glossary", "lookup", "普京", "--glossary", "nope.xml")
    assert (code, err) == (1, "nope.xml: no glossary file here\n")


def test_cli_lookup_broken_glossary_reports_path_line_col(run_cli, tmp_path):
    bad = write_glossary(tmp_path, TRICKY.replace('<note type="gloss">Region of western Asia and Egypt.</note>', ""))
    code, _, err = run_cli("glossary", "lookup", "普京", "--glossary", str(bad))
    assert code == 1
    assert err.startswith(f"{bad}:") and "has no <note type='gloss'>" in err and "Traceback" not in err


# --- exports: parse back with every entry -----------------------------------------------------


def glossaries(tmp_path: Path) -> list[Glossary]:
    return [load_glossary(GLOSS), load_glossary(write_glossary(tmp_path, TRICKY))]


def test_forms_cell_round_trips_any_text():
    forms = [
        Form("a:b|c\\d", "en", "main"),
        Form("伊姆蘭·汗", "zh-Hant-TW", "main", "Yīmǔlán Hàn"),
        Form("x", "zh-Hans", "variant", "p:q|r"),
        Form("中東歐", "zh-Hant-TW", "exclusion"),
        Form("美國國會", "zh-Hant-TW", "exclusion", subtype="context", source=("a", "b"), left="美國"),
        Form("冬奧", "zh-Hant-TW", "abbreviation", "Dōng'ào", "contextual", ("a",), "2014–2025-01"),
    ]
    assert parse_forms(format_forms(forms)) == forms
    assert parse_forms("") == []
    with pytest.raises(ValueError):
        parse_forms("just text")


def check_csv(g: Glossary, text: str) -> None:
    """The CSV export parses back with the csv module into every entry and field of ``g`` (cells that
    would start a formula carry a leading apostrophe, which unneutralise takes off)."""
    from reader.readers.glossary_tables import unneutralise

    rows = [{k: unneutralise(v) for k, v in r.items()} for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))]
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [e.id for e in g.entries]
    for r, e in zip(rows, g.entries, strict=True):
        assert (r["category"], r["english"], r["gloss"], r["note"], r["wikidata"], r["ambiguity"]) == (
            e.category,
            e.english,
            e.gloss,
            e.note,
            e.wikidata,
            e.ambiguity,
        )
        assert tuple(parse_forms(r["forms"])) == e.forms
        hant = e.main_form("zh-Hant-TW")
        assert hant is not None and (r["zh_hant_tw"], r["zh_hant_tw_pinyin"]) == (hant.text, hant.pinyin)


def check_json(g: Glossary, text: str) -> None:
    """The JSON export parses back into every entry and field of ``g``."""
    data = json.loads(text)
    assert data["title"] == g.title
    assert len(data["entries"]) == len(g.entries)
    for d, e in zip(data["entries"], g.entries, strict=True):
        forms = tuple(Form(**{**f, "source": tuple(f.get("source", ()))}) for f in d.pop("forms"))
        assert forms == e.forms
        assert d == {
            "id": e.id,
            "category": e.category,
            "english": e.english,
            "gloss": e.gloss,
            "note": e.note,
            "wikidata": e.wikidata,
            "ambiguity": e.ambiguity,
        }


def check_tbx(g: Glossary, data: bytes) -> None:
    """The TBX export parses back: one conceptEntry per entry, each distinct term once per section with
    its regions, status and type, each reading a term of its own pointing at the terms it reads, and
    the TBX-Basic rules (tests/test_tbx_basic.py checks those on their own)."""
    from reader.writers.exports.tbx import REGIONS

    ns = {"t": TBX_NS}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    assert root.tag == f"{{{TBX_NS}}}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert root.find("t:tbxHeader/t:fileDesc/t:sourceDesc/t:p", ns) is not None
    concepts = root.findall("t:text/t:body/t:conceptEntry", ns)
    assert [c.get("id") for c in concepts] == [e.id for e in g.entries]
    for c, e in zip(concepts, g.entries, strict=True):
        assert c.findtext("t:descrip[@type='definition']", namespaces=ns) == e.gloss
        sections = {ls.get(XML_LANG): ls for ls in c.findall("t:langSec", ns)}
        assert {"zh-Hant", "zh-Hans", "en"} <= set(sections) <= {"zh-Hant", "zh-Hans", "en", "zh-Latn-pinyin"}, e.id
        terms: dict[str, str] = {}
        got = set()
        for name, ls in sections.items():
            texts = [ts.findtext("t:term", namespaces=ns) for ts in ls.findall("t:termSec", ns)]
            assert len(texts) == len(set(texts)), f"{e.id}: a term twice in {name}"
            if name == "zh-Latn-pinyin":
                continue
            for ts in ls.findall("t:termSec", ns):
                text = ts.findtext("t:term", namespaces=ns)
                terms[ts.get("id")] = text
                regions = [n.text for n in ts.findall("t:termNote[@type='geographicalUsage']", ns)] or [None]
                status = ts.findtext("t:termNote[@type='administrativeStatus']", namespaces=ns)
                for r in regions:
                    got.add((text, r, status == "preferredTerm-admn-sts"))
        want = set()
        for f in e.forms:
            if f.type == "exclusion":
                continue
            main = any(x.text == f.text and x.type == "main" and x.lang[:7] == f.lang[:7] for x in e.forms)
            want.add((f.text, REGIONS.get(f.lang), main))
        assert got == want, e.id
        readings = {}
        for ts in sections.get("zh-Latn-pinyin", etree.Element("x")).findall("t:termSec", ns):
            for ref in ts.findall("t:ref[@type='crossReference']", ns):
                readings.setdefault(terms[ref.get("target")], set()).add(ts.findtext("t:term", namespaces=ns))
        for f in e.chinese_forms():
            if f.pinyin:
                assert f.pinyin in readings.get(f.text, set()), (e.id, f.text)
        xref = c.find("t:xref", ns)
        if e.wikidata:
            assert xref is not None and xref.get("target") == f"https://www.wikidata.org/wiki/{e.wikidata}"
        else:
            assert xref is None


def read_apkg(path: Path, tmp_path: Path) -> tuple[list[tuple[str, list[str], str]], dict, dict]:
    """(guid, fields, tags) of every note, the models and the decks of an .apkg."""
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        db = tmp_path / "collection.anki2"
        db.write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(db)
    try:
        notes = [
            (guid, flds.split("\x1f"), tags) for guid, flds, tags in con.execute("select guid, flds, tags from notes")
        ]
        models_json, decks_json = con.execute("select models, decks from col").fetchone()
    finally:
        con.close()
    return notes, json.loads(models_json), json.loads(decks_json)


def check_apkg(g: Glossary, path: Path, tmp_path: Path) -> dict[str, dict[str, str]]:
    """The .apkg holds one note per entry (hanzi front; pinyin, English, gloss back); fields by entry id."""
    import genanki

    notes, models, decks = read_apkg(path, tmp_path)
    assert str(ANKI_MODEL_ID) in models and str(ANKI_DECK_ID) in decks
    assert [f["name"] for f in models[str(ANKI_MODEL_ID)]["flds"]] == list(ANKI_FIELDS)
    template, english = models[str(ANKI_MODEL_ID)]["tmpls"]
    assert "{{Hanzi}}" in template["qfmt"] and "{{Pinyin}}" not in template["qfmt"]
    assert all("{{" + name + "}}" in template["afmt"] for name in ("Pinyin", "SimplifiedPinyin", "English", "Gloss"))
    assert "{{English}}" in english["qfmt"] and "{{Hanzi}}" not in english["qfmt"]  # English -> Chinese
    assert all("{{" + name + "}}" in english["afmt"] for name in ("Hanzi", "Pinyin", "Simplified", "SimplifiedPinyin"))
    by_guid = {guid: (fields, tags) for guid, fields, tags in notes}
    assert len(notes) == len(g.entries)
    out = {}
    for e in g.entries:
        fields, tags = by_guid[genanki.guid_for("reader", e.id)]
        f = {name: html.unescape(value) for name, value in zip(ANKI_FIELDS, fields, strict=True)}
        hant = e.main_form("zh-Hant-TW")
        assert hant is not None
        assert (f["Hanzi"], f["Pinyin"], f["English"], f["Gloss"], f["Id"]) == (
            hant.text,
            hant.pinyin,
            e.english,
            e.gloss,
            e.id,
        )
        assert tags.split() == [e.category]
        hans = next((x for x in e.forms if x.lang == "zh-Hans" and x.type == "main"), None)
        if hans is not None and hans.text != hant.text:  # each headword with its own reading
            assert (f["Simplified"], f["SimplifiedPinyin"]) == (hans.text, hans.pinyin), e.id
        else:
            assert f["Simplified"] == f["SimplifiedPinyin"] == ""
        out[e.id] = f
    return out


def test_csv_parses_back_with_every_entry_and_field(tmp_path):
    for g in glossaries(tmp_path):
        check_csv(g, render(g, "csv"))  # type: ignore[arg-type]


def test_json_parses_back_with_every_entry_and_field(tmp_path):
    for g in glossaries(tmp_path):
        check_json(g, render(g, "json"))  # type: ignore[arg-type]


def test_tbx_is_well_formed_with_one_concept_per_entry(tmp_path):
    for g in glossaries(tmp_path):
        check_tbx(g, render(g, "tbx"))  # type: ignore[arg-type]


def test_the_checks_can_fail(tmp_path):
    g = load_glossary(GLOSS)
    fewer = Glossary(g.entries[:-1], g.source, g.title)
    for check, fmt in ((check_csv, "csv"), (check_json, "json"), (check_tbx, "tbx")):
        with pytest.raises(AssertionError):
            check(g, render(fewer, fmt))  # type: ignore[operator]


def test_anki_deck_parses_back_with_every_entry(run_cli, tmp_path):
    out = tmp_path / "out" / "glossary.apkg"
    code, _, err = run_cli("glossary", "export", "--format", "anki", "-o", str(out), "--glossary", str(GLOSS))
    assert code == 0, err
    assert sorted(p.name for p in out.parent.iterdir()) == ["glossary.apkg"]  # no temporary file left
    fields = check_apkg(load_glossary(GLOSS), out, tmp_path)
    assert fields["xi_jinping"]["Simplified"] == "习近平"  # the simplified form is shown when it differs
    assert fields["putin"]["Simplified"] == "普京"
    assert fields["belt_and_road"]["Simplified"] == "一带一路"
    assert fields["putin"]["Forms"] == "蒲亭 (zh-Hant-TW, variant, Pútíng); 普京 (zh-Hant-HK, main, Pǔjīng)"
    assert fields["putin"]["Note"].startswith("<p>Spelled <em>蒲亭</em>")


def test_anki_ids_are_stable_and_fields_escaped(tmp_path):
    g = load_glossary(write_glossary(tmp_path, TRICKY))
    a, b = tmp_path / "a.apkg", tmp_path / "b.apkg"
    a.write_bytes(render(g, "anki"))  # type: ignore[arg-type]
    b.write_bytes(render(g, "anki"))  # type: ignore[arg-type]
    (na, ma, da), (nb, mb, db) = read_apkg(a, tmp_path), read_apkg(b, tmp_path)
    assert [n[0] for n in na] == [n[0] for n in nb] and len(na) == len(g.entries)
    assert set(ma) == set(mb) == {str(ANKI_MODEL_ID)}
    assert set(da) - {"1"} == set(db) - {"1"} == {str(ANKI_DECK_ID)}
    gloss = {n[1][-1]: n[1][ANKI_FIELDS.index("Gloss")] for n in na}["imran_khan"]
    assert "&lt;b&gt;markup&lt;/b&gt; &amp; an ampersand" in gloss and "<b>" not in gloss


def test_anki_without_genanki_is_a_clear_error(run_cli, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "genanki", None)  # makes `import genanki` raise ImportError
    out = tmp_path / "g.apkg"
    code, _, err = run_cli("glossary", "export", "--format", "anki", "-o", str(out), "--glossary", str(GLOSS))
    assert code == 1 and "Traceback" not in err
    assert err == "the anki export needs the genanki package: pip install 'reader[anki]' (or pip install genanki)\n"
    assert not out.exists()


def test_anki_needs_an_output_file(run_cli):
    code, out, err = run_cli("glossary", "export", "--format", "anki", "--glossary", str(GLOSS))
    assert code == 1 and out == ""
    assert "-o FILE.apkg" in err


@pytest.mark.parametrize("fmt", ["csv", "json", "tbx"])
def test_cli_export_to_stdout_and_to_a_file_agree(run_cli, tmp_path, fmt):
    code, out, err = run_cli("glossary", "export", "--format", fmt, "--glossary", str(GLOSS))
    assert code == 0, err
    target = tmp_path / f"g.{fmt}"
    target.write_text("old content", encoding="utf-8")
    code, _, err = run_cli("glossary", "export", "--format", fmt, "-o", str(target), "--glossary", str(GLOSS))
    assert code == 0, err
    assert target.read_text(encoding="utf-8") == out
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_cli_export_unwritable_target_is_one_line(run_cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run_cli(
        "glossary", "export", "--format", "csv", "-o", str(blocker / "g.csv"), "--glossary", str(GLOSS)
    )
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err


def test_export_refuses_a_broken_glossary(run_cli, tmp_path):
    body = TRICKY.replace(
        '<note type="ambiguity">Taiwan writes 喬治亞 for both the country and the US state.</note>', ""
    )
    bad = write_glossary(tmp_path, body)
    out = tmp_path / "g.json"
    code, _, err = run_cli("glossary", "export", "--format", "json", "-o", str(out), "--glossary", str(bad))
    assert code == 1 and "喬治亞" in err and not out.exists()
    with pytest.raises((GlossaryError, ProblemList)):
        load_glossary(bad)
