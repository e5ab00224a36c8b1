"""Layer 4, writers: the document model -> output files (HTML, PDF, TEI, exports). Format folders share code only through shared/."""
