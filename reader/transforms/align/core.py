"""Aligning an original with its translation: paragraphs first, then sentences within aligned paragraphs.

:func:`align_texts` takes the original as an :class:`~reader.model.Edition` (its translation, if any,
is ignored) and the translation as English paragraphs (inline nodes), and returns the aligned edition
with every link scored. Both texts pass through unchanged: sentences are only cut at the places the
project's segmenter finds, never edited.

A link's **score** is its posterior probability (paragraph link times sentence link, from
:mod:`.dp`) times its **evidence**: how well the lengths fit the length model
(:func:`.length.match_probability`), raised by each anchor both sides share and lowered when they
share none of the anchors they have. 1:0 and 0:1 links have no evidence and score 0. Links scoring
below :data:`WEAK` are weak, and so are links joining sentences of two paragraphs on one side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...model import Block, Edition, Glossary, Inline, Sentence, Text, Unit, plain_text
from ...text.segment import split_sentences
from .anchors import Anchors, latin_words
from .dp import Step, align_sequences
from .length import PARAGRAPH_PRIORS, SENTENCE_PRIORS, length_cost, match_probability
from .names import entries, link_en, link_zh

WEAK = 0.5  #: links scoring below this are weak: listed for review
ANCHOR_BONUS = 2.0  #: cost taken off a link for each anchor both sides share
ANCHOR_PENALTY = 0.4  #: cost added for each anchor only one side has
_UNDIVIDED = frozenset({"title", "byline", "head", "note"})  #: kinds of unit never cut into sentences


@dataclass
class Segment:
    """A sentence (or an undivided unit) of either side, with what the aligner needs of it."""

    text: str  #: its plain text
    anchors: set[str]  #: see :mod:`.anchors`
    para: int  #: index of its paragraph
    target: str = ""  #: (Chinese) the id a translation points at: the sentence's, or its unit's
    inlines: tuple[Inline, ...] = ()  #: (English) its content


@dataclass
class Link:
    """One scored link between Chinese segments and English segments."""

    level: str  #: ``paragraph`` or ``sentence``
    zh: list[int]  #: indexes of the Chinese segments (paragraphs or sentences)
    en: list[int]  #: indexes of the English segments
    posterior: float  #: probability of the link under the model
    evidence: float  #: length fit and anchors, in [0, 1]
    shared: list[str] = field(default_factory=list)  #: anchors both sides have
    crosses: bool = False  #: (sentences) the link joins sentences of two paragraphs on one side

    @property
    def score(self) -> float:
        """Posterior times evidence, in [0, 1]."""
        return self.posterior * self.evidence

    @property
    def weak(self) -> bool:
        """Whether a person should look at this link: a low score, or sentences of two paragraphs
        joined (translators seldom move a sentence across a paragraph break, but an untranslated
        heading is cheaper for the model to absorb into its neighbour than to leave alone)."""
        return self.score < WEAK or self.crosses


@dataclass
class Alignment:
    """The result: the original's segments, the translation's, and the links between them."""

    zh_paras: list[list[int]]  #: for each Chinese paragraph, its sentence indexes
    en_paras: list[list[int]]  #: for each English paragraph, its sentence indexes
    zh: list[Segment]  #: Chinese sentences in order
    en: list[Segment]  #: English sentences in order
    paragraphs: list[Link]  #: paragraph links
    sentences: list[Link]  #: sentence links, in order
    en_ids: dict[int, str] = field(
        default_factory=dict
    )  #: each English sentence's xml:id (or its unit's) in the output

    def median_score(self) -> float:
        """The median score of the sentence links (0 for none)."""
        scores = sorted(lk.score for lk in self.sentences)
        if not scores:
            return 0.0
        mid = len(scores) // 2
        return scores[mid] if len(scores) % 2 else (scores[mid - 1] + scores[mid]) / 2


def _evidence(zh_len: int, en_len: int, za: set[str], ea: set[str]) -> tuple[float, list[str]]:
    if zh_len == 0 or en_len == 0:
        return 0.0, []
    shared = sorted(za & ea)
    # for true links match_probability is uniform on [0, 1]: its fourth root is below 0.5 only for the
    # 6% that fit worst, while wrong links, whose lengths rarely fit, stay near 0
    doubt = 1.0 - match_probability(zh_len, en_len) ** 0.25
    doubt *= 0.5 ** len(shared)
    ev = 1.0 - doubt
    if not shared and (za or ea):
        ev *= 0.75 ** min(3, len(za ^ ea))
    return ev, shared


class _Costs:
    """Link costs over two lists of segments (lengths and anchor sets), as the DP asks for them."""

    def __init__(self, zl: list[int], el: list[int], za: list[set[str]], ea: list[set[str]], priors: dict) -> None:  # type: ignore[type-arg]
        self.cz, self.ce = _prefix(zl), _prefix(el)
        self.za, self.ea = za, ea
        self.prior = {k: -math.log(v) for k, v in priors.items()}

    def __call__(self, i: int, j: int, di: int, dj: int) -> float:
        z = self.cz[i + di] - self.cz[i]
        e = self.ce[j + dj] - self.ce[j]
        c = self.prior[(di, dj)] + length_cost(z, e)
        if di and dj:
            za = self.za[i] if di == 1 else self.za[i] | self.za[i + 1]
            ea = self.ea[j] if dj == 1 else self.ea[j] | self.ea[j + 1]
            if za or ea:
                shared = len(za & ea)
                c += ANCHOR_PENALTY * (len(za) + len(ea) - 2 * shared) - ANCHOR_BONUS * shared
        return c


def _prefix(xs: list[int]) -> list[int]:
    out = [0]
    for x in xs:
        out.append(out[-1] + x)
    return out


def _chars(text: str) -> int:
    return len(text) - text.count(" ")


def _run(zs: Sequence[Segment], es: Sequence[Segment], priors: dict) -> list[Step]:  # type: ignore[type-arg]
    zl = [_chars(s.text) for s in zs]
    el = [_chars(s.text) for s in es]
    cost = _Costs(zl, el, [s.anchors for s in zs], [s.anchors for s in es], priors)
    return align_sequences(zl, el, cost, list(priors))


def original_units(edition: Edition) -> list[tuple[Block, list[Sentence]]]:
    """Every block of the original with its sentences: existing sentence ids kept, paragraphs
    without sentences cut by the project's segmenter (ids ``{unit}-s1``, ``-s2``, …)."""
    out: list[tuple[Block, list[Sentence]]] = []
    for b in edition.blocks():
        u = b.original
        sents = list(u.sentences)
        if b.kind not in _UNDIVIDED and u.id and not any(s.id for s in sents):
            inl = tuple(x for s in sents for x in s.inlines)
            cut = split_sentences(inl, u.lang)
            if len(cut) >= 1:
                sents = [Sentence(f"{u.id}-s{k + 1}", x) for k, x in enumerate(cut)]
        out.append((b, sents))
    return out


