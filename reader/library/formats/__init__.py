"""The library as a file: our own JSON (everything), the browsers' bookmark HTML, Pocket's CSV.

Each module converts between its format and `reader.library.entry.Record`s, and knows nothing
of the database; `reader.library.exchange` picks the format by the file's name.
"""
