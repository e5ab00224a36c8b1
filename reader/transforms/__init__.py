"""Layer 3, transforms: Edition -> Edition and Glossary queries (annotation, lookup). Imports model/errors, text and readers."""
