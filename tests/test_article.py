"""Acceptance for the article (issue #3) and its links to the glossary (issue #4).

The checks read the TEI with lxml directly, independently of ``reader.readers.tei.read``, and derive the
expected paragraphs from the seed's own layout (indentation and headings), never from the TEI:

- the file validates against tei_all;
- FIDELITY: the original (title, byline, headings, paragraphs, editor's note; translator's notes
  excluded), whitespace removed, equals the seed, whitespace removed, exactly;
- STRUCTURE: 3 sections, 4 subsections in section two, the seed's paragraphs and boundaries; every
  original heading, paragraph and sentence has an English counterpart of the same kind; no dangling
  pointer; no English unit without an original; translator's notes in the translation only;
- LINKS: every glossary form found in the Chinese text sits inside an element linking to its entry
  (occurrences inside one of the entry's exclusion forms excepted); every ref resolves; every linked
  name is a form of the entry it links to.

The seed is committed under tests/fixtures/seed/ and checked against ``../shared/seed`` when that exists.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TEXTS = ROOT / "texts"
#: the seed in the shared folder beside the clone (as in CI); a copy is committed under tests/fixtures/seed
SEED = ROOT.parent / "shared" / "seed" / "000_98b864c6a4c550a8.txt"
IN_CI = bool(os.environ.get("CI"))

ARTICLE = TEXTS / "beijing-winter-olympics-home-summit.xml"
SEED_COPY = FIXTURES / "seed" / SEED.name
SEED_SHA256 = "a41c077f8c0c622a9c82e0c329e24c9a827c2294b246f385f73357577587716d"
TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
UNIT_TAGS = {"head", "byline", "p", "s", "seg"}
POINTER_ATTRS = ("corresp", "target", "sameAs", "next", "prev")
HEADING = re.compile(r"^(?P<section>[一二三四五六七八九十]+、)|^(?P<sub>[(（][一二三四五六七八九十]+[)）])")


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def squeeze(text: str) -> str:
    """Text with every whitespace character removed."""
    return "".join(text.split())


def is_translator_note(el: etree._Element) -> bool:
    return local(el) == "note" and el.get("type") == "translator"


def text_of(el: etree._Element) -> str:
    """The text of an element in document order, translator's notes and comments left out."""
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        if isinstance(node.tag, str) and not is_translator_note(node):
            out.append(node.text or "")
            for child in node:
                walk(child)
                out.append(child.tail or "")

    walk(el)
    return "".join(out)


# --- fixtures ---------------------------------------------------------------------------------


def seed_text() -> str:
    """The committed copy of the seed, which must be the seed."""
    if not SEED_COPY.is_file():
        pytest.fail(f"the seed copy {SEED_COPY} is missing; copy ../shared/seed/{SEED.name} there")
    data = SEED_COPY.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256, f"{SEED_COPY} is not the seed (its SHA-256 differs)"
    return data.decode("utf-8")


@pytest.fixture(scope="module")
def tree() -> etree._ElementTree:
    if not ARTICLE.is_file():
        pytest.fail(f"the article {ARTICLE.relative_to(ROOT)} does not exist")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=False)
    return etree.parse(str(ARTICLE), parser)


@pytest.fixture(scope="module")
def original(tree) -> etree._Element:
    divs = tree.findall(".//t:text/t:body/t:div[@type='original']", NS)
    assert len(divs) == 1, "the body needs exactly one div[@type='original']"
    return divs[0]


@pytest.fixture(scope="module")
def translation(tree) -> etree._Element:
    divs = tree.findall(".//t:text/t:body/t:div[@type='translation']", NS)
    assert len(divs) == 1, "the body needs exactly one div[@type='translation']"
    return divs[0]


@pytest.fixture(scope="module")
def ids(tree) -> dict[str, etree._Element]:
    return {el.get(XML_ID): el for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID)}


# --- the seed ---------------------------------------------------------------------------------


