"""`Article` x width x theme in, lines of styled segments out: CJK-aware line breaking,
painting with a theme, and the maps between blocks and lines."""
