"""``reader serve``: a live preview of the HTML editions while a text or the glossary is edited.

The standard library's :class:`http.server.ThreadingHTTPServer` serves the HTML editions of the texts
(all of ``texts/`` by default) from the build directory, on 127.0.0.1 unless ``--host`` says otherwise
(with a warning). A thread polls the texts and every file they are built from and rebuilds through
the incremental build, so only what changed is rendered again (:mod:`reader.app.watch`).

Every served page gets a small script (:data:`LIVE_JS`) that asks ``/__reader/state`` for the build's
version: when it changes the page reloads at the same scroll position; when the text is broken the
page shows its ``path:line:col`` problems in an overlay instead of the stale edition, and the next good
save brings the edition back. The page asks nothing of any other host.

Ctrl-C (SIGINT) or SIGTERM stops the poller after the build in progress (whose writes are atomic) and
closes the socket: nothing half-written is left behind.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import signal
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any, TextIO
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import ReaderError
from .build import BuildOptions
from .watch import Poller, Site

STATE_PATH = "/__reader/state"  #: the endpoint the page polls
LIVE_JS = """<script id="reader-serve">
(function () {
  "use strict";
  var slug = %(slug)s, seen = %(version)d, key = "reader-serve-scroll:" + location.pathname;
  function where() {  /* the first row on screen and how far it is scrolled, else the page offset */
    var rows = document.querySelectorAll("[id^='row-']");
    for (var i = 0; i < rows.length; i++) {
      var top = rows[i].getBoundingClientRect().top;
      if (top >= 0) return {id: rows[i].id, top: top, y: window.scrollY};
    }
    return {id: "", top: 0, y: window.scrollY};
  }
  function restore() {  /* back to the same row at the same height, once the page is laid out */
    try {
      var saved = JSON.parse(sessionStorage.getItem(key) || "null");
      sessionStorage.removeItem(key);
      if (!saved) return;
      var el = saved.id && document.getElementById(saved.id);
      if (el) window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - saved.top);
      else window.scrollTo(0, saved.y);
    } catch (e) { /* no storage: the page opens at the top */ }
  }
  if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  function overlay(problems) {
    var box = document.getElementById("reader-serve-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "reader-serve-problems";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-label", "The text has problems");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:#fff8f5;color:#111;font:15px/1.5 ui-monospace,monospace;";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var h = document.createElement("h1");
    h.textContent = "reader serve: the last save has problems; fix them and save again";
    h.style.cssText = "font:bold 18px system-ui,sans-serif;color:#8a1c00;";
    var pre = document.createElement("pre");
    pre.textContent = problems.join("\\n");
    pre.style.whiteSpace = "pre-wrap";
    box.appendChild(h); box.appendChild(pre);
  }
  function poll() {
    fetch("%(state)s?text=" + encodeURIComponent(slug), {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        overlay(s.problems);
        if (s.version !== seen && !s.problems.length) {
          try { sessionStorage.setItem(key, JSON.stringify(where())); } catch (e) {}
          location.reload();
          return;
        }
        seen = s.version;
        setTimeout(poll, 250);
      })
      .catch(function () { setTimeout(poll, 1000); });  /* the server stopped or restarts */
  }
  poll();
})();
</script>
"""
BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>%(title)s: problems</title></head>
<body><p>%(title)s has not been built yet.</p></body></html>
"""


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "reader-serve"
        sys_version = ""

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass  # a request log would drown the rebuild messages

        def send_body(self, body: bytes, ctype: str, status: HTTPStatus = HTTPStatus.OK) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
            self.do_GET()

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if site.hosts and self.headers.get("Host", "").lower() not in site.hosts:
                # a page elsewhere that made its own name resolve to 127.0.0.1 must not read the texts
                self.send_body(b"wrong host\n", "text/plain; charset=utf-8", HTTPStatus.FORBIDDEN)
                return
            url = urlsplit(self.path)
            path = unquote(url.path)
            slugs = site.slugs()
            if path == STATE_PATH:
                slug = (parse_qs(url.query).get("text") or [""])[0]
                body = json.dumps(site.state(slug)).encode("utf-8")
                self.send_body(body, "application/json")
            elif path == "/":
                if len(slugs) == 1:
                    self.send_response(HTTPStatus.FOUND)
                    self.send_header("Location", f"/{slugs[0]}.html")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_body(index_page(slugs).encode("utf-8"), "text/html; charset=utf-8")
            elif path.endswith(".html") and path[1:-5] in slugs:
                slug = path[1:-5]
                self.send_body(live_page(site, slug).encode("utf-8"), "text/html; charset=utf-8")
            else:
                self.send_body(b"not found\n", "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)

    return Handler


def index_page(slugs: list[str]) -> str:
    from html import escape

    items = "".join(f'<li><a href="/{escape(s)}.html">{escape(s)}</a></li>' for s in slugs)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>reader serve</title></head>'
        f"<body><h1>Texts</h1><ul>{items}</ul></body></html>\n"
    )


