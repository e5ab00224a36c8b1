"""Exports of the project glossary that other tools accept (issue 15): an Anki deck with each
headword's own reading and cards both ways, CSV safe for spreadsheets, every export read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from test_glossary import check_apkg, check_csv, check_json, check_tbx, read_apkg

from reader.readers.glossary import load_glossary
from reader.readers.glossary_tables import read_table
from reader.writers.exports.glossary import neutralise, render

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary" / "glossary.xml"


def test_every_export_of_the_project_glossary_reads_back(tmp_path):
    g = load_glossary(GLOSSARY)
    check_csv(g, render(g, "csv"))  # type: ignore[arg-type]
    check_csv(g, render(g, "csv", excel=True))  # type: ignore[arg-type]
    check_json(g, render(g, "json"))  # type: ignore[arg-type]
    check_tbx(g, render(g, "tbx"))  # type: ignore[arg-type]
    deck = tmp_path / "g.apkg"
    deck.write_bytes(render(g, "anki"))  # type: ignore[arg-type]
    fields = check_apkg(g, deck, tmp_path)
    assert (fields["putin"]["Simplified"], fields["putin"]["SimplifiedPinyin"]) == ("普京", "Pǔjīng")
    missing = [e for e in g.entries if fields[e.id]["Simplified"] and not fields[e.id]["SimplifiedPinyin"]]
    assert not missing  # (17 Simplified headwords had no reading before)


def test_anki_notes_keep_their_ids_when_the_glossary_changes(tmp_path):
    """A re-import updates notes in place: the same entry gets the same note guid in any export."""
    g = load_glossary(GLOSSARY)
    a = tmp_path / "a.apkg"
    a.write_bytes(render(g, "anki"))  # type: ignore[arg-type]
    from reader.model import Glossary

    fewer = Glossary(g.entries[1:], g.source, g.title)
    b = tmp_path / "b.apkg"
    b.write_bytes(render(fewer, "anki"))  # type: ignore[arg-type]
    ga = {n[1][-1]: n[0] for n in read_apkg(a, tmp_path)[0]}
    gb = {n[1][-1]: n[0] for n in read_apkg(b, tmp_path)[0]}
    assert gb and all(ga[eid] == guid for eid, guid in gb.items())


def test_csv_for_excel_has_a_bom_and_no_live_formulas(run_cli, tmp_path):
    out = tmp_path / "g.csv"
    code, _, err = run_cli(
        "glossary", "export", "--format", "csv", "--excel", "-o", str(out), "--glossary", str(GLOSSARY)
    )
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    plain = tmp_path / "p.csv"
    assert run_cli("glossary", "export", "--format", "csv", "-o", str(plain), "--glossary", str(GLOSSARY))[0] == 0
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    code, _, err = run_cli("glossary", "export", "--format", "json", "--excel", "--glossary", str(GLOSSARY))
    assert code == 1 and "--excel" in err


def test_formula_cells_are_neutralised_and_read_back(tmp_path):
    from test_glossary import write_glossary

    body = (
        '<listPerson><person xml:id="x"><persName type="main" xml:lang="zh-Hant-TW">習近平</persName>'
        '<persName type="pinyin" xml:lang="zh-Latn-pinyin">Xí Jìnpíng</persName>'
        '<persName type="main" xml:lang="zh-Hans">习近平</persName>'
        '<persName type="pinyin" xml:lang="zh-Latn-pinyin">Xí Jìnpíng</persName>'
        '<persName type="main" xml:lang="en">=HYPERLINK("http://example.com","x")</persName>'
        '<note type="gloss">+1 or -1 @ a cell</note></person></listPerson>'
    )
    g = load_glossary(write_glossary(tmp_path, body))
    text = render(g, "csv")
    assert isinstance(text, str)
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], cells
    assert '\'=HYPERLINK("http://example.com","x")' in cells and "'+1 or -1 @ a cell" in cells
    check_csv(g, text)
    back = tmp_path / "back.csv"
    back.write_text(text, "utf-8")
    assert read_table(back)[0].english == '=HYPERLINK("http://example.com","x")'
    assert neutralise("普京") == "普京" and neutralise("@x") == "'@x"
