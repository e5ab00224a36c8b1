"""Finding glossary forms in running Chinese text: either script, every regional form, any name separator.

One :class:`Matcher` per glossary builds an Aho-Corasick automaton (ahocorasick-rs, leftmost-longest)
once; :meth:`Matcher.find` scans a text in one pass and returns leftmost-longest :class:`Match` es with
offsets into the text as written.

How the text is never changed yet matched in either script: every form is normalised character by
character to Simplified (OpenCC ``t2s`` applied to single characters, so lengths never change), then
expanded to every spelling whose characters normalise the same way (習近平 and 习近平, 裡/裏/里, …).
Those spellings are the automaton's keys, so the text itself is scanned as written, with no
conversion pass. A form with a name separator (伊姆蘭·汗) also yields keys with ·, ‧, •, ・, a space
and nothing in its place.

Speed: the automaton is a DFA up to ``DFA_MAX_KEYS`` spellings (fastest to scan) and a contiguous NFA
beyond (a DFA of 100,000 spellings takes longer to build than to scan 10 MB). The scan gives offsets
in characters, as Python indexes strings. Lone surrogates, which UTF-8 cannot carry, are scanned as
U+FFFD (one character, so offsets are unchanged).

What is not linked (the report can still say why): keys shorter than ``min_chars`` (one-character
abbreviations such as 俄 are too ambiguous to link blindly), exclusions listed in the glossary (a
longer word containing a form, 中東歐 for 中東), forms shared by several entries (ambiguous), a
transliterated name inside a longer run of transliteration (杜達 in 杜達美), and a place, org or term
joined by a name separator to a neighbouring name (華盛頓 in 喬治·華盛頓).
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import product
from typing import Any, NamedTuple

from ..model import Form, Glossary
from .han import HAN_PATTERN

#: name separators accepted between the parts of a name (the glossary writes one of the first five)
SEPARATORS = ("·", "‧", "•", "・", "･", "．", "﹒", " ", "\u3000", "")
_SEP_CHARS = "".join(s for s in SEPARATORS if s)
_DOTS = _SEP_CHARS[:7]  #: the separators that are dots (a space is not one: 美國 國會 is two words)
_SEP_SPLIT = re.compile(f"[{re.escape(_SEP_CHARS)}]+")
_SEP_SET = frozenset(_SEP_CHARS)
MAX_KEYS_PER_FORM = 256  #: past this many spellings, only the form as written, Simplified and Traditional

#: characters that almost only occur inside transliterated foreign names: a transliterated form with
#: one of these right beside it is part of a longer name (杜達美, 卡達菲), so it is not linked.
TRANSLIT_NEIGHBOURS = frozenset(
    "斯爾尔娜妮茲兹瑟姆娃婭娅雅維维琳莉莎菲諾诺蒂迪頓顿遜逊羅罗奧奥薩萨塞艾伊亞亚尼森蘭兰卡吉瓦米杜哈"
)
#: characters used in transliterations (both scripts); a form made only of these is a transliteration
TRANSLIT_CHARS = frozenset(
    "阿埃艾愛爱安昂奧奥巴拜班邦鮑鲍貝贝本比彼賓宾波伯博布查達达戴丹德登迪蒂丁杜敦多厄恩爾尔法范菲費费"
    "芬豐丰弗福夫蓋盖甘岡冈戈格古瓜圭哈海漢汉豪赫亨胡華华懷怀霍基吉加賈贾傑杰金卡凱凯坎康考柯科克肯"
    "庫库誇夸奎昆拉萊莱蘭兰朗勞劳勒雷黎里利莉林琳隆盧卢魯鲁倫伦羅罗洛馬马邁迈曼芒梅門门蒙米密明莫姆穆"
    "納纳奈南內内尼妮寧宁努諾诺歐欧帕佩彭皮珀普奇齊齐恰喬乔切欽钦瓊琼丘薩萨塞桑瑟森沙莎珊什舍斯松蘇苏"
    "索塔泰坦湯汤特提廷圖图托瓦萬万威韋韦維维溫温沃烏乌武西希錫锡夏辛休雅亞亚揚扬耶伊因英尤約约扎澤泽"
    "詹茲兹佐蒲亭京習习娃婭娅茨契奧斯頓顿遜逊澳"
)
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
_SURROGATE = re.compile("[\ud800-\udfff]")
DFA_MAX_KEYS = 20_000  #: above this many spellings the automaton is a contiguous NFA (see the docstring)
_CJK_CHAR = re.compile(HAN_PATTERN)


class Match(NamedTuple):
    """One occurrence of a glossary form in a text (a named tuple: cheap to make by the thousand)."""

    start: int  #: offset of the first character in the text as written
    end: int  #: offset after the last character
    surface: str  #: the characters as written (``text[start:end]``)
    entry: str  #: glossary entry id ('' when ``status`` is not ``linked``)
    category: str  #: person, org, place, event or term
    form: str  #: the glossary form this surface is a spelling of
    lang: str  #: that form's locale (zh-Hant-TW, zh-Hans, zh-Hant-HK, …)
    type: str  #: that form's type: main, variant or abbreviation
    status: str = "linked"  #: linked, ambiguous, excluded or skipped
    reason: str = ""  #: why a match is not linked
    candidates: tuple[str, ...] = ()  #: every entry the surface could name (ambiguous ones)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(character -> Simplified character, Simplified character -> every character mapping to it)."""
    from .script import to_hans_chars

    chars = "".join(chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi))
    converted = to_hans_chars("\n".join(chars)).split("\n")
    to_simp: dict[str, str] = {}
    if len(converted) == len(chars):
        for ch, out in zip(chars, converted, strict=True):
            if out != ch and len(out) == 1:  # keep lengths: only one-to-one characters
                to_simp[ch] = out
    group: dict[str, str] = {}
    for ch, simp in to_simp.items():
        group[simp] = group.get(simp, simp) + ch
    return to_simp, group


