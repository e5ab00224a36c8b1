"""``reader check``: every problem in texts and glossaries, as ``path:line:col: message`` lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import GlossaryError, ProblemList, ReaderError
from ..model import Glossary
from ..readers.glossary import form_rule_problems, read_glossary
from ..readers.tei.pairs import find_pairs
from ..readers.tei.parse import parse_xml
from ..readers.tei.read import glossary_path_of, read_text
from ..readers.tei.vocab import is_glossary_root


def default_texts() -> list[Path]:
    """The texts in ./texts, sorted."""
    return sorted(Path("texts").glob("*.xml"))


def _is_glossary(path: Path) -> bool:
    return is_glossary_root(parse_xml(path).getroot())


def check_paths(paths: list[Path], strict: bool = False) -> tuple[list[ReaderError], list[ReaderError]]:
    """Problems and notices for the given files."""
    problems: list[ReaderError] = []
    notices: list[ReaderError] = []
    glossaries: dict[str, Glossary | None] = {}

    def glossary_for(gpath: str, where: str) -> Glossary | None:
        key = str(Path(gpath).resolve())
        if key not in glossaries:
            try:
                g, probs = read_glossary(gpath)
            except ReaderError as exc:
                g, probs = None, [exc]
            problems.extend(probs)
            glossaries[key] = g
        return glossaries[key]

    sources = {t: s for t, s in find_pairs(paths) if s is not None}
    for path in paths:
        try:
            if _is_glossary(path):
                g = glossary_for(str(path), str(path))
                if g is not None:  # a glossary checked in its own right: the form rules too
                    problems.extend(form_rule_problems(g))
                continue
            root = parse_xml(path).getroot()
            source = sources.get(path)
            gpath = glossary_path_of(str(path), root)
            if gpath is None and source is not None:
                gpath = glossary_path_of(str(source), parse_xml(source).getroot())
            ids = None
            if gpath:
                if not Path(gpath).is_file():
                    problems.append(
                        GlossaryError(f"the gl: prefix points at {gpath!r}, which does not exist", str(path), 1, 1)
                    )
                else:
                    g = glossary_for(gpath, str(path))
                    ids = set(g.by_id) if g is not None else None
            if any(path == s for s in sources.values()):
                continue  # read as the original of its translation, given here too
            res = read_text(path, ids, source)
            problems.extend(res.problems)
            (problems if strict else notices).extend(res.notices)
        except ProblemList as exc:
            problems.extend(exc.problems)
        except ReaderError as exc:
            problems.append(exc)
    return problems, notices


def check_command(args: argparse.Namespace) -> int:
    """Run ``reader check``."""
    paths = [Path(p) for p in args.paths]
    if not paths:
        paths = default_texts() + sorted(Path("glossary").glob("*.xml"))
        if not paths:
            raise ReaderError("nothing to check: no texts/*.xml or glossary/*.xml here", ".")
    problems, notices = check_paths(paths, args.strict)
    for n in notices:
        print(f"{n} (notice)", file=sys.stderr)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print(f"checked {len(paths)} file(s): no problems", file=sys.stderr)
    return 0
