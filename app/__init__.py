"""Kenning: search your own code by what it does."""

__version__ = "0.1.0"
