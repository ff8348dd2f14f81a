"""An article with 50 pictures, served from 127.0.0.1 with a little latency: what pictures cost.

- first screen: the real program in a pseudo-terminal (`benchmarks.startup`'s clock), with
  `--images blocks` against `--images off`, medians of alternating runs;
- `G`: the key pressed in the app (headless, pictures on) until its frame is drawn at the end:
  from the key event put on the app's queue (Pilot) to the first line the view draws at a new
  scroll position (the frame's first line, not the whole frame written out). Once after the
  first picture arrived, once 0.2 s after the text ("right after the first screen"). All runs
  share one process and one picture cache: Pillow and httpx are imported already and the
  pictures come from the cache, so a fresh process pays ~0.3 s more CPU of imports there;
- scrolling: a page down at a time through the whole article while pictures arrive, per key;
- peak memory of that process once every picture has been drawn.

Goals (issue 12): first screen at most 1.2x, `G` under 0.3 s, memory under 300 MB.
Standalone: `python -m benchmarks.pictures [--runs N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import http.server
import io
import os
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.startup import Program, time_to_first_screen

PICTURES = 50
LATENCY = 0.05
"""Seconds each picture waits before it is sent, as a server far away would."""
FIRST_LINE = "Picture essay"


def photo(seed: int) -> bytes:
    """An 800 x 600 JPEG of noise over a gradient: as costly to decode as a photograph."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((800, 600)).convert("RGB")
    noise = Image.frombytes("RGB", (200, 150), rng.randbytes(200 * 150 * 3)).resize((800, 600))
    out = io.BytesIO()
    Image.blend(image, noise, 0.5).save(out, format="JPEG", quality=85)
    return out.getvalue()


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

        def do_GET(self) -> None:
            if self.path.endswith(".jpg"):
                time.sleep(LATENCY)
            super().do_GET()

        def log_message(self, *_: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def write_article(folder: Path, port: int) -> Path:
    parts = [f"# {FIRST_LINE}", "A long read with a picture between every few paragraphs."]
    for n in range(PICTURES):
        (folder / f"p{n}.jpg").write_bytes(photo(n))
        parts.append(f"![Figure {n + 1}](http://127.0.0.1:{port}/p{n}.jpg)")
        parts += [f"Paragraph {n}.{k}: " + "words that follow the figure and explain it. " * 6 for k in range(3)]
    path = folder / "essay.md"
    path.write_text("\n\n".join(parts) + "\n", "utf-8")
    return path


def first_screens(path: Path, runs: int) -> tuple[float, float]:
    """Median seconds to the first screen with pictures off and on (half-blocks)."""
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    off = Program("pictures off", [sys.executable, "-m", "reader", str(path), "--images", "off"], FIRST_LINE)
    on = Program("pictures on", [sys.executable, "-m", "reader", str(path), "--images", "blocks"], FIRST_LINE)
    times: dict[str, list[float]] = {off.name: [], on.name: []}
    with tempfile.TemporaryDirectory() as home:
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[name] = os.path.join(home, name.lower())
        for _ in range(runs):
            for program in (off, on):
                times[program.name].append(time_to_first_screen(program, env))
    return statistics.median(times[off.name]), statistics.median(times[on.name])


async def in_the_app(path: Path, on: bool = True, warm: bool = True) -> tuple[float, list[float], int]:
    """(seconds from `G` to its frame, seconds per page-down key to its frame, pictures
    drawn) in a headless app; each clock stops when the view draws a line at its new place.
    `warm`: `G` waits for the first picture; else it comes 0.2 s after the text, while the
    first pictures are decoded and drawn and the screen settles (in a fresh process the picture
    threads would also import Pillow and httpx then: not here, see the module's docstring)."""
    from textual.strip import Strip

    from reader.layout.picture_board import Stage
    from reader.layout.pictures import Graphics
    from reader.ui.app import ReaderApp
    from reader.ui.graphics import Terminal
    from reader.ui.pictures import PictureOptions
    from reader.ui.reading import ReadingScreen

    # A library of its own: the article opens at its top, not where the last run left it.
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="reader-bench-")
    app = ReaderApp(str(path), pictures=PictureOptions(Terminal(Graphics.BLOCKS), on=on))
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(screen := app.screen_stack[0], ReadingScreen) and screen.complete):
            await pilot.pause(0.02)
        view = screen.view
        if on and warm:  # once the first picture is in: Pillow and httpx imported, the pool started
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not (
                (board := view.text_layout and view.text_layout.pictures)
                and any((p := board.get(b)) and p.stage is Stage.READY for b in board.blocks())
            ):
                await pilot.pause(0.02)
        await pilot.pause(0.2)
        drawn_at: dict[int, float] = {}
        render_line = view.render_line

        def timed(y: int) -> Strip:
            drawn_at.setdefault(round(view.scroll_y), time.perf_counter())
            return render_line(y)

        view.render_line = timed  # type: ignore[method-assign]

        async def to_frame(key: str) -> float:
            """Seconds from `key` to the first line drawn away from where the view was."""
            drawn_at.clear()
            before = round(view.scroll_y)
            started = time.perf_counter()
            await pilot.press(key)
            deadline = time.monotonic() + 30
            while not any(top != before for top in drawn_at) and time.monotonic() < deadline:
                await pilot.pause(0.001)
            return min((at for top, at in drawn_at.items() if top != before), default=time.perf_counter()) - started

        g_time = await to_frame("G")
        await pilot.press("g")
        await pilot.pause(0.5)
        keys: list[float] = []
        while view.scroll_y < view.max_scroll_y:
            keys.append(await to_frame("space"))
        layout = view.text_layout
        assert layout is not None
        board = layout.pictures
        ready = 0
        deadline = time.monotonic() + 60
        while on and board is not None and time.monotonic() < deadline:
            states = [board.get(block) for block in board.blocks()]
            if len(states) >= PICTURES and all(p is not None and p.stage is not Stage.WAITING for p in states):
                ready = sum(1 for p in states if p is not None and p.stage is Stage.READY)
                break
            await pilot.pause(0.1)
    return g_time, keys, ready


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pictures")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        server, port = serve(root)
        try:
            path = write_article(root, port)
            off, on = first_screens(path, args.runs)
            print(f"first screen, 50 pictures: {on:.3f} s on, {off:.3f} s off: {on / off:.2f}x (goal: 1.2x at most)")
            for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
                os.environ[name] = str(root / name.lower())
            g_off, keys_off, _ = asyncio.run(in_the_app(path, on=False))
            g_time, keys, ready = asyncio.run(in_the_app(path))
            g_cold, _, _ = asyncio.run(in_the_app(path, warm=False))
        finally:
            server.shutdown()
            server.server_close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"G to its frame: {g_time:.3f} s on, {g_off:.3f} s off (goal: under 0.3 s)")
    print(f"G right after the first screen, pictures on (the picture threads start up): {g_cold:.3f} s")
    for name, times in (("on", keys), ("off", keys_off)):
        print(
            f"page down to its frame, pictures {name}: {len(times)} keys,"
            f" median {statistics.median(times) * 1000:.0f} ms,"
            f" slowest {max(times) * 1000:.0f} ms"
        )
    print(f"pictures drawn: {ready} of {PICTURES}")
    print(f"peak memory: {peak:.0f} MB (goal: under 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
