"""Exports of the glossary for other tools: CSV, JSON, TBX, Anki."""
