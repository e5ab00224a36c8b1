"""Issue #8: nothing is read or fetched that should not be, and hostile data builds into harmless output.

- A full HTML and PDF build of a hostile text and glossary, and check/build of every entity, DTD,
  XInclude and pointer fixture, run in a subprocess under ``sys.addaudithook``: every ``open`` is an
  input, the output directory, the package's own code and assets, or the Python libraries' own
  files; there is no ``socket.connect`` (nor DNS, nor urllib request) at all.
- The parser settings hold even without the DOCTYPE pre-check: entities stay unexpanded, no DTD,
  external file or XInclude is read.
- The built HTML, parsed with lxml.html, has no script but the edition's own, no event handler, and
  no URL but ``#fragment`` and ``http(s)``; the hostile strings are there as text (escaped, not lost).
- The PDF has no JavaScript, launch action, attachment or non-http(s) link; the PDF URL fetcher
  serves the print stylesheet and refuses everything else.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "bad_inputs"
HOSTILE_TEXT = BAD / "hostile" / "text.xml"
HOSTILE_GLOSSARY = BAD / "hostile" / "glossary.xml"
FORBIDDEN = ("/etc/passwd", "/etc/hostname", "/proc/self/environ", str(BAD / "secret.txt"), str(BAD / "evil.dtd"))
REFUSED_FIXTURES = (
    "external-entity.xml",
    "parameter-entity.xml",
    "external-dtd-local.xml",
    "external-dtd-http.xml",
    "billion-laughs.xml",
    "quadratic-blowup.xml",
    "cyclic-entities.xml",
    "xinclude.xml",
    "corresp-absolute.xml",
    "gl-prefix-absolute.xml",
    "gl-prefix-proc.xml",
    "gl-prefix-file-url.xml",
    "ref-target-file.xml",  # names good.xml, which must be neither opened nor hashed
)

# Runs in a fresh interpreter with the hook installed before anything else (issue #19: WeasyPrint's
# import ran ldconfig, gcc and ld through ctypes.util.find_library, unseen by a hook installed after
# it). The imports and warm-up are recorded as their own run ("<startup>"), then each command line.
_AUDITED = r"""
import json, os, sys
current = []
NET = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request", "http.client.connect"}
PROC = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.fork", "os.forkpty", "pty.spawn"}
def hook(event, args):
    if event == "open":
        target = args[0]
        if isinstance(target, (str, bytes, os.PathLike)):
            current.append(["open", os.path.abspath(os.fsdecode(target))])
    elif event in NET or event in PROC:
        current.append([event, repr(args)[:300]])
sys.addaudithook(hook)
from reader.app.build import prewarm
from reader.app.cli import main
import reader.app.check, reader.readers.glossary, reader.readers.tei.read
prewarm(("html", "pdf"))
report_path, runs = sys.argv[1], json.loads(sys.argv[2])
report = [{"argv": ["<startup>"], "code": 0, "events": list(current)}]
for argv in runs:
    current.clear()
    code = main(argv)
    report.append({"argv": argv, "code": code, "events": list(current)})
with open(report_path, "w") as fh:
    json.dump(report, fh)
