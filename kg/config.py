"""What a graph depends on besides its text: kg's version, the spaCy model and the data files.
Recorded in every graph (``kg:configuration`` of the extraction run)."""
from __future__ import annotations

from kg import __version__


def config_snapshot(nlp=None) -> dict:
    """Versions and data hashes (and the spaCy model ``nlp``, by default the shared one)."""
    from kg.extract.data import files_hash
    from kg.extract.gazetteer import load_gazetteer
    from kg.extract.lexicon import lexicon_hash
    from kg.nlp import model_info

    return {"kg": __version__, **model_info(nlp), "gazetteer": load_gazetteer().version_hash()[:16],
            "lexicons": lexicon_hash()[:16], "tables": files_hash()[:16]}