def align_texts(
    edition: Edition, translation: Sequence[tuple[Inline, ...]], glossary: Glossary | None, link: bool = True
) -> tuple[Edition, Alignment]:
    """Align ``edition``'s original with English paragraphs; the aligned edition and the links. With
    ``link``, glossary names are linked in both languages (:mod:`.names`)."""
    units = original_units(edition)
    latin = set().union(*(latin_words(plain_text(s.inlines)) for _, ss in units for s in ss)) if units else set()
    anchors = Anchors(glossary, latin)
    zh: list[Segment] = []
    zh_paras: list[list[int]] = []
    for p, (b, sents) in enumerate(units):
        idx = []
        for s in sents:
            text = plain_text(s.inlines)
            idx.append(len(zh))
            zh.append(Segment(text, anchors.zh(text), p, s.id or b.original.id or "", s.inlines))
        zh_paras.append(idx)
    en: list[Segment] = []
    en_paras: list[list[int]] = []
    for p, inl in enumerate(translation):
        idx = []
        for piece in split_sentences(inl, "en") or [inl]:
            text = plain_text(piece)
            idx.append(len(en))
            en.append(Segment(text, anchors.en(text), p, "", piece))
        en_paras.append(idx)

    def para_seg(paras: list[list[int]], segs: list[Segment]) -> list[Segment]:
        return [
            Segment(" ".join(segs[k].text for k in ks), set().union(*(segs[k].anchors for k in ks)), p)
            for p, ks in enumerate(paras)
        ]

    zp, ep = para_seg(zh_paras, zh), para_seg(en_paras, en)
    para_links: list[Link] = []
    sent_links: list[Link] = []
    for st in _run(zp, ep, PARAGRAPH_PRIORS):
        zs = list(range(st.i, st.i + st.di))
        es = list(range(st.j, st.j + st.dj))
        ev, shared = _evidence(
            sum(_chars(zp[k].text) for k in zs),
            sum(_chars(ep[k].text) for k in es),
            set().union(*(zp[k].anchors for k in zs)),
            set().union(*(ep[k].anchors for k in es)),
        )
        para_links.append(Link("paragraph", zs, es, st.posterior, ev, shared))
        zi = [k for p in zs for k in zh_paras[p]]
        ei = [k for p in es for k in en_paras[p]]
        if not zi or not ei:
            for k in zi:
                sent_links.append(Link("sentence", [k], [], st.posterior, 0.0))
            for k in ei:
                sent_links.append(Link("sentence", [], [k], st.posterior, 0.0))
            continue
        for sl in _run([zh[k] for k in zi], [en[k] for k in ei], SENTENCE_PRIORS):
            za = [zi[k] for k in range(sl.i, sl.i + sl.di)]
            eb = [ei[k] for k in range(sl.j, sl.j + sl.dj)]
            ev, shared = _evidence(
                sum(_chars(zh[k].text) for k in za),
                sum(_chars(en[k].text) for k in eb),
                set().union(*(zh[k].anchors for k in za)),
                set().union(*(en[k].anchors for k in eb)),
            )
            crosses = len({zh[k].para for k in za}) > 1 or len({en[k].para for k in eb}) > 1
            sent_links.append(Link("sentence", za, eb, st.posterior * sl.posterior, ev, shared, crosses))
    result = Alignment(zh_paras, en_paras, zh, en, para_links, sent_links)
    return _edition(edition, units, result, translation, anchors if link else None, glossary), result