def normalise_chars(text: str) -> str:
    """``text`` with each character replaced by its Simplified form (same length, for comparing)."""
    to_simp, _ = _tables()
    return "".join(to_simp.get(c, c) for c in text)


def spellings(form: str, cap: int = MAX_KEYS_PER_FORM) -> set[str]:
    """Every spelling of ``form`` in either script and with any name separator (capped per form)."""
    to_simp, group = _tables()
    if _SEP_SET.isdisjoint(form):  # the common case, without the regex
        parts = [form] if form else []
    else:
        parts = [p for p in _SEP_SPLIT.split(form) if p]
    if not parts:
        return set()
    bodies: list[set[str]] = []
    for part in parts:
        options = [group.get(to_simp.get(c, c), c) for c in part]
        if sum(map(len, options)) == len(part):  # no character has another spelling
            bodies.append({part})
            continue
        count = 1
        for o in options:
            count *= len(o)
        if count <= cap:
            bodies.append({"".join(p) for p in product(*options)})
        else:
            from .script import to_hant

            bodies.append({part, normalise_chars(part), to_hant(part)})
    out: set[str] = set()
    if len(parts) == 1:
        return bodies[0]
    budget = cap * len(SEPARATORS)
    for combo in product(*bodies):
        for sep in SEPARATORS:
            out.add(sep.join(combo))
        if len(out) > budget:
            break
    return out


def _best_form(forms: list[Form], key: str) -> Form:
    """The form a key most directly spells: the same text, then the same text without separators."""
    for f in forms:
        if f.text == key:
            return f
    plain = _SEP_SPLIT.sub("", key)
    for f in forms:
        if _SEP_SPLIT.sub("", f.text) == plain:
            return f
    for f in forms:
        if f.type == "main":
            return f
    return forms[0]


_SEP_BESIDE = frozenset(_DOTS)  #: separators that join a neighbouring name (see :func:`_inside_longer_word`)

#: Match(...) from a tuple of all its fields, without NamedTuple's Python-level constructor: find_all
#: makes one per hit, and that constructor was a fifth of its time
_new_match = partial(tuple.__new__, Match)


class _Plan(NamedTuple):
    """What a hit on one key becomes (worked out once per key, on its first hit)."""

    fields: tuple[Any, ...]  #: the Match's fields after ``surface``
    separator_check: bool  #: a name (not a person's) that a separator beside it may join to a longer one
    translit_check: bool  #: a transliteration that a transliteration character beside it may extend
    watch: frozenset[str] = frozenset()  #: characters that, right beside a hit, call for those checks
    contextual: bool = False  #: a contextual form: linked only beside an anchor (:meth:`Matcher._settle`)
    contexts: bool = False  #: its entry has exclusions with context, checked around the hit


