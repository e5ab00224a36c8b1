"""``reader serve`` without a browser: what the server answers, what it refuses, when it rebuilds, and
its command line. (The browser tests in tests/browser/test_serve.py drive the live reload.)"""

from __future__ import annotations

import json
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from reader.app.build import BuildOptions
from reader.app.serve import STATE_PATH, Site, _handler, host_warning, is_loopback

ROOT = Path(__file__).resolve().parent.parent
SLUG = "beijing-winter-olympics-home-summit"


@pytest.fixture()
def project(tmp_path, monkeypatch) -> Path:
    shutil.copytree(ROOT / "texts", tmp_path / "texts")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    shutil.copy(ROOT / "tests" / "fixtures" / "mini.xml", tmp_path / "texts" / "mini.xml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture()
def site(project) -> Site:
    texts = sorted(Path("texts").glob("*.xml"))
    # mini.xml names its glossary relative to itself; give it a copy of the fixture's (a gl: prefix
    # must be a relative path, issue 19)
    shutil.copy(ROOT / "tests" / "fixtures" / "glossary" / "glossary.xml", project / "mini-glossary.xml")
    src = (project / "texts" / "mini.xml").read_text("utf-8")
    (project / "texts" / "mini.xml").write_text(src.replace("glossary/glossary.xml", "../mini-glossary.xml"), "utf-8")
    s = Site(texts, BuildOptions(outdir=Path("build"), formats=("html",), jobs=1), default_texts=True)
    s.rebuild()
    return s


@pytest.fixture()
def server(site) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


def test_pages_are_served_with_the_live_script(site, server):
    assert site.problems == {SLUG: [], "mini": []}
    status, ctype, body = get(f"{server}/{SLUG}.html")
    assert status == 200 and ctype.startswith("text/html")
    assert body.count('<script id="reader-serve">') == 1 and body.rstrip().endswith("</html>")
    assert body.index('<script id="reader-serve">') > body.index("<body")
    built = (Path("build") / f"{SLUG}.html").read_text("utf-8")
    assert '<script id="reader-serve">' not in built  # the build itself is untouched
    status, _, index = get(f"{server}/")
    assert status == 200 and f'href="/{SLUG}.html"' in index and 'href="/mini.html"' in index


def test_state_endpoint(site, server):
    status, ctype, body = get(f"{server}{STATE_PATH}?text={SLUG}")
    assert status == 200 and ctype == "application/json"
    assert json.loads(body) == {"version": site.version, "problems": []}


@pytest.mark.parametrize(
    "path",
    [
        "/../texts/" + SLUG + ".xml",
        "/texts/" + SLUG + ".xml",
        "/build/.reader-build.json",
        "/nope.html",
        "/%2e%2e/etc/passwd",
    ],
)
def test_nothing_but_the_pages_is_served(server, path):
    status, _, _ = get(server + path)
    assert status == 404


def test_another_host_name_is_refused(site, server):
    """DNS rebinding: a page on another site whose name now resolves to 127.0.0.1 sends its own Host."""
    from reader.app.serve import loopback_hosts

    port = int(server.rsplit(":", 1)[1])
    site.hosts = loopback_hosts(port)
    assert get(f"{server}/{SLUG}.html")[0] == 200
    assert get(f"http://localhost:{port}{STATE_PATH}?text={SLUG}")[0] == 200
    request = urllib.request.Request(f"{server}/{SLUG}.html", headers={"Host": f"evil.example:{port}"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request)
    assert err.value.code == 403


def test_rebuilds_only_what_changed_and_reports_problems(site):
    version = site.version
    assert site.rebuild() is False and site.version == version  # nothing changed: no new version
    text = Path("texts") / f"{SLUG}.xml"
    good = text.read_text("utf-8")
    page = Path("build") / "mini.html"
    mini_mtime = page.stat().st_mtime_ns
    text.write_text(good.replace("22 leaders", "22 leaders (changed)", 1), "utf-8")
    assert site.rebuild() is True and site.version == version + 1
    assert "22 leaders (changed)" in (Path("build") / f"{SLUG}.html").read_text("utf-8")
    assert page.stat().st_mtime_ns == mini_mtime  # the other text was not rebuilt
    text.write_text(good.replace("</TEI>", ""), "utf-8")
    assert site.rebuild() is True
    problems = site.state(SLUG)["problems"]
    assert problems and all(p.startswith(f"texts/{SLUG}.xml:") for p in problems)
    assert site.state("mini")["problems"] == []
    text.write_text(good, "utf-8")
    assert site.rebuild() is True and site.state(SLUG)["problems"] == []


def test_watched_files_include_the_glossary(site):
    watched = {p.resolve() for p in site.watched()}
    assert (Path("glossary") / "glossary.xml").resolve() in watched
    assert (Path("texts") / f"{SLUG}.xml").resolve() in watched


def test_only_loopback_is_quiet():
    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        assert is_loopback(host) and host_warning(host) is None
    for host in ("0.0.0.0", "::", "192.0.2.1", "example.org"):
        assert not is_loopback(host)
        assert "warning" in (host_warning(host) or "")


def test_serve_command_line_errors(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("serve")
    assert code == 1 and "nothing to serve" in err
    code, _, err = run_cli("serve", "missing.xml")
    assert code == 1 and err.startswith("missing.xml: no such text")
    (tmp_path / "a.xml").write_text("<TEI/>", "utf-8")
    code, _, err = run_cli("serve", "a.xml", "--port", "70000")
    assert code == 1 and "--port 70000" in err
    code, out, _ = run_cli("serve", "--help")
    assert code == 0 and "--port N" in out and "127.0.0.1" in out


def test_a_save_during_a_rebuild_is_not_lost(site):
    """The poller compares with what it saw before the rebuild, so a save made while the rebuild runs
    triggers another one (regression: the snapshot taken after the rebuild swallowed it)."""
    import io

    from reader.app.serve import Poller

    text = Path("texts") / f"{SLUG}.xml"
    poller = Poller(site, io.StringIO())
    assert poller.step() is False  # nothing changed since the poller started
    real = site.rebuild
    calls = []

    def rebuild_with_a_save_in_the_middle(log=None):
        calls.append(1)
        changed = real(log)
        if len(calls) == 1:
            text.write_text(text.read_text("utf-8").replace("22 leaders", "22 leaders (saved meanwhile)", 1), "utf-8")
        return changed

    site.rebuild = rebuild_with_a_save_in_the_middle  # type: ignore[method-assign]
    text.write_text(text.read_text("utf-8").replace("22 leaders", "22 leaders (first)", 1), "utf-8")
    assert poller.step() is True
    assert poller.step() is True and len(calls) == 2
    assert "(saved meanwhile)" in (Path("build") / f"{SLUG}.html").read_text("utf-8")
    assert poller.step() is False


def test_a_glossary_save_rebuilds_the_texts_that_use_it(site):
    import io

    from reader.app.serve import Poller

    poller = Poller(site, io.StringIO())
    glossary = Path("glossary") / "glossary.xml"
    src = glossary.read_text("utf-8")
    glossary.write_text(
        src.replace("President of Russia (2000", "President of the Russian Federation (2000", 1), "utf-8"
    )
    assert poller.step() is True
    assert "President of the Russian Federation" in (Path("build") / f"{SLUG}.html").read_text("utf-8")
