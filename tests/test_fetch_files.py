"""Files and stdin: clear one-line errors, the type gate, the size cap, and `reader -`."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader.errors import Cancelled, ReaderError, UnsupportedContent
from reader.source.fetch import Limits, fetch, is_url, readable_type, sniff_binary
from tests.conftest import ROOT, SAMPLES

WEB_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "web"
READER = ROOT / ".venv" / "bin" / "reader"


def run_reader(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    command = [str(READER)] if READER.exists() else [sys.executable, "-m", "reader"]
    return subprocess.run([*command, *args], input=stdin, capture_output=True, timeout=60, check=False)


def test_markdown_file() -> None:
    fetched = fetch(str(SAMPLES / "welcome.md"))
    assert fetched.media_type == "text/markdown"
    assert fetched.source == str((SAMPLES / "welcome.md").resolve())
    assert fetched.base_url == (SAMPLES / "welcome.md").resolve().as_uri()
    assert fetched.charset is None


def test_html_file_and_progress(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<p>Hello</p>", "utf-8")
    calls: list[tuple[int, int | None]] = []
    fetched = fetch(str(path), progress=lambda received, total: calls.append((received, total)))
    assert fetched.media_type == "text/html"
    assert calls == [(12, 12)]


def test_untyped_text_file_leaves_the_type_to_the_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "notes"
    path.write_text("# Notes\n\nText.\n", "utf-8")
    assert fetch(str(path)).media_type == ""


def test_a_pipe_given_as_a_path() -> None:
    """`reader <(curl -s URL)` hands over /dev/fd/N, which resolves to no file at all."""
    read_end, write_end = os.pipe()
    os.write(write_end, b"# Piped\n\ntext\n")
    os.close(write_end)
    try:
        fetched = fetch(f"/dev/fd/{read_end}")
    finally:
        os.close(read_end)
    assert fetched.data == b"# Piped\n\ntext\n"
    assert fetched.source == f"/dev/fd/{read_end}"


def test_missing_file() -> None:
    with pytest.raises(ReaderError, match=r"^no such file: nothing/here\.md$"):
        fetch("nothing/here.md")


def test_a_host_name_without_scheme_gets_a_hint() -> None:
    with pytest.raises(ReaderError, match=r"give the full URL: https://example\.com/article"):
        fetch("example.com/article")
    with pytest.raises(ReaderError, match=r"^no such file: 2024\.10\.5/notes$"):  # not an address
        fetch("2024.10.5/notes")
    for local in ("127.0.0.1:8765/page.html", "localhost:8000/a", "10.0.0.1/x", "[::1]:8000/x"):
        with pytest.raises(ReaderError, match=re.escape(f"give the full URL: http://{local})")):
            fetch(local)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match=r"^is a directory: "):
        fetch(str(tmp_path))


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: the tests may run as root, who can read a mode-000 file."""
    path = tmp_path / "secret.md"
    path.write_text("x", "utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ReaderError, match=r"^permission denied: .*secret\.md$"):
        fetch(str(path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a mode-000 file")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    path = tmp_path / "secret.md"
    path.write_text("x", "utf-8")
    path.chmod(0)
    with pytest.raises(ReaderError, match=r"^permission denied: "):
        fetch(str(path))


def test_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bad.md"
    path.write_text("x", "utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(Path, "open", broken)
    with pytest.raises(ReaderError, match=r"^cannot read .*bad\.md: Input/output error$"):
        fetch(str(path))


def test_file_over_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>" + b"a" * 5000)
    with pytest.raises(ReaderError, match=r"the file is 4.9 KB, over the 4 KB limit"):
        fetch(str(path), limits=Limits(max_file_bytes=4096))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_endless_device_stops_at_the_cap() -> None:
    with pytest.raises(ReaderError, match="/dev/zero: larger than the 2 MB limit"):
        fetch("/dev/zero", limits=Limits(max_file_bytes=2 * 1024 * 1024))


def test_cancel_a_file_read(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<p>x</p>", "utf-8")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        fetch(str(path), cancel=cancel)


@pytest.mark.parametrize(
    ("name", "fixture", "media_type"),
    [
        ("blank.pdf", "blank.pdf", "application/pdf"),
        ("pixel.png", "pixel.png", "image/png"),
        ("document.txt", "blank.pdf", "application/pdf"),
        ("image", "pixel.png", "image/png"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, name: str, fixture: str, media_type: str) -> None:
    path = tmp_path / name
    path.write_bytes((WEB_FIXTURES / fixture).read_bytes())
    with pytest.raises(UnsupportedContent) as caught:
        fetch(str(path))
    assert caught.value.media_type == media_type
    assert caught.value.url == path.resolve().as_uri()
    assert str(caught.value) == f"{path}: not an article ({media_type})"


@pytest.mark.parametrize("source", ["ftp://example.com/file.html", "file:///etc/hostname", "gopher://x"])
def test_other_schemes_are_refused(source: str) -> None:
    with pytest.raises(ReaderError, match="only http\\(s\\) URLs, files and - \\(stdin\\) are read"):
        fetch(source)


def test_is_url() -> None:
    assert is_url("https://example.com/")
    assert is_url("HTTP://EXAMPLE.COM/")
    assert is_url("http://[::1")
    assert not is_url("notes.md")
    assert not is_url("ftp://example.com/")


# The type gate


@pytest.mark.parametrize(
    ("head", "media_type"),
    [
        (b"%PDF-1.7", "application/pdf"),
        (b"PK\x03\x04rest", "application/zip"),
        (b"\x1f\x8b\x08\x00", "application/gzip"),
        (b"GIF89a", "image/gif"),
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x18ftypmp42", "video/mp4"),
        (b"abc\x00def", "application/octet-stream"),
        (b"<p>text</p>", None),
        (b"\xff\xfeh\x00i\x00", None),
        ("纯文本".encode("gbk"), None),
    ],
)
def test_sniff_binary(head: bytes, media_type: str | None) -> None:
    assert sniff_binary(head) == media_type


def test_declared_types() -> None:
    assert readable_type("u", "text/html", b"\x00") == "text/html"
    assert readable_type("u", "text/plain", b"notes") == "text/plain"
    assert readable_type("u", "application/octet-stream", b"<p>x</p>") == ""
    assert readable_type("u", "text/xml", b"<html><body/></html>") == "application/xhtml+xml"
    for media_type in ("application/json", "text/xml", "video/mp4", "application/zip"):
        with pytest.raises(UnsupportedContent, match=media_type.replace("+", r"\+")):
            readable_type("u", media_type, b"{}")


# Standard input


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("<p>从标准输入读取</p>".encode())))
    fetched = fetch("-")
    assert (fetched.source, fetched.base_url, fetched.media_type) == ("-", "", "")
    assert "从标准输入读取" in fetched.data.decode()


def test_stdin_over_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a" * 3000)))
    with pytest.raises(ReaderError, match=r"^standard input: larger than the 2 KB limit$"):
        fetch("-", limits=Limits(max_file_bytes=2048))


def test_stdin_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((WEB_FIXTURES / "blank.pdf").read_bytes())))
    with pytest.raises(UnsupportedContent, match=r"^standard input: not an article \(application/pdf\)$"):
        fetch("-")


# `curl -s URL | reader - --dump --base URL`, through the real command

PIPED_PAGE = """<html><head><meta charset="gbk"><title>管道</title></head><body>
<h1>从管道读取的网页</h1>
<p>相对链接：<a href="../other.html">另一页</a>，<a href="/root.html">根目录</a>，<a href="#top">锚点</a>。</p>
<p><img src="images/figure.png" alt="插图"></p>
</body></html>"""


def test_cli_reads_stdin_and_resolves_links_against_base() -> None:
    result = run_reader(
        "-",
        "--dump",
        "--format",
        "json",
        "--base",
        "https://example.com/posts/2024/page.html",
        stdin=PIPED_PAGE.encode("gbk"),
    )
    assert result.returncode == 0, result.stderr.decode()
    document = json.loads(result.stdout)
    assert document["title"] == "管道"
    assert [link["href"] for link in document["links"]] == [
        "https://example.com/posts/other.html",
        "https://example.com/root.html",
        "#top",
    ]
    assert [image["src"] for image in document["images"]] == ["https://example.com/posts/2024/images/figure.png"]


def test_cli_stdin_without_base_keeps_relative_links() -> None:
    result = run_reader("-", "--dump", "--format", "json", stdin=PIPED_PAGE.encode("gbk"))
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["links"][0]["href"] == "../other.html"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing.md", "--dump"), "reader: error: no such file: missing.md"),
        (
            (str(WEB_FIXTURES / "blank.pdf"), "--dump"),
            f"reader: error: {WEB_FIXTURES / 'blank.pdf'}: not an article (application/pdf)",
        ),
        (("-", "--dump", "--max-size", "1K"), "reader: error: standard input: larger than the 1 KB limit"),
    ],
)
def test_cli_file_errors(args: tuple[str, ...], message: str) -> None:
    result = run_reader(*args, stdin=b"x" * 2000)
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [message]


@pytest.mark.parametrize("value", ["0", "lots", "-1M"])
def test_cli_rejects_bad_sizes(value: str) -> None:
    result = run_reader("-", "--dump", "--max-size", value)
    assert result.returncode == 2
    assert "reader: error: argument --max-size" in result.stderr.decode()
