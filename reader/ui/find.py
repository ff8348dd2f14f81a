"""The reading pane's matching lives in `reader.find` (the library's search shares it); this
name stays until the reading screen's modules import it from there."""

from reader.find import Match, find_in_blocks, find_in_text, fold, fold_query

__all__ = ["Match", "find_in_blocks", "find_in_text", "fold", "fold_query"]