"""


def _allowed_roots(out: Path) -> list[Path]:
    from reader.resources import templates_dir

    paths = sysconfig.get_paths()
    libs = {Path(paths[k]).resolve() for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    own = [(ROOT / "reader").resolve(), templates_dir().resolve(), (out.parent / "cache" / "reader").resolve()]
    return [out.resolve(), *own, *sorted(libs)]


def _inside(path: str, roots: list[Path]) -> bool:
    p = Path(path).resolve()
    return any(p == r or r in p.parents for r in roots)


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """One audited subprocess: the hostile build, then every refused fixture through check and build."""
    tmp = tmp_path_factory.mktemp("audited")
    out = tmp / "out"
    runs = [["build", str(HOSTILE_TEXT), "-o", str(out), "--format", "html,pdf", "-j", "1", "--force"]]
    for name in REFUSED_FIXTURES:
        runs.append(["check", str(BAD / name)])
        runs.append(["build", str(BAD / name), "-o", str(out / "refused"), "-j", "1", "--force"])
    report_path = tmp / "report.json"
    proc = subprocess.run(
        [sys.executable, "-c", _AUDITED, str(report_path), json.dumps(runs)],
        cwd=tmp,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp / "cache")},  # the text cache's secret (reader.textcache)
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return out, json.loads(report_path.read_text())


def test_the_hostile_build_succeeds(audited) -> None:
    out, report = audited
    assert report[0]["argv"] == ["<startup>"]
    report = report[1:]
    assert report[0]["code"] == 0
    assert (out / "text.html").is_file() and (out / "text.pdf").is_file()


def test_refused_fixtures_are_refused(audited) -> None:
    _, report = audited
    assert [r["code"] for r in report[2:]] == [1] * (2 * len(REFUSED_FIXTURES))


def test_no_network_and_no_subprocess_but_the_font_check(audited) -> None:
    """From process start: importing WeasyPrint runs no ldconfig, gcc or ld (reader.pdf_libs)."""
    _, report = audited
    assert report[0]["argv"] == ["<startup>"] and report[0]["events"]  # the hook saw the imports
    for run in report:
        for event, detail in run["events"]:
            if event == "open":
                continue
            # the PDF path asks fontconfig which CJK fonts exist (reader.writers.pdf.render.require_cjk_font)
            assert event == "subprocess.Popen" and re.search(r"\bfc-list\b", detail), (run["argv"], event, detail)


def test_only_inputs_outputs_and_own_assets_are_opened(audited) -> None:
    out, report = audited
    roots = _allowed_roots(out)
    startup = [d for e, d in report[0]["events"] if e == "open"]
    import mimetypes

    system = set(mimetypes.knownfiles)  # the stdlib's mimetypes reads the system's MIME table on import
    assert [p for p in startup if not _inside(p, roots) and p not in system] == []  # code and libraries only
    for run in report[1:]:
        argv = run["argv"]
        # the text, and the default glossary (glossary/glossary.xml in the working directory) that
        # build reads when a text names none
        inputs = {str(Path(argv[1]).resolve()), str((out.parent / "glossary" / "glossary.xml").resolve())}
        if argv[1] == str(HOSTILE_TEXT):
            inputs.add(str(HOSTILE_GLOSSARY.resolve()))
        if argv[1] == str(BAD / "ref-target-file.xml"):  # its gl: prefix names glossary.xml beside it
            inputs.add(str((BAD / "glossary.xml").resolve()))
        opened = [detail for event, detail in run["events"] if event == "open"]
        assert str(Path(argv[1]).resolve()) in {str(Path(p).resolve()) for p in opened}, argv
        stray = sorted({p for p in opened if str(Path(p).resolve()) not in inputs and not _inside(p, roots)})
        assert stray == [], (argv, stray)
        for path in opened:
            assert not any(Path(path).resolve() == Path(f) for f in FORBIDDEN), (argv, path)


# --- the parser settings on their own (the second line of defence) ---------------------------------


def _hostile_documents(tmp: Path) -> dict[str, bytes]:
    marker = "MARKER-3f9c1b: this text must never reach a parsed tree"
    secret = tmp / "secret.txt"
    secret.write_text(marker)
    dtd = tmp / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak SYSTEM "{secret.as_uri()}">')
    tei = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>{}</p></body></text></TEI>'
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return {
        "external entity": f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret.as_uri()}">]>{tei.format("&x;")}'.encode(),
        "parameter entity": f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{dtd.as_uri()}"> %p;]>{tei.format("&leak;")}'.encode(),
        "external DTD": f'<!DOCTYPE TEI SYSTEM "{dtd.as_uri()}">{tei.format("&leak;")}'.encode(),
        "billion laughs": f'<!DOCTYPE TEI [<!ENTITY l0 "lol">{lol}]>{tei.format("&l9;")}'.encode(),
        "XInclude": tei.format(
            f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret.as_uri()}" parse="text"/>'
        ).encode(),
    }


@pytest.mark.parametrize("kind", ["external entity", "parameter entity", "external DTD", "billion laughs", "XInclude"])
def test_parser_settings_expand_and_fetch_nothing(kind: str, tmp_path: Path) -> None:
    from lxml import etree

    from reader.readers.tei import parse

    data = _hostile_documents(tmp_path)[kind]
    try:
        root = etree.fromstring(data, parse._parser())
    except etree.XMLSyntaxError:
        return  # refusing is as good as not expanding
    serialised = etree.tostring(root)
    assert b"MARKER-3f9c1b" not in serialised
    assert len(serialised) < 2 * len(data)  # nothing expanded


# --- what the hostile build produced ----------------------------------------------------------------

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "ping", "background"}
DANGEROUS_ELEMENTS = {"iframe", "frame", "object", "embed", "base", "form", "img", "svg", "math", "link", "applet"}
HOSTILE_TEXTS = (
    'alert("head")',
    "onerror=alert('zh')",
    'alert("note")',
    "onerror=alert('gloss')",
    "javascript:alert(1)",
)


def _harmless(html_path: Path) -> str:
    """Assert the page runs nothing from the data; return its text."""
    import lxml.html

    from reader.resources import templates_dir
    from reader.writers.html.render import HEAD_JS, READER_JS

    def own(*names: str) -> str:
        return "\n".join((templates_dir() / "html" / n).read_text(encoding="utf-8") for n in names).strip()

    own_js = {own(HEAD_JS), own(*READER_JS)}
    root = lxml.html.parse(str(html_path)).getroot()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        assert tag not in DANGEROUS_ELEMENTS, lxml.html.tostring(el)[:200]
        if tag == "script" and el.get("type") == "application/json":  # the learner's word data: inert
            assert "<" not in (el.text or "") and "src" not in el.attrib and el.get("id") == "reader-words"
            json.loads(el.text or "")
        elif tag == "script":
            assert (el.text or "").strip() in own_js and "src" not in el.attrib
        if tag == "meta":
            assert "http-equiv" not in el.attrib
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (tag, name, value)
            if name.lower() in URL_ATTRS:
                url = re.sub(r"[\x00-\x20]", "", value)
                assert re.match(r"(#|https?://)", url, re.I), (tag, name, value)
            if name.lower() == "style":
                assert "url(" not in value.lower() and "expression(" not in value.lower()
    return root.text_content()


def test_hostile_html_contains_no_script_or_dangerous_url(audited) -> None:
    out, _ = audited
    text = _harmless(out / "text.html").replace("\u2018", "'").replace("\u2019", "'")  # English apostrophes curl
    for hostile in HOSTILE_TEXTS:
        assert hostile in text  # shown as text, not dropped and not executed


def test_hostile_html_in_simplified_script_too(tmp_path: Path, run_cli) -> None:
    code, _, stderr = run_cli(
        "build", str(HOSTILE_TEXT), "-o", str(tmp_path), "--format", "html", "--script", "hans", "-j", "1"
    )
    assert code == 0, stderr
    (page,) = tmp_path.glob("*.html")
    text = _harmless(page)
    assert 'alert("head")' in text


def test_hostile_pdf_has_no_active_content(audited) -> None:
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    out, _ = audited
    raw = (out / "text.pdf").read_bytes()
    pdf = PdfReader(out / "text.pdf")
    catalog = pdf.trailer["/Root"]
    assert "/OpenAction" not in catalog and "/AA" not in catalog and "/AcroForm" not in catalog
    names = catalog.get("/Names")
    if names is not None:
        assert "/JavaScript" not in names and "/EmbeddedFiles" not in names
    uris = []
    for page in pdf.pages:
        assert "/AA" not in page
        for annot in page.get("/Annots") or []:
            annot = annot.get_object() if isinstance(annot, IndirectObject) else annot
            assert annot.get("/Subtype") in ("/Link",), annot
            action = annot.get("/A")
            if action is None:
                continue
            action = action.get_object()
            assert action.get("/S") in ("/URI", "/GoTo"), action
            if action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
    assert uris, "the hostile text's https link should be a link in the PDF"
    assert all(re.match(r"https?://", u) for u in uris), uris
    for marker in (b"/JavaScript", b"/JS ", b"/Launch", b"/EmbeddedFile", b"/FileAttachment", b"file://"):
        assert marker not in raw


# --- the PDF URL fetcher --------------------------------------------------------------------------


def test_pdf_fetcher_serves_print_css_and_refuses_everything_else(tmp_path: Path) -> None:
    from reader.resources import templates_dir
    from reader.writers.pdf.render import make_fetcher

    fetcher = make_fetcher()
    css = templates_dir() / "print" / "print.css"
    assert fetcher.fetch(css.as_uri()).read() == css.read_bytes()
    outside = tmp_path / "print.css"
    outside.write_text("body { color: red }")
    link = tmp_path / "link.css"
    link.symlink_to("/etc/passwd")
    refused = [
        "file:///etc/passwd",
        "http://127.0.0.1:9/print.css",
        "https://example.com/print.css",
        "data:text/css,body{}",
        "ftp://example.com/print.css",
        outside.as_uri(),
        link.as_uri(),
        (templates_dir() / "html" / "edition.html.j2").as_uri(),
        (templates_dir() / ".." / "pyproject.toml").as_uri(),
        css.as_uri() + "?x=1",
        "file://evil.example.com" + str(css),
    ]
    for url in refused:
        with pytest.raises(fetcher.refused):
            fetcher.fetch(url)


def test_parse_refuses_what_would_make_a_reader_wait_forever(tmp_path: Path) -> None:
    """A FIFO, or a device, given as an input is refused at once instead of blocking or reading forever."""
    from reader.errors import InputError
    from reader.readers.tei.parse import read_bytes

    fifo = tmp_path / "text.xml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(InputError, match="not a regular file"):
            read_bytes(path)


@pytest.mark.parametrize(
    "snippet",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" data:text/html,x">x</a>',
        '<p onclick="alert(1)">x</p>',
        "<script>alert(1)</script>",
        '<img src="https://example.com/x.png">',
        '<link rel="attachment" href="file:///etc/passwd">',
    ],
)
def test_the_html_check_can_fail(snippet: str, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html><head><title>t</title></head><body>{snippet}</body></html>")
    with pytest.raises(AssertionError):
        _harmless(page)
