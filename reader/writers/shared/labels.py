"""Labels the editions and the command line share: the language tag of each script, and the human
names of form locales, form types and entry categories."""

from __future__ import annotations

#: BCP 47 tag of each script the editions can show.
SCRIPT_LANG = {"hant": "zh-Hant-TW", "hans": "zh-Hans"}
#: Human labels of form locales and types, and of entry categories.
LOCALE_LABELS = {
    "zh-Hant-TW": "Traditional (Taiwan)",
    "zh-Hant-HK": "Traditional (Hong Kong)",
    "zh-Hant": "Traditional",
    "zh-Hans": "Simplified (mainland)",
    "zh-Hans-CN": "Simplified (mainland)",
    "zh-Hans-SG": "Simplified (Singapore)",
    "zh-Hant-MO": "Traditional (Macau)",
    "en": "English",
}
TYPE_LABELS = {"main": "standard", "variant": "variant", "abbreviation": "abbreviation"}
CATEGORY_LABELS = {"person": "person", "org": "organisation", "place": "place", "event": "event", "term": "term"}


def script_provenance(text_lang: str, script: str) -> str:
    """What happened to the Chinese script of an edition, said plainly."""
    source_hans = text_lang.startswith(("zh-Hans", "zh-CN", "zh-SG"))
    if script == "hans":
        if source_hans:
            return "Simplified Chinese, as published (source already Simplified; no conversion)"
        return "Simplified Chinese (converted from the Traditional original with OpenCC)"
    if source_hans:
        return "Traditional Chinese (converted from the Simplified original with OpenCC)"
    return "Traditional Chinese, as published (no conversion)"
