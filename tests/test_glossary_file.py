"""Acceptance for the project glossary, glossary/glossary.xml (issue #4).

It validates against tei_all; ids are unique, ASCII and well formed; every entry has its required
fields; no two entries share a form unless both say why; and lookup finds the right entry from every
form of every entry, as written and converted to the other script.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from reader.model import Glossary, GlossaryEntry
from reader.readers.glossary import read_glossary
from reader.text.script import to_hans, to_hant
from reader.transforms.lookup import lookup, lookup_key

ROOT = Path(__file__).resolve().parent.parent

GLOSSARY = ROOT / "glossary" / "glossary.xml"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
CATEGORIES = {"person", "org", "place", "event", "term"}
LOCALES = {"zh-Hant-TW", "zh-Hans", "zh-Hant-HK", "zh-Hans-SG", "zh-Hant-MO", "en"}
TONE_MARKS = {"\u0304", "\u0301", "\u030c", "\u0300"}  # macron, acute, caron, grave (after NFD)


@pytest.fixture(scope="module")
def tree() -> etree._ElementTree:
    if not GLOSSARY.is_file():
        pytest.fail(f"the glossary {GLOSSARY.relative_to(ROOT)} does not exist")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(GLOSSARY), parser)


@pytest.fixture(scope="module")
def glossary(tree) -> Glossary:
    g, problems = read_glossary(GLOSSARY)
    assert not problems, "\n".join(str(p) for p in problems)
    assert g is not None
    return g


def test_validates_against_tei_all(tei_schema, tree):
    ok = tei_schema.validate(tree)
    errors = [f"{GLOSSARY.name}:{e.line}:{e.column}: {e.message}" for e in tei_schema.error_log][:20]
    assert ok, "\n".join(errors)


def test_ids_are_unique_ascii_snake_case(tree, glossary):
    ids = [el.get(XML_ID) for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID)]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate xml:id: {dupes}"
    bad = [e.id for e in glossary.entries if not ID_PATTERN.match(e.id)]
    assert not bad, f"ids must be ASCII lower case words joined by _: {bad}"
    assert len(glossary.entries) == len({e.id for e in glossary.entries})


def entry_problems(e: GlossaryEntry) -> list[str]:
    out = []
    if e.category not in CATEGORIES:
        out.append(f"category {e.category!r}")
    for locale in ("zh-Hant-TW", "zh-Hans", "en"):
        mains = [f.text for f in e.forms if f.lang == locale and f.type == "main"]
        if len(mains) != 1:
            out.append(f"{len(mains)} main forms in {locale} (need exactly one)")
    hk = [f.text for f in e.forms if f.lang == "zh-Hant-HK" and f.type == "main"]
    if len(hk) > 1:
        out.append(f"{len(hk)} main forms in zh-Hant-HK")
    for f in e.forms:
        if f.lang not in LOCALES:
            out.append(f"form {f.text!r} has locale {f.lang!r}")
        if f.lang.startswith("zh") and f.type != "exclusion":
            if not f.pinyin:
                out.append(f"form {f.text!r} has no pinyin")
            elif re.search(r"[A-Za-z][1-5]\b", f.pinyin) or (
                re.search("[a-z]", f.pinyin, re.I) and not TONE_MARKS & set(unicodedata.normalize("NFD", f.pinyin))
            ):
                out.append(f"pinyin {f.pinyin!r} of {f.text!r} has no tone marks")
            elif set(re.findall("[0-9]", f.pinyin)) - set(re.findall("[0-9]", unicodedata.normalize("NFKC", f.text))):
                out.append(f"pinyin {f.pinyin!r} of {f.text!r} has digits the form does not")
    if not e.english:
        out.append("no English name")
    if not e.gloss or "\n" in e.gloss:
        out.append("no one-line gloss")
    if e.wikidata and not re.fullmatch(r"Q[1-9][0-9]*", e.wikidata):
        out.append(f"wikidata {e.wikidata!r} is not a Q-id")
    return out


def test_every_entry_has_the_required_fields(glossary):
    problems = [f"{e.id} (line {e.line}): {p}" for e in glossary.entries for p in entry_problems(e)]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])


def test_the_required_fields_check_can_fail():
    from reader.model import Form

    bare = GlossaryEntry("x", "thing", (Form("習近平", "zh-Hant-TW", "main", "xi3"),), "", "two\nlines", wikidata="7")
    assert len(entry_problems(bare)) == 7


def test_notes_are_in_the_markdown_subset(glossary):
    from reader.readers.markdown import render_note

    for e in glossary.entries:
        if e.note:
            html = render_note(e.note)
            assert "<img" not in html and "<script" not in html.lower(), e.id
            hrefs = re.findall(r'href="([^"]*)"', html)
            assert all(h.startswith(("http://", "https://", "#")) for h in hrefs), (e.id, hrefs)


def test_no_two_entries_share_a_form_unless_both_say_why(glossary):
    """Forms are compared as lookup compares them (separators, width and case ignored)."""
    owners: dict[str, set[str]] = {}
    for e in glossary.entries:
        for f in e.forms:
            if f.type != "exclusion":
                owners.setdefault(lookup_key(f.text), set()).add(e.id)
    shared = []
    for key, ids in sorted(owners.items()):
        if len(ids) > 1:
            silent = sorted(i for i in ids if not glossary.by_id[i].ambiguity)
            if silent:
                shared.append(f"{key!r} is a form of {sorted(ids)}; without an ambiguity note: {silent}")
    assert not shared, "\n".join(shared)


def wrong_lookups(glossary: Glossary, e: GlossaryEntry, query: str) -> str | None:
    """None if lookup finds ``e`` for ``query`` and nothing else except acknowledged ambiguities."""
    found = lookup(glossary, query)
    if e not in found:
        return f"{query!r} does not find {e.id}"
    others = [o.id for o in found if o is not e and not (o.ambiguity and e.ambiguity)]
    if others:
        return f"{query!r} finds {e.id} but also {others}"
    return None


def test_lookup_finds_each_entry_from_each_form_in_both_scripts(glossary):
    problems = []
    for e in glossary.entries:
        for f in e.forms:
            if f.type == "exclusion":
                continue
            queries = {f.text}
            if f.lang.startswith("zh"):
                queries |= {to_hans(f.text), to_hant(f.text)}
            for q in sorted(queries):
                problem = wrong_lookups(glossary, e, q)
                if problem:
                    problems.append(f"{e.id} ({f.lang} {f.type} {f.text}): {problem}")
        problem = wrong_lookups(glossary, e, e.id)
        if problem:
            problems.append(problem)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])


@pytest.mark.parametrize(
    ("query", "english"),
    [
        ("普京", "Vladimir Putin"),
        ("普丁", "Vladimir Putin"),
        ("蒲亭", "Vladimir Putin"),
        ("习近平", "Xi Jinping"),
        ("習近平", "Xi Jinping"),
        ("伊姆蘭汗", "Imran Khan"),
        ("伊姆兰·汗", "Imran Khan"),
    ],
)
def test_the_issues_examples(glossary, query, english):
    assert [e.english for e in lookup(glossary, query)] == [english]


@pytest.mark.parametrize(
    "query", ["一带一路", "一帶一路", "上合組織", "上海合作組織", "北约", "世衛", "十八大", "二十大"]
)
def test_the_issues_terms_are_entries(glossary, query):
    assert len(lookup(glossary, query)) == 1, query


def test_the_issues_terms_have_entries(glossary):
    terms = "主場外交 外交杯葛 印太戰略 民主峰會 北約東擴 歐亞經濟聯盟 16＋1合作機制 改革開放 強國夢 鄧小平".split()
    missing = [t for t in terms if not lookup(glossary, t)]
    assert not missing, f"no entry for {missing}"


def test_lookup_from_the_project_directory_uses_the_glossary(run_cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = run_cli("glossary", "lookup", "习近平")
    assert code == 0, err
    assert out.startswith("Xi Jinping  [person · ")


def test_every_export_parses_back_with_every_entry(run_cli, glossary, tmp_path):
    from test_glossary import check_apkg, check_csv, check_json, check_tbx

    for fmt, check in (("csv", check_csv), ("json", check_json), ("tbx", check_tbx)):
        out = tmp_path / f"glossary.{fmt}"
        code, _, err = run_cli("glossary", "export", "--format", fmt, "-o", str(out), "--glossary", str(GLOSSARY))
        assert code == 0, err
        check(glossary, out.read_bytes() if fmt == "tbx" else out.read_text(encoding="utf-8"))
    out = tmp_path / "glossary.apkg"
    code, _, err = run_cli("glossary", "export", "--format", "anki", "-o", str(out), "--glossary", str(GLOSSARY))
    assert code == 0, err
    check_apkg(glossary, out, tmp_path)
