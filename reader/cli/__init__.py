"""The command line: the app's entry, `--dump`/`--toc`, and the `bookmarks` commands.

The collector waits while the command line's modules load (those of `reader.cli.main`, and the
standard library's they need): the objects an import makes live as long as the program, and each
collection among them scanned them again for nothing (20 collections, about 5 ms of a start's
CPU). The app's launch keeps it off longer, until its first frame (`reader.ui.launch`).
"""

import gc

_collecting = gc.isenabled()
gc.disable()
try:
    from reader.cli.main import main
finally:
    if _collecting:
        gc.enable()

__all__ = ["main"]