class Matcher:
    """Finds a glossary's forms in text. Build once per glossary; ``find`` is safe to call repeatedly."""

    def __init__(self, glossary: Glossary, *, min_chars: int = 2, heuristics: bool = True) -> None:
        import ahocorasick_rs

        self.glossary = glossary
        self.min_chars = min_chars
        self.heuristics = heuristics
        # who spells each key: forms[first[key]], and where several forms do, forms[i] for i in more[key]
        # (ints, not a dict of lists per key: a 20,000-entry glossary has 100,000 spellings)
        forms: list[tuple[str, Form]] = []
        first: dict[str, int] = {}
        more: dict[str, list[int]] = {}
        excluded: set[str] = set()
        contexts: dict[str, list[tuple[str, str, str]]] = {}
        for entry in glossary.entries:
            eid = entry.id
            for form in entry.matchable_forms():
                j = len(forms)
                forms.append((eid, form))
                spelt = spellings(form.text)
                shared = first.keys() & spelt
                for key in shared:
                    more.setdefault(key, [first[key]]).append(j)
                first.update(dict.fromkeys(spelt - shared if shared else spelt, j))
            for ex in entry.forms:
                if ex.type != "exclusion":
                    continue
                if ex.subtype == "context":  # checked around a match (_settle), not a key of its own
                    contexts.setdefault(eid, []).append(
                        (normalise_chars(ex.left), normalise_chars(ex.blocked), normalise_chars(ex.right))
                    )
                else:
                    excluded.update(spellings(ex.text))
        keys = [k for k in first.keys() | excluded if len(k) >= min_chars]
        if _SURROGATE.search("".join(keys)):  # a lone surrogate is never in a scanned text (see _hits)
            keys = [k for k in keys if not _SURROGATE.search(k)]
        self._forms, self._first, self._more = forms, first, more
        self._excluded = excluded
        self._contexts = contexts
        self._categories = {e.id: e.category for e in glossary.entries}
        self._keys = keys
        self._resolved: list[tuple[tuple[tuple[str, str, Form], ...], bool, bool] | None] = [None] * len(keys)
        self._plans: list[_Plan | None] = [None] * len(keys)
        auto: Any = None
        if keys:
            kind = ahocorasick_rs.Implementation.DFA if len(keys) <= DFA_MAX_KEYS else None
            auto = ahocorasick_rs.AhoCorasick(
                keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest, implementation=kind
            )
        self._auto = auto
        self.key_count = len(keys)  #: number of spellings in the automaton

    def _resolve(self, idx: int) -> tuple[tuple[tuple[str, str, Form], ...], bool, bool]:
        """(entry id, category, best form) per entry a key spells; whether it is joined; a transliteration."""
        got = self._resolved[idx]
        if got is None:
            key = self._keys[idx]
            by_entry: dict[str, list[Form]] = {}  # in file order, as the forms were read
            spelt_by = self._more.get(key) or ([self._first[key]] if key in self._first else [])
            for j in spelt_by:
                eid, form = self._forms[j]
                by_entry.setdefault(eid, []).append(form)
            owners = tuple((eid, self._categories[eid], _best_form(forms, key)) for eid, forms in by_entry.items())
            translit = TRANSLIT_CHARS.issuperset(key)
            got = self._resolved[idx] = (owners, not _SEP_SET.isdisjoint(key), translit)
        return got

    def find(self, text: str) -> list[Match]:
        """Linked matches in ``text``, leftmost-longest, in order (see :meth:`find_all` for the rest)."""
        return [m for m in self.find_all(text) if m.status == "linked"]

    def _plan(self, idx: int) -> _Plan:
        """What a hit on key ``idx`` becomes: linked to its one owner, ambiguous between several, or an
        excluded spelling; and which checks for a longer word around it a linked hit needs."""
        owners, joined, translit = self._resolved[idx] or self._resolve(idx)
        if not owners:
            plan = _Plan(("", "", "", "", "", "excluded", "listed as an exclusion", ()), False, False)
        elif len(owners) > 1:
            _, cat, form = owners[0]
            ids = tuple(o[0] for o in owners)
            plan = _Plan(("", cat, form.text, form.lang, form.type, "ambiguous", "", ids), False, False)
        else:
            eid, cat, form = owners[0]
            fields = (eid, cat, form.text, form.lang, form.type, "linked", "", ())
            separator = self.heuristics and cat != "person" and not joined
            translit = self.heuristics and translit
            watch = (_SEP_BESIDE if separator else frozenset()) | (TRANSLIT_NEIGHBOURS if translit else frozenset())
            plan = _Plan(fields, separator, translit, watch, form.contextual, eid in self._contexts)
        self._plans[idx] = plan
        return plan

    def _hits(self, text: str) -> list[tuple[int, int, int]]:
        """(key index, start, end) of every leftmost-longest occurrence of a key."""
        try:
            hits: list[tuple[int, int, int]] = self._auto.find_matches_as_indexes(text)
        except UnicodeEncodeError:  # lone surrogates: one U+FFFD each keeps every offset
            hits = self._auto.find_matches_as_indexes(_SURROGATE.sub("\ufffd", text))
        return hits

    #: (key index, start, end) of every occurrence; the scan releases the GIL, so it can run in a thread
    hits = _hits

    def find_all(self, text: str, hits: list[tuple[int, int, int]] | None = None) -> list[Match]:
        """Every leftmost-longest occurrence, with a status: linked, ambiguous, excluded or skipped.
        ``hits``: what :meth:`hits` gave for ``text``, if already scanned."""
        if not self._keys or not text:
            return []
        plans, n = self._plans, len(text)
        out: list[Match] = []
        later: list[tuple[int, bool, bool]] = []  # matches to settle once the whole text is matched
        for idx, start, end in self._hits(text) if hits is None else hits:
            plan = plans[idx] or self._plan(idx)
            fields = plan.fields
            if plan.contextual or plan.contexts:
                later.append((len(out), plan.contextual, plan.contexts))
            watch = plan.watch
            if watch and ((start and text[start - 1] in watch) or (end < n and text[end] in watch)):
                reason = _inside_longer_word(text, start, end, plan)
                if reason:
                    fields = ("", *fields[1:5], "skipped", reason, ())
            out.append(_new_match((start, end, text[start:end]) + fields))
        if later:
            self._settle(text, out, later)
        return out

    def _settle(self, text: str, out: list[Match], later: list[tuple[int, bool, bool]]) -> None:
        """Context exclusions, then contextual forms, once every match of ``text`` is known (in place).

        A contextual form is linked only where the same text names its entry by a form that is not
        contextual (an anchor), and no other name stands right beside it (美國國會, 平昌冬奧)."""
        for pos, _, contexts in later:
            m = out[pos]
            if contexts and m.status == "linked":
                surface = normalise_chars(_SEP_SPLIT.sub("", m.surface))
                for left, blocked, right in self._contexts[m.entry]:
                    if (
                        surface == blocked
                        and normalise_chars(text[max(0, m.start - len(left)) : m.start]) == left
                        and normalise_chars(text[m.end : m.end + len(right)]) == right
                    ):
                        why = f"excluded in the context {left}[{blocked}]{right}"
                        out[pos] = m._replace(entry="", status="excluded", reason=why)
                        break
        contextual = {pos for pos, is_contextual, _ in later if is_contextual}
        anchors = {m.entry for i, m in enumerate(out) if m.status == "linked" and i not in contextual}
        for pos in sorted(contextual):
            m = out[pos]
            if m.status != "linked":
                continue
            why = ""
            if m.entry not in anchors:
                why = "contextual form, and the text names the entry nowhere unambiguously"
            else:
                for k in (pos - 1, pos + 1):
                    other = out[k] if 0 <= k < len(out) else None
                    if (
                        other is not None
                        and (other.end == m.start or other.start == m.end)
                        and (other.entry != m.entry or other.status != "linked")
                    ):
                        why = f"contextual form beside another name ({other.surface})"
                        break
            if why:
                out[pos] = m._replace(entry="", status="skipped", reason=why)


def _inside_longer_word(text: str, start: int, end: int, plan: _Plan) -> str:
    """Why the match ``text[start:end]`` sits inside a longer word and must not be linked ('' if not):
    a separator joins it to a Han neighbour (伊姆蘭·汗 inside a longer name), or a transliteration
    character continues it (杜達美 around 達美)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if plan.separator_check and (before in _SEP_BESIDE or after in _SEP_BESIDE):
        if (before in _SEP_BESIDE and start > 1 and _CJK_CHAR.match(text[start - 2])) or (
            after in _SEP_BESIDE and end + 1 < len(text) and _CJK_CHAR.match(text[end + 1])
        ):
            return "part of a longer name joined by a separator"
    if plan.translit_check and (before in TRANSLIT_NEIGHBOURS or after in TRANSLIT_NEIGHBOURS):
        return "inside a longer transliterated name"
    return ""
