"""The command line: ``reader build|check|import|annotate|align|glossary``. main(argv) -> exit status.

User errors (:class:`~reader.errors.ReaderError`) print one ``path:line:col: message`` line per
problem on stderr and exit 1; no traceback. Heavy modules are imported by the command that needs them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import writers
from ..errors import ProblemList, ReaderError
from ..version import __version__
from ..writers.exports import FORMATS as EXPORT_FORMATS

EXAMPLES = {
    "build": """examples:
  reader build                                  # every text in texts/ -> build/<slug>.html and .pdf
  reader build texts/beijing-winter-olympics-home-summit.xml --format html -o out
  reader build --script hans --format pdf        # a Simplified-script PDF edition
  reader build source.xml translation.xml        # a parallel pair made elsewhere (seg, corresp="source.xml#id")
  reader build --format epub --script hans       # EPUB 3 for e-readers (--epub-layout blocks, --embed-fonts)""",
    "serve": """examples:
  reader serve                                  # every text in texts/ at http://127.0.0.1:8000/
  reader serve texts/my-text.xml --port 8123    # one text; edit it or the glossary and save
  reader serve --host 0.0.0.0                   # reachable from other machines too (a warning says so)
Pages reload on every save, at the same place; a broken save shows its path:line:col problems.""",
    "check": """examples:
  reader check                                  # every text in texts/ and the glossary in glossary/
  reader check texts/my-text.xml glossary/glossary.xml
Problems print as path:line:col: message; the exit status is 1 if there are any.""",
    "import": """examples:
  reader import article.txt -o texts/article.xml      # text copied out of a PDF, hard wraps and all
  reader import draft.md -o texts/draft.xml            # Markdown, a translation after each paragraph""",
    "annotate": """examples:
  reader annotate texts/new.xml -o texts/new.xml --report links.json
  reader annotate news.txt -o texts/news.xml           # plain text: imported, then annotated""",
    "align": """examples:
  reader align original.txt translation.txt -o texts/new.xml --report align.json --review align.html
  reader align texts/new.xml published-en.md -o texts/new.xml   # a TEI original, a Markdown translation
Weak links (score below 0.5) are listed in the report and marked on the review page: see docs/align.md.""",
    "words": """examples:
  reader words texts/beijing-winter-olympics-home-summit.xml                # CSV on standard output
  reader words texts/X.xml --known-words known.txt --min-level 5 --format tsv > list.tsv
The known-words file has one word per line (either script), or is a Pleco or Anki export.""",
    "lookup": """examples:
  reader glossary lookup 普京
  reader glossary lookup 一带一路""",
    "gimport": """examples:
  reader glossary import CGroup-Country.lua --source "Chinese Wikipedia, Module:CGroup/Country" \\
      --licence "CC BY-SA 4.0"                    # merge a conversion group, crediting it
  reader glossary import names.csv --dry-run    # what a CSV would change, without writing""",
    "export": """examples:
  reader glossary export --format csv -o glossary.csv
  reader glossary export --format anki -o glossary.apkg
  reader glossary export --format tbx > glossary.tbx""",
}


