"""Layer 1, text: knowledge of Chinese text with no file format in it (Han ranges and folding, scripts, pinyin, segmentation, the glossary matcher, the text cache). Imports only model/errors."""
