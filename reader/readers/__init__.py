"""Layer 2, readers: files -> the document model (TEI texts under tei/, the TEI glossary, plain text, Markdown). Imports only model/errors and text."""
