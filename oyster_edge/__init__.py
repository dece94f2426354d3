"""oyster-edge: Oyster-I (constructive-safety chat model) on laptops, Apple Silicon and offline kiosks."""

__version__ = "0.1.0"
