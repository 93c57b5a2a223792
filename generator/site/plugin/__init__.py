"""The ``pingan`` mkdocs plugin (entry point ``mkdocs.plugins: pingan``)."""
from .config import PinganConfig
from .plugin import PinganPlugin

__all__ = ["PinganConfig", "PinganPlugin"]
