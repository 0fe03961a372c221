#!/usr/bin/env python3
"""Derive kg/data/gazetteer/phrase_tokens.tsv: how kg's tokenizer splits the phrases it matches.

    python scripts/derive_tokens.py            # rewrite the file
    python scripts/derive_tokens.py --check    # exit 1 if it is not current

Matching the gazetteer's names needs each name split into tokens the way a document's text is
split. Splitting ~4,500 names at start-up costs a worker about 0.3 s (spaCy creates a lexeme per
new word), so the splits are stored, with a fingerprint of the tokenizer that made them
(kg.extract.phrases). Rerun after editing the gazetteer; a stale file costs only start-up time
(phrases it lacks are split at run time), and tests/test_phrases.py says when it is stale.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def render() -> str:
    from kg.extract.gazetteer import load_gazetteer
    from kg.extract.matcher import variants
    from kg.extract.phrases import write_tokens
    from kg.nlp import load

    return write_tokens(load(), (v[0] for v in variants(load_gazetteer())))


def main(argv=None) -> int:
    from kg.extract.phrases import TOKENS_FILE

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 when the file is not current")
    a = ap.parse_args(argv)
    text = render()
    if a.check:
        current = TOKENS_FILE.read_text(encoding="utf-8") if TOKENS_FILE.exists() else ""
        if current != text:
            print(f"{TOKENS_FILE} is not current: run scripts/derive_tokens.py", file=sys.stderr)
            return 1
        return 0
    TOKENS_FILE.write_text(text, encoding="utf-8")
    print(f"{TOKENS_FILE}: {text.count(chr(10)) - 3} phrases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
