"""The text cache (reader.text.textcache): a cached build is byte for byte an uncached one; changing the
text or a glossary reading changes the page exactly as an uncached build would; a warm cache loads
neither pypinyin nor OpenCC; a damaged or foreign cache file is ignored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from reader.model import Edition, Glossary
from reader.readers.glossary import load_glossary
from reader.readers.tei.read import load_text
from reader.text import textcache
from reader.writers.html.render import cache_file, render_html

MINI = FIXTURES / "mini.xml"
MINI_GLOSSARY = FIXTURES / "glossary" / "glossary.xml"
ARTICLE = ROOT / "texts" / "beijing-winter-olympics-home-summit.xml"


def _load(text: Path, glossary_path: Path) -> tuple[Edition, Glossary]:
    glossary = load_glossary(glossary_path)
    return load_text(text, set(glossary.by_id)), glossary


def _copy(tmp: Path, old: str = "", new: str = "") -> tuple[Path, Path]:
    """mini.xml and its glossary copied into ``tmp`` (the glossary with ``old`` replaced by ``new``)."""
    gdir = tmp / "glossary"
    gdir.mkdir(parents=True, exist_ok=True)
    source = MINI_GLOSSARY.read_text(encoding="utf-8")
    if old:
        assert old in source
        source = source.replace(old, new)
    (gdir / "glossary.xml").write_text(source, encoding="utf-8")
    text = tmp / "mini.xml"
    text.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return text, gdir / "glossary.xml"


@pytest.mark.parametrize("script", ["hant", "hans"])
@pytest.mark.parametrize("which", ["mini", "article"])
def test_cached_build_is_the_uncached_build(tmp_path, which, script) -> None:
    edition, glossary = (
        _load(MINI, MINI_GLOSSARY) if which == "mini" else _load(ARTICLE, ROOT / "glossary" / "glossary.xml")
    )
    uncached = render_html(edition, glossary, script=script)
    cold = render_html(edition, glossary, script=script, cache_dir=tmp_path)
    path = cache_file(tmp_path, edition.metadata.slug, script)
    assert path.is_file()
    tables = json.loads(path.read_text(encoding="utf-8"))["tables"]
    assert tables["cut"] and tables["tw2s"]  # the cache holds what the page needed (word cuts, conversions)
    warm = render_html(edition, glossary, script=script, cache_dir=tmp_path)
    assert cold == uncached
    assert warm == uncached


def test_a_warm_cache_loads_neither_pypinyin_nor_opencc(tmp_path) -> None:
    probe = f"""
