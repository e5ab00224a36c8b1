"""What the HTML, print and TEI writers share: the inline renderer, entry order, labels."""
