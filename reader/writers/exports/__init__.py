"""Exports of the glossary for other tools (:mod:`reader.writers.exports.glossary`). This module is
light on purpose: the command line reads the format names from it without loading lxml."""

FORMATS = ("csv", "json", "tbx", "anki")  #: ``reader glossary export --format`` choices
