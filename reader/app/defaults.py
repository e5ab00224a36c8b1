"""Where the commands look when no path is given (relative to the working directory: the project)."""

from pathlib import Path

DEFAULT_GLOSSARY = Path("glossary") / "glossary.xml"  #: the glossary of the bundled texts