def _edition(
    edition: Edition,
    units: list[tuple[Block, list[Sentence]]],
    al: Alignment,
    translation: Sequence[tuple[Inline, ...]],
    anchors: Anchors | None,
    glossary: Glossary | None,
) -> Edition:
    """The original's blocks with their sentences and the English units that render them, names
    linked in both when ``anchors`` is given."""

    def en_inlines(inl: tuple[Inline, ...], zh_segments: list[int]) -> tuple[Inline, ...]:
        if anchors is None:
            return inl
        return link_en(inl, anchors, entries([al.zh[z].anchors for z in zh_segments]), glossary)

    targets: dict[int, tuple[str, ...]] = {}  # English sentence -> the Chinese ids it renders
    zh_of: dict[int, list[int]] = {}
    for lk in al.sentences:
        for k in lk.en:
            targets[k] = tuple(al.zh[z].target for z in lk.zh)
            zh_of[k] = lk.zh
    # each English paragraph goes under the block its first linked sentence renders
    home: list[int] = []
    last = 0
    for ks in al.en_paras:
        paras = [al.zh[z].para for k in ks for z in zh_of.get(k, [])]
        last = paras[0] if paras else last
        home.append(last)
    by_block: dict[int, list[int]] = {}
    for p, hb in enumerate(home):
        by_block.setdefault(hb, []).append(p)
    blocks: dict[int, Block] = {}
    for bi, (b, sents) in enumerate(units):
        uid = b.original.id or f"zh-u{bi + 1}"
        en_uid = ("en" + uid[2:]) if uid.startswith("zh") else f"{uid}-en"
        tunits: list[Unit] = []
        for n, p in enumerate(by_block.get(bi, [])):
            tid = en_uid + (f"-{n + 1}" if n else "")
            ks = al.en_paras[p]
            if b.kind in _UNDIVIDED or not all(s.id for s in sents):
                al.en_ids.update((k, tid) for k in ks)
                tunits.append(Unit(tid, "en", (Sentence(None, en_inlines(translation[p], al.zh_paras[bi])),)))
                continue
            al.en_ids.update((k, f"{tid}-s{m + 1}") for m, k in enumerate(ks))
            tunits.append(
                Unit(
                    tid,
                    "en",
                    tuple(
                        Sentence(f"{tid}-s{m + 1}", en_inlines(al.en[k].inlines, zh_of.get(k, [])), targets.get(k, ()))
                        for m, k in enumerate(ks)
                    ),
                )
            )
        if anchors is not None:
            sents = [Sentence(x.id, link_zh(x.inlines, anchors), x.corresp, x.line) for x in sents]
        orig = Unit(b.original.id, b.original.lang, tuple(sents), b.original.line)
        blocks[id(b)] = Block(b.kind, orig, tuple(tunits))
    return _rebuild(edition, blocks)


def _rebuild(edition: Edition, blocks: dict[int, Block]) -> Edition:
    from dataclasses import replace

    from ...model import Node, Section

    def walk(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
        out: list[Node] = []
        for n in nodes:
            if isinstance(n, Block):
                out.append(blocks.get(id(n), n))
            else:
                head = blocks.get(id(n.head), n.head) if n.head is not None else None
                out.append(Section(n.id, n.n, n.level, head, walk(n.children)))
        return tuple(out)

    return replace(edition, children=walk(edition.children))


__all__ = ["Alignment", "Link", "Segment", "WEAK", "align_texts", "original_units", "Text"]