def test_the_committed_seed_is_the_shared_seed():
    copy = seed_text()
    if SEED.is_file():
        assert SEED.read_text(encoding="utf-8") == copy, f"{SEED_COPY} differs from {SEED}"
    elif IN_CI:
        pytest.fail(f"CI runs with a copy of shared/ beside the clone, but {SEED} is missing")


@dataclass
class SeedUnit:
    kind: str  #: title, byline, section, subsection, p or note
    text: str  #: whitespace removed


def seed_units(text: str) -> list[SeedUnit]:
    """The seed's units from its layout alone: the first two lines are the title and byline; numbered
    lines are headings; a paragraph starts at an indented line or at the first line after a heading;
    every other line (wrapped, or continued after a page break) continues the unit before it."""
    lines = [line for line in text.split("\n") if line.strip()]
    units = [SeedUnit("title", squeeze(lines[0])), SeedUnit("byline", squeeze(lines[1]))]
    after_heading = False
    for line in lines[2:]:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" \u3000\t"))
        m = HEADING.match(stripped)
        if m:
            units.append(SeedUnit("section" if m.group("section") else "subsection", squeeze(stripped)))
            after_heading = True
        elif stripped.startswith("編按"):
            units.append(SeedUnit("note", squeeze(stripped)))
            after_heading = False
        elif indent >= 2 or after_heading:
            units.append(SeedUnit("p", squeeze(stripped)))
            after_heading = False
        else:
            units[-1].text += squeeze(stripped)
    return units


def test_seed_units_are_derived_from_the_layout():
    units = seed_units(seed_text())
    kinds = [u.kind for u in units]
    assert kinds[:2] == ["title", "byline"] and kinds[-1] == "note"
    assert kinds.count("section") == 3 and kinds.count("subsection") == 4
    assert "".join(u.text for u in units) == squeeze(seed_text())
    # every paragraph ends a sentence: a wrong boundary would leave one ending mid-sentence
    assert all(u.text[-1] in "。：" for u in units if u.kind == "p"), [u.text[-12:] for u in units if u.kind == "p"]


# --- the TEI's units --------------------------------------------------------------------------