import sys
from pathlib import Path
from reader.readers.glossary import load_glossary
from reader.writers.html.render import render_html
from reader.readers.tei.read import load_text
g = load_glossary({str(MINI_GLOSSARY)!r})
e = load_text(Path({str(MINI)!r}), set(g.by_id))
render_html(e, g, cache_dir=Path({str(tmp_path)!r}))
print(",".join(m for m in ("pypinyin", "opencc", "rjieba.rjieba") if m in sys.modules))
"""

    def loaded() -> str:
        res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
        return res.stdout.strip()

    # cold: the probe sees OpenCC and the segmenter load (readings come from the dictionary index, so
    # the HTML edition does not need pypinyin at all: issue 13)
    assert loaded() == "opencc,rjieba.rjieba"
    assert loaded() == ""  # warm


def test_changing_a_glossary_reading_changes_the_page(tmp_path) -> None:
    text, gpath = _copy(tmp_path / "a")
    edition, glossary = _load(text, gpath)
    before = render_html(edition, glossary, cache_dir=tmp_path / "cache")
    assert '"Xí Jìnpíng"' in before  # the word's reading in the page's word data
    text2, gpath2 = _copy(tmp_path / "b", "Xí Jìnpíng</persName>", "xí jìnpíng</persName>")
    edition2, glossary2 = _load(text2, gpath2)
    after = render_html(edition2, glossary2, cache_dir=tmp_path / "cache")  # the same, warm cache
    assert after == render_html(edition2, glossary2)
    assert '"xí jìnpíng"' in after and '"Xí Jìnpíng"' not in after


def test_changing_the_text_changes_the_page_and_prunes_the_cache(tmp_path) -> None:
    edition, glossary = _load(MINI, MINI_GLOSSARY)
    render_html(edition, glossary, cache_dir=tmp_path)
    path = cache_file(tmp_path, edition.metadata.slug, "hant")
    assert "这是第二句。" in json.loads(path.read_text(encoding="utf-8"))["tables"]["cut"]
    (tmp_path / "changed").mkdir()
    changed = tmp_path / "changed" / "mini.xml"  # the same slug, so the same cache file
    changed.write_text(MINI.read_text(encoding="utf-8").replace("這是第二句。", "這是銀行。"), encoding="utf-8")
    edition2 = load_text(changed, set(glossary.by_id))
    assert edition2.metadata.slug == edition.metadata.slug
    page = render_html(edition2, glossary, cache_dir=tmp_path)
    assert page == render_html(edition2, glossary)
    assert '["銀行","yínháng"' in page  # the word and its reading in the page's word data
    cuts = json.loads(path.read_text(encoding="utf-8"))["tables"]["cut"]
    assert "这是银行。" in cuts and "这是第二句。" not in cuts


@pytest.mark.parametrize(
    "damage",
    [
        "not json at all {",
        json.dumps({"key": "another installation", "tables": {}}),
        "[1, 2, 3]",
        "BAD-TABLES",
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored(tmp_path, damage) -> None:
    edition, glossary = _load(MINI, MINI_GLOSSARY)
    expected = render_html(edition, glossary)
    path = cache_file(tmp_path, edition.metadata.slug, "hant")
    render_html(edition, glossary, cache_dir=tmp_path)
    if damage == "BAD-TABLES":  # the right key, wrong values: wrong lengths, types, markup
        data = json.loads(path.read_text(encoding="utf-8"))
        tables = data["tables"]
        for i, key in enumerate(tables["cut"]):
            tables["cut"][key] = [len(key) + 1] if i % 2 else ["<script>"]
        for key in tables["tw2s"]:
            tables["tw2s"][key] = None
        tables["split"] = {k: ["x"] * 99 for k in tables.get("split", {})}
        damage = json.dumps(data)
    path.write_text(damage, encoding="utf-8")
    assert render_html(edition, glossary, cache_dir=tmp_path) == expected
    assert json.loads(path.read_text(encoding="utf-8"))["key"] == textcache.cache_key()  # rewritten


def test_the_key_follows_the_libraries_and_our_code(monkeypatch) -> None:
    key = textcache.cache_key()
    textcache.cache_key.cache_clear()
    monkeypatch.setattr(textcache, "_library_stamp", lambda name: f"{name} 0.0.0")
    try:
        assert textcache.cache_key() != key
    finally:
        textcache.cache_key.cache_clear()


def test_build_keeps_the_cache_in_the_output_directory(tmp_path, run_cli, monkeypatch) -> None:
    text, _ = _copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    assert run_cli("build", str(text), "--format", "html", "-o", str(out))[0] == 0
    first = (out / "mini.html").read_bytes()
    assert list((out / ".reader-cache").glob("*.hant.json"))
    assert run_cli("build", str(text), "--format", "html", "-o", str(out), "--force")[0] == 0
    assert (out / "mini.html").read_bytes() == first


def test_compiled_templates_are_cached_beside_the_code_and_render_the_same(tmp_path, monkeypatch) -> None:
    from reader.writers.html import render as html

    edition, glossary = _load(MINI, MINI_GLOSSARY)
    expected = render_html(edition, glossary)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    make = html.environment.__wrapped__  # uncached: a new environment each time
    monkeypatch.setattr(html, "environment", lambda: make(tmp_path))
    assert render_html(edition, glossary) == expected
    cached = sorted(p.name for p in tmp_path.iterdir())
    assert len(cached) == 5 and all(n.startswith("jinja2-screen-") for n in cached)  # the page and 4 partials

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached template was compiled again")

    env = make(tmp_path)
    monkeypatch.setattr(env, "compile", no_compiling)
    monkeypatch.setattr(html, "environment", lambda: env)
    assert render_html(edition, glossary) == expected  # every template came from the cache


def test_no_compiled_templates_are_written_when_python_writes_no_bytecode(tmp_path, monkeypatch) -> None:
    from reader.writers.html import render as html

    edition, glossary = _load(MINI, MINI_GLOSSARY)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    make = html.environment.__wrapped__
    monkeypatch.setattr(html, "environment", lambda: make(tmp_path / "bc"))
    render_html(edition, glossary)
    assert not (tmp_path / "bc").exists()