def build_parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(
        prog="reader",
        description="Read Chinese texts beside their English translation: build HTML and PDF editions, "
        "check TEI texts and the glossary, import and annotate new texts.",
        epilog="examples:\n  reader build\n  reader check\n  reader glossary lookup 普京\n"
        "Run 'reader COMMAND --help' for each command's options and examples.",
        formatter_class=fmt,
    )
    p.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser(
        "build",
        help="build HTML and PDF editions",
        epilog=EXAMPLES["build"],
        formatter_class=fmt,
        description="Build the reading editions of TEI texts (all of texts/ when none is given).",
    )
    b.add_argument("texts", nargs="*", metavar="TEXT", help="TEI text files (default: texts/*.xml)")
    b.add_argument("-o", "--output", default="build", metavar="DIR", help="output directory (default: build)")
    default = ",".join(writers.default_names())
    b.add_argument("--format", default=default, help=f"{writers.format_choices()} (default: {default})")
    b.add_argument("--script", choices=["hant", "hans"], default="hant", help="script of the Chinese (default: hant)")
    b.add_argument(
        "--paper",
        choices=["a4", "letter", "a5"],
        default="a4",
        help="PDF paper size (a5: outer margins of 25 mm for notes; default: a4)",
    )
    b.add_argument("--glossary", metavar="FILE", help="glossary file (default: the one the text's gl: prefix names)")
    b.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="parallel builds (default: number of CPUs)")
    b.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    b.add_argument(
        "--known-words",
        metavar="FILE",
        help="words you know (one per line, or a Pleco/Anki export): the HTML edition starts with them marked known",
    )
    for flag in writers.flags():  # options of one writer (--epub-layout, --embed-fonts)
        if isinstance(flag.default, bool):
            b.add_argument(flag.option, action="store_true", default=flag.default, help=flag.help)
        else:
            b.add_argument(flag.option, choices=flag.choices or None, default=flag.default, help=flag.help)

    sv = sub.add_parser(
        "serve",
        help="preview the HTML editions, rebuilt on every save",
        epilog=EXAMPLES["serve"],
        formatter_class=fmt,
        description="Serve the HTML editions on this machine, rebuilding them and reloading the page whenever "
        "a text or the glossary is saved.",
    )
    sv.add_argument("texts", nargs="*", metavar="TEXT", help="TEI text files (default: texts/*.xml)")
    sv.add_argument("--port", type=int, default=8000, metavar="N", help="port (default: 8000; 0: any free port)")
    sv.add_argument(
        "--host", default="127.0.0.1", metavar="H", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    sv.add_argument("-o", "--output", default="build", metavar="DIR", help="build directory (default: build)")
    sv.add_argument("--script", choices=["hant", "hans"], default="hant", help="script shown first (default: hant)")
    sv.add_argument("--glossary", metavar="FILE", help="glossary file (default: the one the text's gl: prefix names)")

    c = sub.add_parser(
        "check",
        help="check texts and the glossary",
        epilog=EXAMPLES["check"],
        formatter_class=fmt,
        description="Check TEI texts and glossaries: well-formed, unique ids, every pointer resolves.",
    )
    c.add_argument(
        "paths", nargs="*", metavar="PATH", help="texts or glossary files (default: texts/*.xml glossary/*.xml)"
    )
    c.add_argument("--strict", action="store_true", help="treat untranslated units as problems")

    i = sub.add_parser(
        "import",
        help="import plain text or Markdown as a TEI text",
        epilog=EXAMPLES["import"],
        formatter_class=fmt,
        description="Import a plain-text or Markdown file as a new TEI text.",
    )
    i.add_argument("input", metavar="INPUT", help="a .txt or .md file")
    i.add_argument(
        "-o", "--output", required=True, metavar="OUT.xml", help="the TEI file to write (- for standard output)"
    )
    i.add_argument(
        "--glossary", metavar="FILE", help="glossary the new text points at (default: glossary/glossary.xml)"
    )
    i.add_argument("--lang", metavar="TAG", help="the text's language tag, e.g. zh-Hant-TW (default: by its script)")
    i.add_argument("--title", metavar="TITLE", help="the text's title (default: the one the text gives)")

    a = sub.add_parser(
        "annotate",
        help="link glossary entries in a text",
        epilog=EXAMPLES["annotate"],
        formatter_class=fmt,
        description="Link every glossary name and term in a TEI, plain-text "
        "or Markdown input, in either script and any regional form.",
    )
    a.add_argument("input", metavar="INPUT", help="a .xml, .txt or .md file")
    a.add_argument(
        "-o", "--output", metavar="OUT.xml", help="where to write the annotated TEI (default or -: standard output)"
    )
    a.add_argument("--report", metavar="FILE.json", help="write a JSON report of every match (- for standard output)")
    a.add_argument("--glossary", metavar="FILE", help="glossary file (default: glossary/glossary.xml)")

    al = sub.add_parser(
        "align",
        help="align a Chinese text with an existing English translation",
        epilog=EXAMPLES["align"],
        formatter_class=fmt,
        description="Align a Chinese text with its English translation into one sentence-aligned TEI text: "
        "paragraphs first, then sentences, by a length model and anchors (numbers, glossary names, Latin "
        "names); glossary names are then linked in both languages. See docs/align.md.",
    )
    al.add_argument(
        "original", metavar="ORIGINAL", help="the Chinese text: TEI (.xml), plain text (.txt) or Markdown (.md)"
    )
    al.add_argument("translation", metavar="TRANSLATION", help="its English translation: .txt, .md or TEI (.xml)")
    al.add_argument("-o", "--output", required=True, metavar="OUT.xml", help="the aligned TEI file to write")
    al.add_argument("--report", metavar="R.json", help="write every link with its score, weak ones flagged")
    al.add_argument(
        "--review", metavar="R.html", help="write an offline HTML page of the aligned pairs, weak ones marked"
    )
    al.add_argument(
        "--glossary", metavar="FILE", help="glossary for anchors and links (default: glossary/glossary.xml)"
    )
    w = sub.add_parser(
        "words",
        help="list a text's vocabulary",
        epilog=EXAMPLES["words"],
        formatter_class=fmt,
        description="List every word of a text's Chinese with its pinyin, HSK level, CC-CEDICT sense, count "
        "and first sentence: for preparing a reading or printing a word list.",
    )
    w.add_argument("text", metavar="TEXT", help="a TEI text file")
    w.add_argument("--known-words", metavar="FILE", help="leave out these words (one per line, or a Pleco/Anki export)")
    w.add_argument(
        "--min-level",
        type=int,
        default=0,
        metavar="N",
        help="only words of HSK level N and above (and words on no list)",
    )
    w.add_argument("--format", choices=["csv", "tsv", "json"], default="csv", help="output format (default: csv)")

    g = sub.add_parser(
        "glossary",
        help="look up or export the glossary",
        formatter_class=fmt,
        description="Look up entries of the glossary, or export it.",
        epilog=EXAMPLES["lookup"] + "\n" + EXAMPLES["export"].replace("examples:\n", ""),
    )
    g.add_argument("--glossary", metavar="FILE", help="glossary file (default: glossary/glossary.xml)")
    gsub = g.add_subparsers(dest="glossary_command", metavar="SUBCOMMAND")
    lk = gsub.add_parser(
        "lookup",
        help="find an entry by any form",
        epilog=EXAMPLES["lookup"],
        formatter_class=fmt,
        description="Find glossary entries by any form, in either script, or by id or English name.",
    )
    lk.add_argument("form", metavar="FORM")
    lk.add_argument("--glossary", dest="glossary_file", metavar="FILE", help="glossary file")
    im = gsub.add_parser(
        "import",
        help="merge a conversion group (Lua) or CSV table into the glossary",
        epilog=EXAMPLES["gimport"],
        formatter_class=fmt,
        description="Merge the name forms of a Chinese Wikipedia conversion group (Module:CGroup, Lua) or of "
        "a CSV table into the glossary. Every form that comes in cites the import as its source (a bibl in "
        "the glossary header). Curated main forms are kept unless --force is given.",
    )
    im.add_argument("file", metavar="FILE", help="a .lua conversion group or a .csv table")
    im.add_argument("--source", metavar="LABEL", help="how the header names the source (default: the file name)")
    im.add_argument("--source-id", metavar="ID", help="xml:id of the source's bibl (default: src_import_<file>)")
    im.add_argument("--licence", metavar="TEXT", help="the source's licence, recorded with it (e.g. 'CC BY-SA 4.0')")
    im.add_argument("--force", action="store_true", help="let imported main forms replace curated ones")
    im.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    im.add_argument("--glossary", dest="glossary_file", metavar="FILE", help="glossary file")
    ex = gsub.add_parser(
        "export",
        help="export as CSV, JSON, TBX or Anki",
        epilog=EXAMPLES["export"],
        formatter_class=fmt,
        description="Export the glossary for other tools.",
    )
    ex.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    ex.add_argument("-o", "--output", metavar="FILE", help="output file (default or -: standard output; anki needs -o)")
    ex.add_argument("--excel", action="store_true", help="csv: start with a byte-order mark, so Excel reads UTF-8")
    ex.add_argument("--glossary", dest="glossary_file", metavar="FILE", help="glossary file")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from ..runtime.procs import signals_as_interrupt

    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    with signals_as_interrupt():  # SIGTERM and SIGHUP clean up like Ctrl-C
        return _run(parser, args)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from ..runtime.procs import Terminated

    try:
        if args.command == "build":
            from .build import build_command

            return build_command(args)
        if args.command == "serve":
            from .serve import serve_command

            return serve_command(args)
        if args.command == "check":
            from .check import check_command

            return check_command(args)
        if args.command == "import":
            from .importer import import_command

            return import_command(args)
        if args.command == "annotate":
            from .annotate import annotate_command

            return annotate_command(args)
        if args.command == "align":
            from .align import align_command

            return align_command(args)
        if args.command == "words":
            from .words import words_command

            return words_command(args)
        if args.command == "glossary":
            if not args.glossary_command:
                parser.parse_args(["glossary", "--help"])
            from .glossary import glossary_command

            return glossary_command(args)
    except ProblemList as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except ReaderError as exc:
        print(exc, file=sys.stderr)
        return 1
    except Terminated as exc:
        print(f"reader: terminated by {exc.name}", file=sys.stderr)
        return 128 + exc.signum
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
