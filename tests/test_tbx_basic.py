"""The TBX export against the rules of the TBX-Basic dialect (DCA style), as its Schematron states
them (LTAC-Global/TBX-Basic_dialect, DCA/TBX-Basic_DCA.sch): permitted data categories, their values
and the levels they may stand at, targets that resolve, and our own: real region codes, plain-text
notes, no duplicate terms, no exclusions. The Schematron needs an XSLT 2 processor, which lxml is not,
so its rules are written out here; the export also validated against the TBX core RELAX NG schema
(TBXcoreStructV03.rng) when this test was written (see docs/glossary.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from reader.readers.glossary import load_glossary
from reader.writers.exports.tbx import REGIONS, TBX_NS, to_tbx

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary" / "glossary.xml"
NS = {"t": TBX_NS}
T = f"{{{TBX_NS}}}"

PERMITTED = {
    "admin": {"customerSubset", "projectSubset", "source"},
    "descrip": {"subjectField", "context", "definition"},
    "ref": {"crossReference"},
    "termNote": {
        "administrativeStatus",
        "partOfSpeech",
        "geographicalUsage",
        "grammaticalGender",
        "termLocation",
        "termType",
    },
    "transac": {"transactionType"},
    "transacNote": {"responsibility"},
    "xref": {"externalCrossReference", "xGraphic"},
}
VALUES = {
    "administrativeStatus": {
        "admittedTerm-admn-sts",
        "deprecatedTerm-admn-sts",
        "supersededTerm-admn-sts",
        "preferredTerm-admn-sts",
    },
    "termType": {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"},
}
LEVELS = {  # (element, type) -> parents it may stand in
    ("admin", "source"): {"conceptEntry", "langSec", "termSec"},
    ("descrip", "definition"): {"conceptEntry", "langSec"},
    ("descrip", "context"): {"termSec"},
    ("ref", "crossReference"): {"conceptEntry", "termSec"},
    ("xref", "externalCrossReference"): {"conceptEntry", "langSec", "termSec"},
}


def tbx_problems(data: bytes) -> list[str]:
    """Every breach of the TBX-Basic DCA rules (and of ours) in a TBX document."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    out = []
    if root.tag != T + "tbx" or root.get("type") != "TBX-Basic" or root.get("style") != "dca":
        out.append("the root is not <tbx type='TBX-Basic' style='dca'>")
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if not el.tag.startswith(T):
            out.append(f"line {el.sourceline}: {el.tag} is not in the TBX namespace (DCT style)")
            continue
        name, parent = el.tag[len(T) :], el.getparent()
        pname = parent.tag[len(T) :] if parent is not None else ""
        kind = el.get("type")
        if name == "termNote" and pname not in ("termSec", "termNoteGrp"):
            out.append(f"line {el.sourceline}: termNote outside a termSec")
        if name in PERMITTED:
            if kind not in PERMITTED[name]:
                out.append(f"line {el.sourceline}: <{name} type={kind!r}> is not a TBX-Basic data category")
            if kind in VALUES and (el.text or "") not in VALUES[kind]:
                out.append(f"line {el.sourceline}: {kind} {el.text!r} is not a permitted value")
            levels = LEVELS.get((name, kind or ""))
            if levels and pname not in levels:
                out.append(f"line {el.sourceline}: {kind} may not stand in <{pname}>")
        target = el.get("target")
        if target is not None and not re.match(r"https?://.+", target) and target not in ids:
            out.append(f"line {el.sourceline}: target {target!r} is neither an id nor an http(s) address")
        if name == "termNote" and kind == "geographicalUsage" and el.text not in REGIONS.values():
            out.append(f"line {el.sourceline}: geographicalUsage {el.text!r} is not a language-region code")
        if name == "note" and el.text and (re.search(r"\]\(|\*\S", el.text) or "<" in el.text):
            out.append(f"line {el.sourceline}: a note holds markup: {el.text[:40]!r}")
        if name == "langSec":
            terms = [ts.findtext("t:term", namespaces=NS) for ts in el.findall("t:termSec", NS)]
            dupes = sorted({t for t in terms if terms.count(t) > 1})
            if dupes:
                out.append(f"line {el.sourceline}: terms twice in one language section: {dupes}")
    return out


@pytest.fixture(scope="module")
def tbx() -> bytes:
    return to_tbx(load_glossary(GLOSSARY))


def test_the_glossary_export_follows_tbx_basic(tbx):
    problems = tbx_problems(tbx)
    assert not problems, "\n".join(problems[:30])


def test_the_rules_can_fail(tbx):
    bad = (
        tbx.replace(b">preferredTerm-admn-sts<", b">preferred<", 1)
        .replace(b">zh-TW<", b">zh-Hant-TW<", 1)
        .replace(b'type="source"', b'type="pinyin"', 1)
    )
    text = "\n".join(tbx_problems(bad))
    assert "administrativeStatus 'preferred'" in text and "zh-Hant-TW" in text and "type='pinyin'" in text


def test_exclusions_are_left_out_and_regions_are_real(tbx):
    root = etree.fromstring(tbx)
    china = root.find("t:text/t:body/t:conceptEntry[@id='china']", NS)
    assert china is not None
    terms = {t.text for t in china.iter(T + "term")}
    assert "中国" in terms and not terms & {"發展中國家", "发展中国家", "中國國民黨"}
    putin = root.find("t:text/t:body/t:conceptEntry[@id='putin']", NS)
    assert putin is not None
    hk = [ts for ts in putin.iter(T + "termSec") if ts.findtext("t:term", namespaces=NS) == "普京"]
    assert {n.text for ts in hk for n in ts.findall("t:termNote[@type='geographicalUsage']", NS)} == {"zh-CN", "zh-HK"}
    pinyin = putin.find("t:langSec[@{http://www.w3.org/XML/1998/namespace}lang='zh-Latn-pinyin']", NS)
    assert pinyin is not None and "Pútíng" in {t.text for t in pinyin.iter(T + "term")}
