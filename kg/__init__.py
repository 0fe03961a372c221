"""kg: knowledge graphs of diplomatic statements, positions and events from news articles."""
from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("kg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
