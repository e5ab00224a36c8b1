"""Synthetic inputs for the benchmark, generated from a fixed seed (nothing here is committed):
Chinese running text with glossary names in it, glossaries of any size, and sets of texts to rebuild."""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from xml.sax.saxutils import escape

from .harness import ROOT

SEED = 20220204  #: the opening day of the Beijing 2022 Winter Olympics
ARTICLE = ROOT / "texts" / "beijing-winter-olympics-home-summit.xml"
GLOSSARY = ROOT / "glossary" / "glossary.xml"
FIXTURE = ROOT / "tests" / "fixtures" / "mini.xml"
FIXTURE_GLOSSARY = ROOT / "tests" / "fixtures" / "glossary" / "glossary.xml"

#: 3,000 CJK ideographs spread over the basic block: the long tail of the prose's characters, and
#: what glossary forms are made of (so random prose rarely contains a form by accident).
POOL = [chr(0x4E00 + 6 * i) for i in range(3000)]
#: the most frequent characters of Traditional Chinese prose, most frequent first: the head of the
#: prose's character distribution, and the first character of some glossary forms
COMMON = (
    "的一是不了在人有我他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著去之過家學對可"
    "她裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三"
    "已老從動兩長知民樣現分將外但身些與高意進把法此實回二理美點月明其種聲全工己話兒者向情部正名定女"
)
#: the prose's alphabet by rank: characters are drawn with Zipf-like weights 1/(rank + 2), which gives
#: about the shape of real Chinese text (the most frequent character near 5%, the 1,000 most frequent
#: covering most of the text)
RANKED = list(dict.fromkeys(COMMON)) + [c for c in POOL if c not in COMMON]
CUM_WEIGHTS = list(accumulate(1 / (rank + 3) for rank in range(len(RANKED))))
PUNCTUATION = "，，，，。。。、、；：？「」"
CATEGORIES = (  # (share of entries, list element, entry element, form element, category)
    (0.4, "listPerson", "person", "persName"),
    (0.2, "listOrg", "org", "orgName"),
    (0.2, "listPlace", "place", "placeName"),
    (0.2, "list", "item", "term"),
)


@dataclass(frozen=True)
class SynthEntry:
    """One synthetic glossary entry."""

    id: str
    forms: tuple[tuple[str, str, str], ...]  #: (text, xml:lang, type)
    english: str
    kind: int = 3  #: index into CATEGORIES


def glossary_entries(n: int, seed: int = SEED) -> list[SynthEntry]:
    """``n`` entries (persons, organisations, places and terms) with distinct Chinese forms of 2-4
    characters; every third has a second, Simplified form; a quarter of the forms begin with a common
    character (so the prose starts many partial matches, as real names like 中華 or 美國 do); one
    person in five has a two-part name written with a middle dot (伊姆蘭·汗)."""
    rng = random.Random(seed)
    used: set[str] = set()

    def fresh(k: int | None = None) -> str:
        while True:
            k = k or rng.choice((2, 3, 3, 4))
            head = rng.choice(COMMON) if rng.random() < 0.25 else rng.choice(POOL)
            form = head + "".join(rng.choices(POOL, k=k - 1))
            if form not in used:
                used.add(form)
                return form

    out = []
    for i in range(n):
        r, kind = rng.random(), 0
        while kind < len(CATEGORIES) - 1 and r >= CATEGORIES[kind][0]:
            r -= CATEGORIES[kind][0]
            kind += 1
        if kind == 0 and rng.random() < 0.2:
            first = fresh(rng.choice((2, 3)))
            forms = [(first + "·" + fresh(rng.choice((1, 2))), "zh-Hant-TW", "main")]
        else:
            forms = [(fresh(), "zh-Hant-TW", "main")]
        if i % 3 == 0:
            forms.append((fresh(), "zh-Hans", "main"))
        out.append(SynthEntry(f"e{i:05d}", tuple(forms), f"Entry {i}", kind))
    return out


