"""Issue #19: ids from a text cannot clobber the page's own (DOM clobbering).

``tests/bad_inputs/hostile/clobber.xml`` passes ``reader check`` (its ids are valid XML names) but
names its units and sentences after the HTML page's own elements: ``popover``, ``gl-putin`` (the
glossary entry), ``glossary``, ``text``, ``notes``, ``about``. In the page every id from the text
carries the prefix ``t-``, so each id is unique and the page's own ids are on the page's own elements;
``tests/browser/test_hostile.py`` checks that the popover still shows the glossary entry.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from lxml import html as lxml_html

from reader.writers.html.view import TEXT_ID

HOSTILE = Path(__file__).resolve().parent / "bad_inputs" / "hostile"
TEXT_IDS = ("popover", "gl-putin", "glossary", "text", "notes", "about")


def _page() -> lxml_html.HtmlElement:
    from reader.readers.glossary import load_glossary
    from reader.readers.tei.read import load_text
    from reader.writers.html.render import render_html

    glossary = load_glossary(HOSTILE.parent / "glossary.xml")
    edition = load_text(HOSTILE / "clobber.xml", set(glossary.by_id))
    return lxml_html.fromstring(render_html(edition, glossary))


def test_the_fixture_passes_check(run_cli) -> None:
    code, _, stderr = run_cli("check", str(HOSTILE / "clobber.xml"), str(HOSTILE.parent / "glossary.xml"))
    assert code == 0, stderr


def test_ids_from_the_text_are_prefixed_and_every_id_is_unique() -> None:
    page = _page()
    ids = Counter(el.get("id") for el in page.iter() if el.get("id"))
    assert [i for i, n in ids.items() if n > 1] == []
    for xml_id in TEXT_IDS:
        assert f"{TEXT_ID}{xml_id}" in ids, xml_id
    own = {el.get("id"): el for el in page.iter() if el.get("id") in TEXT_IDS}
    assert own["popover"].get("class") == "popover" and own["popover"].get("role") == "dialog"
    assert own["gl-putin"].tag == "article" and own["gl-putin"].get("data-ref") == "putin"
    assert own["glossary"].tag == "section" and own["text"].tag == "main"
    # the text's own links and counterparts follow its ids
    assert page.xpath('//a[normalize-space()="Back to the title"]/@href') == [f"#{TEXT_ID}popover"]
    sentence = page.get_element_by_id(f"{TEXT_ID}notes")
    assert sentence.get("data-links") == f"{TEXT_ID}about"


def _own_ids() -> set[str]:
    """The ids the page's templates write literally (not made from a text or a glossary)."""
    from reader.resources import templates_dir

    found: set[str] = set()
    for template in (templates_dir() / "html").glob("*.j2"):
        found |= set(re.findall(r'\bid="([A-Za-z][\w-]*)"', template.read_text(encoding="utf-8")))
    return found


def test_no_id_from_the_text_reaches_the_page_unprefixed() -> None:
    """Every id on the page is the page's own (written by a template, or gl- and a glossary id) or
    carries the prefix; and none of the page's own ids starts with the prefix."""
    own = _own_ids()
    assert {"popover", "glossary", "text"} <= own
    assert not any(i.startswith(TEXT_ID) for i in own)
    page = _page()
    for el in page.iter():
        ident = el.get("id")
        if not ident or ident.startswith((TEXT_ID, f"row-{TEXT_ID}", f"ref-{TEXT_ID}")):
            continue
        assert ident in own or ident.startswith("gl-"), ident
