"""The one way the writers make a Jinja2 environment: templates from one folder of ``templates/``,
autoescape on, undefined names an error, compiled code optionally cached. Jinja2 is imported only
when an environment is made."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ...resources import templates_dir


def template_environment(
    folder: str, *, trim_blocks: bool, bytecode_dir: Path | None = None, bytecode_name: str = ""
) -> Any:
    """A Jinja2 environment for the templates in ``templates/<folder>/``.

    ``trim_blocks``: the HTML templates are written for trimmed blocks (and keep their trailing
    newline); the print templates for whitespace kept as written. ``bytecode_dir``: where compiled
    templates are kept (None: compile every time), in files named after ``bytecode_name``.
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(templates_dir() / folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=trim_blocks,
        lstrip_blocks=trim_blocks,
        keep_trailing_newline=trim_blocks,
        bytecode_cache=_bytecode_cache(bytecode_dir, bytecode_name) if bytecode_dir is not None else None,
    )


def _bytecode_cache(directory: Path, name: str) -> Any:
    """Jinja2's file bytecode cache in ``directory``, written only when Python writes bytecode too
    (not under ``PYTHONDONTWRITEBYTECODE``), never failing a build when it cannot be written."""
    from jinja2 import FileSystemBytecodeCache
    from jinja2.bccache import Bucket

    class TemplateBytecode(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Bucket) -> None:
            if sys.dont_write_bytecode:
                return
            try:
                directory.mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass  # a read-only installation compiles its templates every time

    return TemplateBytecode(str(directory), f"jinja2-{name}-%s.cache")