def glossary_xml(entries: list[SynthEntry], comment: str = "") -> str:
    """A glossary TEI document holding ``entries`` in their lists (``comment`` makes copies differ)."""
    lists: list[list[str]] = [[] for _ in CATEGORIES]
    for e in entries:
        _, _, entry_tag, form_tag = CATEGORIES[e.kind]
        forms = "".join(
            f'<{form_tag} type="{typ}" xml:lang="{lang}">{escape(text)}</{form_tag}>'
            f'<{form_tag} type="pinyin" xml:lang="zh-Latn-pinyin">x</{form_tag}>'
            for text, lang, typ in e.forms
        )
        lists[e.kind].append(
            f'<{entry_tag} xml:id="{e.id}">{forms}<{form_tag} type="main" xml:lang="en">{escape(e.english)}'
            f'</{form_tag}><note type="gloss">A synthetic entry.</note></{entry_tag}>'
        )
    body = "".join(
        ('<list type="terms">' if tag == "list" else f"<{tag}>") + "\n" + "\n".join(items) + f"\n</{tag}>"
        for (_, tag, _, _), items in zip(CATEGORIES, lists, strict=True)
        if items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + (f"<!-- {escape(comment)} -->\n" if comment else "")
        + '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>'
        "<titleStmt><title>Synthetic glossary</title></titleStmt>"
        "<publicationStmt><p>Generated by the benchmark.</p></publicationStmt>"
        "<sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader>"
        "<standOff>" + body + "</standOff></TEI>\n"
    )


def filler(size_bytes: int, seed: int = SEED) -> list[str]:
    """Chunks of random Chinese prose of about ``size_bytes`` in UTF-8: clauses of 6-30 characters
    drawn with Zipf-like weights, punctuation, now and then a number or a Latin word with the stray spaces
    PDF extraction leaves around them, and a paragraph break about every 250 characters."""
    rng = random.Random(seed + 1)
    chunks: list[str] = []
    total = 0
    while total < size_bytes:
        chunk = "".join(rng.choices(RANKED, cum_weights=CUM_WEIGHTS, k=rng.randint(6, 30)))
        roll = rng.random()
        if roll < 0.03:
            chunk += f" {rng.randint(1, 2030)} 年"
        elif roll < 0.05:
            chunk += " " + rng.choice(("NATO", "COVID-19", "APEC", "G20", "Xi Jinping", "WHO")) + " "
        chunk += rng.choice(PUNCTUATION)
        if rng.random() < 0.08:
            chunk += "\n\n"
        chunks.append(chunk)
        total += len(chunk.encode("utf-8"))
    return chunks


def running_text(chunks: list[str], forms: list[str], seed: int = SEED) -> str:
    """The filler with a glossary form after three chunks in four: about one name per 25 characters
    (our article links one every 11; news prose has fewer). A two-part name is written with its dot,
    without it, or with another separator, as sources do."""
    rng = random.Random(seed + 2)
    out: list[str] = []
    for chunk in chunks:
        out.append(chunk)
        if forms and rng.random() < 0.75:
            form = rng.choice(forms)
            if "·" in form:
                form = form.replace("·", rng.choice(("·", "·", "", "‧", "・")))
            out.append(form)
    return "".join(out).strip() + "\n"


def text_set(dest: Path, count: int, quick: bool) -> list[Path]:
    """``count`` copies of the article (the test fixture with ``quick``) under dest/texts, with the
    glossary under dest/glossary where their ``gl:`` prefix looks for it."""
    source, glossary = (FIXTURE, FIXTURE_GLOSSARY) if quick or not ARTICLE.is_file() else (ARTICLE, GLOSSARY)
    (dest / "texts").mkdir(parents=True, exist_ok=True)
    (dest / "glossary").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(glossary, dest / "glossary" / "glossary.xml")
    texts = []
    for i in range(count):
        target = dest / "texts" / f"text-{i + 1:02d}.xml"
        shutil.copyfile(source, target)
        texts.append(target)
    if source == FIXTURE:  # the fixture names glossary/glossary.xml relative to itself
        (dest / "texts" / "glossary").mkdir(exist_ok=True)
        shutil.copyfile(glossary, dest / "texts" / "glossary" / "glossary.xml")
    return texts


def touch_text(path: Path, serial: int) -> None:
    """Change a text's content (an XML comment at its end), as an edit would."""
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"<!-- edit {serial} -->\n")
