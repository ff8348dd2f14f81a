"""reader: a terminal article reader."""

__version__ = "0.1.0"