def live_page(site: Site, slug: str) -> str:
    """The built page with the live-reload script, or a placeholder when it was never built."""
    from html import escape

    state = site.state(slug)
    script = LIVE_JS % {"slug": json.dumps(slug), "version": state["version"], "state": STATE_PATH}
    try:
        html = site.page(slug).read_text(encoding="utf-8")
    except OSError:
        html = BROKEN_PAGE % {"title": escape(slug)}
    cut = html.rfind("</body>")
    return html[:cut] + script + html[cut:] if cut >= 0 else html + script


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def loopback_hosts(port: int) -> frozenset[str]:
    """The Host headers a loopback server answers to."""
    return frozenset(f"{h}:{port}" for h in ("127.0.0.1", "localhost", "[::1]"))


def host_warning(host: str) -> str | None:
    """The warning for an address beyond this machine (None for loopback)."""
    if is_loopback(host):
        return None
    return (
        f"reader serve: warning: listening on {host}, not only on this machine: anyone who can reach it can "
        "read the texts being served"
    )


def serve_command(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Run ``reader serve`` until SIGINT or SIGTERM."""
    log = stream or sys.stderr
    texts = [Path(t) for t in args.texts] or sorted(Path("texts").glob("*.xml"))
    if not texts:
        raise ReaderError("nothing to serve: no TEXT given and no texts/*.xml here", ".")
    for t in texts:
        if not t.is_file():
            raise ReaderError("no such text", str(t))
    if not 0 <= args.port <= 65535:
        raise ReaderError(f"--port {args.port}: use a port from 0 (any free one) to 65535")
    warning = host_warning(args.host)
    if warning:
        print(warning, file=log)
    from .output import ensure_dir

    opts = BuildOptions(
        outdir=Path(args.output),
        formats=("html",),
        script=args.script,
        glossary=Path(args.glossary) if args.glossary else None,
        jobs=1,
    )
    ensure_dir(opts.outdir)
    site = Site(texts, opts, default_texts=not args.texts)
    site.rebuild(log)
    try:
        server = ThreadingHTTPServer((args.host, args.port), _handler(site))
    except OSError as exc:
        raise ReaderError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    server.daemon_threads = True
    poller = Poller(site, log)
    host, port = str(server.server_address[0]), int(server.server_address[1])
    shown = f"[{host}]" if ":" in host else host
    if is_loopback(args.host):
        site.hosts = loopback_hosts(port)
    print(f"reader serve: http://{shown}:{port}/ (Ctrl-C stops)", file=log, flush=True)
    stop = _on_signals(server)
    poller.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        poller.stop.set()
        poller.join()
        server.server_close()
    print("reader serve: stopped", file=log, flush=True)
    return 0


def _on_signals(server: ThreadingHTTPServer) -> Callable[[], None]:
    """SIGINT and SIGTERM end serve_forever (from another thread, as it must be); returns the undo."""
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[sig] = signal.signal(sig, handler)
        except ValueError:  # not the main thread (tests call serve in a thread): Ctrl-C is theirs
            pass

    def undo() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return undo
