"""The TEI reader: safe parsing, the TEI vocabulary, the header, inline elements and whole texts."""
