"""Texts made ahead in a forked process, while this one works on the ones before.

A large page's chunks go through two halves of about equal cost, one after the other: the
clean pass and html2text (the page's tree to Markdown), then markdown-it (Markdown to
blocks). In one process, the last chunk waits for both halves of every chunk before it; with
the first half in a child forked for it (it inherits the extracted tree) and the second here,
the two run side by side on two cores, and the end of a long article comes about as much
sooner as the first half costs (6 s of a 25 MB page's 12 s). Each half still runs in order,
in one process, with its own state, so the chunks are exactly those of one process.

Only for large HTML (`page_kind.LARGE_PAGE_CHARS`), whose conversion is long enough to share,
and where a core may be free for it: in the app's conversion child (`reader.convert.early`)
and in a dump's (`pipeline.open_text`), beside the dump's own process, which lays out: a fork
is a process more, and its copy of the tree's pages as it takes the tree apart is memory more.

The child dies with this process (`reader.convert.forking`), and this process kills and reaps it
when it stops reading early (a conversion stopped, an error). It takes this process's
niceness when that is raised (`_as_nice_as`): the app nices the conversion once the reader
moves, and a fork made before keeps the niceness it was made with.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import BinaryIO

from reader.convert.crossing import decode_error, encode_error
from reader.convert.forking import fork_child
from reader.convert.memory import release_freed_memory
from reader.errors import ReaderError

_TEXT, _FAILED, _DONE = b"T", b"F", b"D"
_HEADER = struct.Struct("=cQ")
"""A message's kind and the length of what follows: a text (UTF-8), a failure (pickled), the end."""
_PIPE_BYTES = 1024 * 1024
"""The pipe's capacity asked for (Linux's most for anyone, by default): a few chunks made
ahead, so that neither side waits for the other's slower chunks."""
_F_SETPIPE_SZ = 1031


def made_ahead(make: Callable[[], Iterable[str]]) -> Iterator[str]:
    """The texts `make()` gives, made in a forked child of this process (which runs `make`),
    as they come."""
    reading, writing = os.pipe()
    with contextlib.suppress(OSError):
        import fcntl

        fcntl.fcntl(writing, _F_SETPIPE_SZ, _PIPE_BYTES)
    release_freed_memory()  # the extraction's trees, freed: not held again by the child (50 MB at 25 MB)
    # The child keeps no descriptor but its end of the pipe: none of this process's pipes (to
    # the app) held open there.
    child = fork_child(partial(_make, make, writing, os.getpid()), only_descriptor=writing)
    os.close(writing)
    del make  # what it made is the child's work (this process's tree is left as it is)
    try:
        with open(reading, "rb") as pipe:
            while True:
                kind, payload = _receive(pipe)
                if kind == _DONE:
                    return
                if kind == _FAILED:
                    raise _failure(payload)
                yield payload.decode("utf-8")
    finally:
        child.kill()  # stopped early, or already gone
        child.join()


def _receive(pipe: BinaryIO) -> tuple[bytes, bytes]:
    header = pipe.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise ReaderError("internal error: the conversion's helper process ended unexpectedly")
    kind, size = _HEADER.unpack(header)
    payload = pipe.read(size) if size else b""
    if len(payload) < size:
        raise ReaderError("internal error: the conversion's helper process ended unexpectedly")
    return kind, payload


def _failure(payload: bytes) -> ReaderError:
    """The child's failure as this process would have raised it: its `ReaderError`, or the
    `internal error` a converter's bug is reported as."""
    return decode_error(pickle.loads(payload))


def _make(make: Callable[[], Iterable[str]], writing: int, parent: int) -> None:
    """The child: run `make`, and write what it gives to `writing`."""
    with open(writing, "wb", buffering=0) as pipe:
        niceness = os.getpriority(os.PRIO_PROCESS, 0)
        try:
            for text in make():
                data = text.encode("utf-8")
                pipe.write(_HEADER.pack(_TEXT, len(data)) + data)
                niceness = _as_nice_as(parent, niceness)
        except Exception as exc:  # its ReaderError, or a converter's bug (`crossing.encode_error`)
            _send(pipe, _FAILED, pickle.dumps(encode_error(exc)))
        else:
            _send(pipe, _DONE, b"")


def _as_nice_as(parent: int, niceness: int) -> int:
    """This process's niceness (`niceness` until now) raised to its parent's, when that is
    higher: the app nices the conversion's child once the reader moves
    (`reader.convert.process.Conversion.yield_to_reader`), often after it forked this one,
    which would go on taking a core from the app's keys at full priority."""
    with contextlib.suppress(OSError):  # the parent gone: this process goes with it
        theirs = os.getpriority(os.PRIO_PROCESS, parent)
        if theirs > niceness:
            os.setpriority(os.PRIO_PROCESS, 0, theirs)
            return theirs
    return niceness


def _send(pipe: BinaryIO, kind: bytes, payload: bytes) -> None:
    pipe.write(_HEADER.pack(kind, len(payload)) + payload)
