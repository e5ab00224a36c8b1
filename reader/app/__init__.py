"""Layer 5, the application: the command line (argparse lives only here), build, check, import, annotate, glossary commands, incremental builds and atomic output."""
