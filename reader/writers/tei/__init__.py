"""The TEI writer: new TEI texts from the model, and annotation of TEI texts in place."""
