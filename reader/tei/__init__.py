"""TEI input and output: safe parsing, TEI -> model (read), model -> TEI (write)."""