def tei_units(original: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """(kind, element) of every unit of the original in document order, in the kinds of seed_units."""
    for el in original.iter():
        if not isinstance(el.tag, str) or el is original:
            continue
        name = local(el)
        parent = el.getparent()
        if any(local(a) in UNIT_TAGS | {"note"} for a in el.iterancestors() if a is not original):
            continue  # inside a unit: part of its text
        if name == "head":
            if parent is original:
                yield "title", el
            else:
                yield {"section": "section", "subsection": "subsection"}.get(parent.get("type"), "head?"), el
        elif name in ("byline", "p"):
            yield name, el
        elif name == "note":
            yield ("note" if el.get("type") == "publisher" else f"note[{el.get('type')}]"), el
        elif name != "div":
            yield f"<{name}>", el


def test_validates_against_tei_all(tei_schema, tree):
    ok = tei_schema.validate(tree)
    errors = [f"{ARTICLE.name}:{e.line}:{e.column}: {e.message}" for e in tei_schema.error_log][:20]
    assert ok, "\n".join(errors)


def first_difference(a: str, b: str) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at character {i}: TEI …{a[max(0, i - 25) : i + 25]}… vs seed …{b[max(0, i - 25) : i + 25]}…"


def test_fidelity_the_original_is_the_seed_exactly(original):
    got = squeeze(text_of(original))
    want = squeeze(seed_text())
    assert got == want, first_difference(got, want)


def test_paragraph_count_and_boundaries_are_the_seeds(original):
    got = [(kind, squeeze(text_of(el))) for kind, el in tei_units(original)]
    want = [(u.kind, u.text) for u in seed_units(seed_text())]
    problems = []
    for k, (g, w) in enumerate(zip(got, want, strict=False)):
        if g != w:
            problems.append(f"unit {k}: TEI {g[0]} {g[1][:20]}…{g[1][-12:]} | seed {w[0]} {w[1][:20]}…{w[1][-12:]}")
    if len(got) != len(want):
        problems.append(f"the TEI has {len(got)} units, the seed {len(want)}")
    assert not problems, "\n".join(problems[:10])


def test_three_sections_four_subsections_in_section_two(original, translation):
    for side in (original, translation):
        sections = side.findall("t:div", NS)
        assert [(d.get("type"), d.get("n")) for d in sections] == [("section", "1"), ("section", "2"), ("section", "3")]
        subs = [[(s.get("type"), s.get("n")) for s in d.findall("t:div", NS)] for d in sections]
        assert subs == [[], [("subsection", str(n)) for n in range(1, 5)], []]
        assert all(len(d.findall("t:head", NS)) == 1 for d in side.iter(f"{{{TEI}}}div") if d is not side)


def test_each_paragraph_sits_in_the_division_of_the_heading_before_it(original):
    last_head = None
    for kind, el in tei_units(original):
        if kind in ("section", "subsection"):
            last_head = el
        elif kind == "p":
            assert last_head is not None and el.getparent() is last_head.getparent(), el.get(XML_ID)


def test_paragraphs_are_divided_into_sentences(original):
    for p in original.iter(f"{{{TEI}}}p"):
        sentences = [c for c in p if local(c) in ("s", "seg")]
        assert sentences, f"#{p.get(XML_ID)} has no s"
        outside = squeeze((p.text or "") + "".join(c.tail or "" for c in p))
        assert outside == "", f"#{p.get(XML_ID)} has text outside its sentences: {outside!r}"
        assert all(local(c) in ("s", "seg") for c in p if isinstance(c.tag, str)), p.get(XML_ID)


def original_units(original: etree._Element) -> list[etree._Element]:
    return [
        el
        for el in original.iter()
        if isinstance(el.tag, str)
        and (local(el) in UNIT_TAGS or local(el) == "div" or (local(el) == "note" and el.get("type") == "publisher"))
        and el is not original
    ]


def test_every_original_unit_has_an_id(original):
    missing = [f"<{local(el)}> line {el.sourceline}" for el in original_units(original) if not el.get(XML_ID)]
    assert not missing
    wrong = [el.get(XML_ID) for el in original_units(original) if not el.get(XML_ID).startswith("zh-")]
    assert not wrong, f"ids of the original start with zh-: {wrong}"


def pointers(value: str | None) -> list[str]:
    return (value or "").split()


def test_no_dangling_pointer(tree, ids):
    dangling = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in POINTER_ATTRS:
            for ptr in pointers(el.get(attr)):
                if not ptr.startswith("#") or ptr[1:] not in ids:
                    dangling.append(f"line {el.sourceline}: {attr}={ptr!r}")
    assert not dangling, "\n".join(dangling)


def test_every_original_unit_has_an_english_counterpart(original, translation):
    rendered: dict[str, set[str]] = {}
    for el in translation.iter():
        if isinstance(el.tag, str):
            for ptr in pointers(el.get("corresp")):
                rendered.setdefault(ptr.removeprefix("#"), set()).add(local(el))
    missing = []
    for el in original_units(original):
        kinds = rendered.get(el.get(XML_ID) or "", set())
        want = {"s", "seg"} if local(el) in ("s", "seg") else {local(el)}
        if not kinds & want:
            missing.append(f"#{el.get(XML_ID)} (<{local(el)}>) has no English <{local(el)}> pointing at it")
    assert not missing, "\n".join(missing)


def test_no_english_unit_without_an_original(original, translation, ids):
    in_original = {id(el) for el in original.iter()}
    orphans = []
    for el in original_units(translation):
        targets = [ids.get(p.removeprefix("#")) for p in pointers(el.get("corresp"))]
        good = [
            t
            for t in targets
            if t is not None
            and id(t) in in_original
            and (local(t) == local(el) or {local(t), local(el)} <= {"s", "seg"})
        ]
        if not targets or len(good) != len(targets):
            orphans.append(f"#{el.get(XML_ID)} (<{local(el)}>, line {el.sourceline}) corresp={el.get('corresp')!r}")
    assert not orphans, "\n".join(orphans)
    wrong = [el.get(XML_ID) for el in original_units(translation) if not (el.get(XML_ID) or "").startswith("en-")]
    assert not wrong, f"ids of the translation start with en-: {wrong}"


def test_translators_notes_are_in_the_translation_only(tree, original, translation):
    in_original = [n.sourceline for n in original.iter(f"{{{TEI}}}note") if n.get("type") != "publisher"]
    assert not in_original, f"the original has notes other than the publisher's, lines {in_original}"
    notes = [n for n in tree.iter(f"{{{TEI}}}note") if n.get("type") == "translator"]
    assert notes, "the translation has no translator's notes (16+1, 十八大, 二十大, 主場外交 and 外交杯葛 need them)"
    outside = [n.sourceline for n in notes if translation not in n.iterancestors()]
    assert not outside, f"translator's notes outside the translation, lines {outside}"
    for n in notes:
        assert n.get(XML_ID) and squeeze("".join(n.itertext())), f"translator's note on line {n.sourceline}"


def test_the_reader_reads_it_with_no_problem_and_nothing_untranslated():
    from reader.readers.tei.read import read_text

    res = read_text(ARTICLE)
    assert [str(p) for p in res.problems] == []
    assert [str(n) for n in res.notices] == []


# --- links to the glossary --------------------------------------------------------------------


@pytest.fixture(scope="module")
def glossary():
    from reader.readers.glossary import load_glossary

    path = ROOT / "glossary" / "glossary.xml"
    if not path.is_file():
        pytest.fail(f"the glossary {path.relative_to(ROOT)} does not exist")
    return load_glossary(path)


@dataclass
class Flat:
    """The text of the original as one string, with the linking elements and unit of each character."""

    text: str
    links: list[frozenset[tuple[int, str]]]  #: (element identity, entry id) of the links around each char
    unit: list[str]  #: xml:id of the innermost element with one


def flatten(root: etree._Element) -> Flat:
    chars: list[str] = []
    links: list[frozenset[tuple[int, str]]] = []
    units: list[str] = []

    def add(text: str | None, stack: frozenset[tuple[int, str]], unit: str) -> None:
        for ch in text or "":
            chars.append(ch)
            links.append(stack)
            units.append(unit)

    def walk(el: etree._Element, stack: frozenset[tuple[int, str]], unit: str) -> None:
        ref = el.get("ref") or ""
        if ref.startswith("gl:"):
            stack = stack | {(id(el), ref[3:])}
        unit = el.get(XML_ID) or unit
        add(el.text, stack, unit)
        for child in el:
            if isinstance(child.tag, str) and not is_translator_note(child):
                walk(child, stack, unit)
            add(child.tail, stack, unit)

    walk(root, frozenset(), "")
    return Flat("".join(chars), links, units)


def occurrences(text: str, form: str) -> Iterator[int]:
    start = text.find(form)
    while start != -1:
        yield start
        start = text.find(form, start + 1)


def straddles(flat: Flat, i: int, j: int) -> bool:
    """Whether a link covers part of [i, j) and also a character outside it."""
    inside = frozenset().union(*flat.links[i:j])
    outside = (flat.links[i - 1] if i > 0 else frozenset()) | (flat.links[j] if j < len(flat.links) else frozenset())
    partial = inside - frozenset.intersection(*flat.links[i:j])
    return bool(partial & outside)


def test_straddling_is_told_apart_from_missing_links():
    """南韓|國會 hides 韓國 across a link edge; 北京 nested inside 北京冬奧 does not straddle."""
    a, b, c = (1, "south_korea"), (2, "korea_national_assembly"), (3, "beijing_2022")
    korea = Flat("南韓國會", [frozenset({a})] * 2 + [frozenset({b})] * 2, ["u"] * 4)
    assert straddles(korea, 1, 3)
    assert not straddles(korea, 0, 2)
    nested = Flat("北京冬奧", [frozenset({c, (4, "beijing")})] * 2 + [frozenset({c})] * 2, ["u"] * 4)
    assert not straddles(nested, 0, 2) and not straddles(nested, 0, 4)
    bare = Flat("韓國", [frozenset()] * 2, ["u"] * 2)
    assert not straddles(bare, 0, 2)


def test_every_glossary_form_in_the_chinese_text_is_linked(original, glossary):
    flat = flatten(original)
    unlinked = []
    for entry in glossary.entries:
        excluded = [
            (a, a + len(x)) for x in entry.exclusions() for a in occurrences(flat.text, x)
        ]  # the entry's exclusion forms, where they occur
        for form in sorted({f.text for f in entry.chinese_forms()}):
            for i in occurrences(flat.text, form):
                j = i + len(form)
                if any(a <= i and j <= b for a, b in excluded):
                    continue
                if straddles(flat, i, j):
                    continue  # the string runs across a link's edge (南韓|國會): the editor segmented it otherwise
                common = frozenset.intersection(*flat.links[i:j])
                if not any(eid == entry.id for _, eid in common):
                    context = flat.text[max(0, i - 6) : j + 6].replace("\n", " ")
                    unlinked.append(f"#{flat.unit[i]}: {form!r} not inside a link to gl:{entry.id}: …{context}…")
    assert not unlinked, f"{len(unlinked)} unlinked occurrence(s):\n" + "\n".join(unlinked[:40])


def test_every_ref_resolves(tree, glossary):
    bad = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.get("ref") is None:
            continue
        ref = el.get("ref")
        if not ref.startswith("gl:") or glossary.get(ref[3:]) is None:
            bad.append(f"line {el.sourceline}: <{local(el)} ref={ref!r}>")
    assert not bad, "\n".join(bad)


def test_the_gl_prefix_resolves_to_the_glossary(tree):
    defs = [d for d in tree.iterfind(".//t:listPrefixDef/t:prefixDef", NS) if d.get("ident") == "gl"]
    assert len(defs) == 1
    target = (defs[0].get("replacementPattern") or "").split("#")[0]
    assert (ARTICLE.parent / target).resolve() == (ROOT / "glossary" / "glossary.xml").resolve()


def test_every_linked_name_in_the_original_is_a_form_of_its_entry(original, glossary):
    from reader.transforms.lookup import lookup

    wrong = []
    for el in original.iter():
        ref = el.get("ref") if isinstance(el.tag, str) else None
        if not ref or not ref.startswith("gl:"):
            continue
        text = squeeze(text_of(el))
        if ref[3:] not in {e.id for e in lookup(glossary, text)}:
            wrong.append(f"line {el.sourceline}: {text!r} is not a form of gl:{ref[3:]}")
    assert not wrong, f"{len(wrong)} link(s) whose text the glossary does not know:\n" + "\n".join(wrong[:40])


def test_the_names_the_issue_lists_are_linked_and_translated(translation, glossary):
    """The issue's names, by their English standard forms, each linked in the translation."""
    from reader.transforms.lookup import lookup

    names = {
        "蒲亭": "Vladimir Putin",
        "古特瑞斯": "António Guterres",
        "譚德塞": "Tedros Adhanom Ghebreyesus",
        "鄧鴻森": "Daren Tang",
        "哈利馬": "Halimah Yacob",
        "朴炳錫": "Park Byeong-seug",
        "艾柏托": "Alberto Fernández",
        "拉梭": "Guillermo Lasso",
        "伊姆蘭汗": "Imran Khan",
        "武契奇": "Aleksandar Vučić",
        "杜達": "Andrzej Duda",
    }
    flat = flatten(translation)
    for zh, en in names.items():
        found = lookup(glossary, zh)
        assert [e.english for e in found] == [en], zh
        assert any(eid == found[0].id for stack in flat.links for _, eid in stack), f"gl:{found[0].id} not in English"
        assert en in flat.text, f"{en!r} does not appear in the translation"
