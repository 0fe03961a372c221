"""Folders of the source tree that kg reads at run time (shapes/, ontology/, queries/)."""
from __future__ import annotations

from pathlib import Path

from kg.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def repo_path(name: str) -> Path:
    """Return the folder ``name`` at the repository root, e.g. ``repo_path("shapes")``.

    Raises ConfigError when it is missing (kg installed without its source tree).
    """
    path = ROOT / name
    if not path.is_dir():
        raise ConfigError(
            f"folder {name}/ not found at {path}: kg reads shapes/, ontology/ and queries/ "
            "from its source tree; install it with `pip install -e .` from a checkout"
        )
    return path
