"""The glossary entries of the HTML view: which entries a text uses, and each one's headword in
both scripts, its forms (with the locales that follow another, such as Hong Kong as mainland), its
note in both scripts and its occurrences. Split out of :mod:`reader.writers.html.view`, which
re-exports :func:`used_entries` and :func:`form_label`."""

from __future__ import annotations

from dataclasses import replace as dc_replace

from markupsafe import Markup, escape

from ...model import Edition, Glossary, GlossaryEntry
from ...readers.markdown import render_note
from ...text import han
from ...text.script import to_hant
from ..shared.entries import entry_reading, forms_in_order, headword, note_for, note_in_script, tag_han
from ..shared.labels import CATEGORY_LABELS, LOCALE_LABELS, SCRIPT_LANG, TYPE_LABELS
from ..shared.typography import curly, curly_html
from .view_types import EntryView, FormView, Occurrence, Variant

#: locales shown, where an entry has no form of its own, with the form of the locale they follow
#: (the glossary header says Hong Kong follows mainland usage for most transliterations)
FOLLOWERS_SHOWN = ("zh-Hant-HK",)


def form_label(lang: str) -> str:
    """The human label of a form's locale (``zh-Hant-TW`` -> ``Traditional (Taiwan)``)."""
    return LOCALE_LABELS.get(lang, lang)


def used_entries(edition: Edition, glossary: Glossary) -> list[GlossaryEntry]:
    """Entries linked anywhere in the text (either side, nested links and the author included)."""
    refs = list(dict.fromkeys(t.ref for t in edition.term_refs()))
    if edition.metadata.author_ref and edition.metadata.author_ref not in refs:
        refs.append(edition.metadata.author_ref)
    return [e for e in (glossary.get(r) for r in refs) if e is not None]


def _followed_forms(entry: GlossaryEntry, follows: dict[str, str]) -> list[FormView]:
    """Rows for the locales that follow another where the entry has no form of its own (Hong Kong
    as mainland: 普京), labelled so that the reader sees the form is inferred from that rule."""
    rows: list[FormView] = []
    have = {f.lang for f in entry.forms if f.type != "exclusion"}
    for lang in FOLLOWERS_SHOWN:
        leader = follows.get(lang)
        if not leader or lang in have:
            continue
        main = next((f for f in entry.forms if f.lang == leader and f.type == "main"), None)
        if main is None:
            continue
        text = to_hant(main.text) if "-Hant" in lang else main.text
        if any(f.text == text for f in entry.forms if f.type != "exclusion"):
            continue  # the same as a form already shown (習近平): the row would tell nothing
        label = f"as {form_label(leader)}, which it follows"
        rows.append(FormView(text, lang, form_label(lang), "follows", label, main.pinyin))
    return rows


def glossary_entry_view(
    entry: GlossaryEntry,
    occ: list[tuple[str, str]],
    scripts: tuple[str, ...],
    edition: Edition,
    used: dict[str, list[str]],
    follows: dict[str, str] | None = None,
) -> EntryView:
    text_lang = edition.metadata.lang
    heads = {s: headword(entry, s, text_lang, used.get(entry.id), follows) for s in scripts}
    note_src = note_for(entry, edition)
    head_variants = tuple(Variant(s, SCRIPT_LANG[s], Markup(escape(heads[s][0]))) for s in scripts)
    headword_pinyin = tuple(Variant(s, "zh-Latn-pinyin", Markup(escape(curly(heads[s][1])))) for s in scripts)
    note: tuple[Variant, ...] = ()
    if note_src:
        if han.has_han(note_src):
            note = tuple(
                Variant(
                    s,
                    "en",  # the note is English prose; only its Chinese words change script
                    tag_han(
                        curly_html(render_note(note_in_script(note_src, s))),
                        SCRIPT_LANG[s],
                    ),
                )
                for s in scripts
            )
        else:
            note = (Variant("", "en", curly_html(render_note(note_src))),)
    forms = forms_in_order(entry, text_lang)
    return EntryView(
        id=entry.id,
        anchor=f"gl-{entry.id}",
        category=entry.category,
        category_label=CATEGORY_LABELS.get(entry.category, entry.category),
        headword=head_variants,
        headword_pinyin=headword_pinyin,
        pinyin=entry_reading(entry),
        english=curly(entry.english),
        gloss=curly(entry.gloss),
        note=note,
        forms=tuple(  # pinyin's syllable apostrophe curls like English's (Dōng’ào)
            dc_replace(fv, pinyin=curly(fv.pinyin))
            for fv in [
                FormView(f.text, f.lang, form_label(f.lang), f.type, TYPE_LABELS.get(f.type, f.type), f.pinyin)
                for f in forms
                if f.lang != "en"
            ]
            + _followed_forms(entry, follows or {})
            + [
                FormView(curly(f.text), f.lang, form_label(f.lang), f.type, TYPE_LABELS.get(f.type, f.type), f.pinyin)
                for f in forms
                if f.lang == "en"
            ]
        ),
        wikidata=entry.wikidata,
        occurrences=_occurrences(occ),
    )


def _occurrences(occ: list[tuple[str, str]]) -> tuple[Occurrence, ...]:
    """(anchor, side) pairs in document order -> occurrences numbered 1, 2, 3 … per side."""
    seen: dict[str, int] = {}
    out: list[Occurrence] = []
    for anchor, side in occ:
        seen[side] = seen.get(side, 0) + 1
        out.append(Occurrence(f"#{anchor}", seen[side], side))
    return tuple(out)
