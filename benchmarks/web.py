# ruff: noqa: E501  (the sample texts are one paragraph a line)
"""Figures for web fetching and charset detection: `python -m benchmarks.web`.

1. Each failure case of `tests/test_fetch_http.py`'s server: the time it takes and its one line.
2. Memory for the 1 GB body and the 1 GB gzip bomb under the default 20 MB cap: the peak of
   Python allocations (tracemalloc) and the process's peak RSS growth, each in a fresh process;
   and what httpx's own gzip decoder would have held for the same bomb.
3. Charset detection on pages with no declaration, in windows of 8 to 300 characters of our own
   texts: charset-normalizer alone against `reader.source.decode`, without and with `<html lang>`.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import charset_normalizer
import httpx

from reader.errors import ReaderError
from reader.source.decode import decode
from reader.source.fetch import Limits, fetch
from tests.test_fetch_http import Handler, PageServer

MB = 1024 * 1024

ERROR_CASES = [
    ("404", "/missing"),
    ("500", "/500"),
    ("redirect loop", "/loop-a"),
    ("hang (read timeout 1 s)", "/hang"),
    ("drip-feed (deadline 3 s)", "/drip"),
    ("reset before the response", "/reset"),
    ("reset during the body", "/reset-body"),
    ("truncated body", "/truncated"),
    ("1 GB, Content-Length declared", "/gigabyte-declared"),
    ("1 GB, streamed", "/gigabyte"),
    ("1 GB gzip bomb", "/bomb"),
    ("PNG", "/png"),
    ("PDF", "/pdf"),
    ("PDF as octet-stream", "/pdf-as-octets"),
]
LIMITS = Limits(connect_timeout=2.0, read_timeout=1.0, deadline=3.0)
"""The default 20 MB cap, and timeouts short enough for a benchmark."""


@contextmanager
def serving() -> Iterator[str]:
    httpd = PageServer(("127.0.0.1", 0), Handler)
    httpd.stop = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.stop.set()
        httpd.shutdown()
        httpd.server_close()


def error_cases(base: str) -> None:
    print(f"## Failure cases (connect {LIMITS.connect_timeout:g} s, read {LIMITS.read_timeout:g} s, ", end="")
    print(f"deadline {LIMITS.deadline:g} s, cap {LIMITS.max_bytes // MB} MB)\n")
    print("| case | seconds | message |\n|---|---:|---|")
    for name, path in ERROR_CASES:
        start = time.perf_counter()
        try:
            fetch(base + path, limits=LIMITS)
            message = "(no error)"
        except ReaderError as exc:
            message = str(exc).replace(base, "")
        print(f"| {name} | {time.perf_counter() - start:.3f} | {message} |")


_CHILD = """
import json, os, sys, threading, time, tracemalloc
from reader.errors import ReaderError
from reader.source.fetch import fetch

def rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

baseline, peak_rss, done = rss(), [0], threading.Event()

def sample():
    while not done.wait(0.002):
        peak_rss[0] = max(peak_rss[0], rss())

threading.Thread(target=sample, daemon=True).start()
tracemalloc.start()
try:
    fetch(sys.argv[1])
    message = "(no error)"
except ReaderError as exc:
    message = str(exc)
peak = tracemalloc.get_traced_memory()[1]
done.set()
print(json.dumps({"peak": peak, "rss": max(peak_rss[0], rss()) - baseline, "message": message}))
"""
"""Run in a fresh process: current RSS sampled every 2 ms against the RSS before the fetch
(ru_maxrss is useless here: the import of the pipeline already set a higher peak)."""


def memory(base: str) -> None:
    print("\n## Memory for 1 GB responses (default limits, fresh process each)\n")
    print("| case | tracemalloc peak | peak RSS growth | message |\n|---|---:|---:|---|")
    for name, path in (("1 GB streamed", "/gigabyte"), ("1 GB gzip bomb", "/bomb")):
        out = subprocess.run([sys.executable, "-c", _CHILD, base + path], capture_output=True, text=True, check=True)
        figures = json.loads(out.stdout)
        message = figures["message"].replace(base, "")
        print(f"| {name} | {figures['peak'] / MB:.1f} MB | {figures['rss'] / MB:.1f} MB | {message} |")
    peak, chunk = _httpx_decoder_peak(base + "/bomb")
    print("\nThe same bomb through httpx's own decoder (`iter_bytes`, body kept, same 20 MB cap checked per chunk): ")
    print(f"tracemalloc peak {peak / MB:.1f} MB; its largest decoded chunk was {chunk / MB:.1f} MB.")


def _httpx_decoder_peak(url: str) -> tuple[int, int]:
    tracemalloc.start()
    largest = 0
    body = bytearray()
    with httpx.stream("GET", url, timeout=10) as response:
        for chunk in response.iter_bytes():
            largest = max(largest, len(chunk))
            body += chunk
            if len(body) > 20 * MB:
                break
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, largest


TEXTS = {
    "zh-hans": "终端阅读器的目标很简单：把网页上的文章变成干净、好读的文字。很多中文网站仍然使用旧的编码，例如国标码，而且并不总是在页面里声明。浏览器会根据字节的特点去猜测编码，我们也必须这样做，否则读者只会看到一堆乱码。为了验证这一点，我们准备了长短不一的样本，从一句话的标题到几段正文，逐一检查识别的结果是否正确。短文本尤其困难，因为可供统计的字符太少。",
    "zh-hant": "終端閱讀器的目標很簡單：把網頁上的文章變成乾淨、好讀的文字。許多繁體中文網站仍然使用舊的編碼，例如大五碼，而且並不總是在頁面裡聲明。瀏覽器會根據位元組的特點去猜測編碼，我們也必須這樣做，否則讀者只會看到一堆亂碼。為了驗證這一點，我們準備了長短不一的樣本，從一句話的標題到幾段正文，逐一檢查識別的結果是否正確。",
    "ja": "端末で記事を読むためのリーダーは、ウェブページの本文をきれいで読みやすい文章に変えることを目指しています。日本のサイトの中には、今でもシフトJISやEUC-JPといった古い文字コードを使い、しかもページの中で宣言していないものがあります。ブラウザーはバイト列の特徴から文字コードを推測しており、私たちも同じようにしなければ、読者には文字化けした文章しか見えません。",
    "ko": "터미널에서 글을 읽는 리더의 목표는 간단합니다. 웹 페이지의 기사를 깨끗하고 읽기 쉬운 글로 바꾸는 것입니다. 한국의 많은 사이트는 아직도 EUC-KR 같은 오래된 인코딩을 사용하며, 페이지 안에서 이를 선언하지 않는 경우도 있습니다. 브라우저는 바이트의 특징을 보고 인코딩을 추측하는데, 우리도 그렇게 하지 않으면 독자는 깨진 글자만 보게 됩니다.",
    "fr": "Le lecteur en terminal a un but simple : transformer les articles du Web en texte propre et agréable à lire. Beaucoup de vieux sites européens utilisent encore l'encodage Latin-1 sans le déclarer, et le navigateur doit deviner. Si nous ne faisons pas de même, le lecteur verra des caractères étranges à la place des lettres accentuées : é, è, à, ù, ç, ô, î, ë.",
    "de": "Der Leser für das Terminal hat ein einfaches Ziel: Artikel aus dem Netz in sauberen, gut lesbaren Text zu verwandeln. Viele ältere Seiten verwenden noch immer die Kodierung Latin-1, ohne sie anzugeben. Der Browser muss raten, und wir müssen es ebenso tun, sonst sieht man statt der Umlaute ä, ö, ü und des ß nur seltsame Zeichen. Grüße aus Köln und Düsseldorf!",
    "es": "El lector de terminal tiene un objetivo sencillo: convertir los artículos de la web en un texto limpio y fácil de leer. Muchos sitios antiguos todavía usan la codificación Latin-1 sin declararla. ¿Qué hace el navegador? Adivina. Nosotros también debemos hacerlo, o el lector verá símbolos extraños en lugar de la ñ, la á y la ó.",
    "pt": "O leitor de terminal tem um objetivo simples: transformar os artigos da web em texto limpo e fácil de ler. Muitos sites antigos ainda usam a codificação Latin-1 sem declará-la; o navegador adivinha, e nós também. Senão, o leitor verá símbolos estranhos no lugar de ã, õ, ç, é e ê.",
    "en": "The terminal reader’s goal is simple: turn web articles into clean, readable text. Old pages written in Word often carry “smart quotes”, en dashes – and em dashes — plus ellipses… and prices in €, all in windows-1252, without saying so. A browser guesses; we must too, or the reader sees junk where the punctuation was.",
    "ru": "Цель терминальной читалки проста: превратить статьи из сети в чистый и удобный для чтения текст. Многие старые русские сайты до сих пор используют кодировку windows-1251 или KOI8-R и не объявляют её на странице. Браузер угадывает кодировку по байтам, и мы должны поступать так же, иначе читатель увидит лишь набор странных символов.",
    "pl": "Cel czytnika w terminalu jest prosty: zamienić artykuły z sieci w czysty, łatwy do czytania tekst. Wiele starszych polskich stron wciąż używa kodowania windows-1250 i nie deklaruje go. Przeglądarka zgaduje na podstawie bajtów, a my musimy robić to samo, inaczej czytelnik zobaczy dziwne znaki zamiast liter ą, ę, ś, ć, ż, ź, ł, ń i ó.",
    "cs": "Cílem čtečky v terminálu je převést články z webu na čistý a dobře čitelný text. Mnoho starších českých stránek stále používá kódování windows-1250 a neuvádí ho. Prohlížeč hádá podle bajtů a my musíme dělat totéž, jinak čtenář uvidí podivné znaky místo písmen ř, ě, š, č, ž, ý, á, í, é a ů.",
}  # fmt: skip
CASES = [
    ("zh-hans", "gbk", "zh-CN"), ("zh-hans", "gb18030", "zh-CN"), ("zh-hant", "big5", "zh-TW"),
    ("ja", "shift_jis", "ja"), ("ja", "euc_jp", "ja"), ("ko", "euc_kr", "ko"),
    ("fr", "latin-1", "fr"), ("fr", "cp1252", "fr"), ("de", "latin-1", "de"), ("es", "latin-1", "es"),
    ("pt", "latin-1", "pt"), ("en", "cp1252", "en"),
    ("ru", "cp1251", "ru"), ("ru", "koi8_r", "ru"), ("pl", "cp1250", "pl"), ("cs", "cp1250", "cs"),
]  # fmt: skip
LENGTHS = (8, 16, 32, 64, 128, 300)
WINDOWS = 5


def _windows(text: str, length: int) -> list[str]:
    if len(text) <= length:
        return [text]
    step = max(1, (len(text) - length) // (WINDOWS - 1))
    return [text[start : start + length] for start in range(0, len(text) - length + 1, step)][:WINDOWS]


def _page(text: str, lang: str | None) -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return f"<!doctype html><html{lang_attr}><head><title>t</title></head><body><p>{text}</p></body></html>"


def _normalizer_alone(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data).best()
    return data.decode(best.encoding, "replace") if best else data.decode("utf-8", "replace")


def charsets() -> None:
    print("\n## Charset detection, no declaration (pages right out of the windows tried)\n")
    methods: dict[str, Callable[[str, str, str], str]] = {
        "charset-normalizer alone": lambda text, codec, lang: _normalizer_alone(_page(text, None).encode(codec)),
        "reader.source.decode": lambda text, codec, lang: decode(_page(text, None).encode(codec)).text,
        "reader.source.decode + <html lang>": lambda text, codec, lang: decode(_page(text, lang).encode(codec)).text,
    }
    totals: dict[str, collections.Counter[str]] = {}
    for method, run in methods.items():
        print(f"### {method}\n")
        print("| text | encoding | " + " | ".join(f"{n} chars" for n in LENGTHS) + " |")
        print("|---|---|" + "---:|" * len(LENGTHS))
        counter: collections.Counter[str] = collections.Counter()
        for lang, codec, tag in CASES:
            cells = []
            for length in LENGTHS:
                pieces = _windows(TEXTS[lang], length)
                right = sum(piece in run(piece, codec, tag) for piece in pieces)
                counter["right"] += right
                counter["all"] += len(pieces)
                if lang in ("zh-hans", "zh-hant", "ja", "ko") or codec in ("latin-1", "cp1252"):
                    counter["required right"] += right
                    counter["required all"] += len(pieces)
                cells.append(f"{right}/{len(pieces)}")
            print(f"| {lang} | {codec} | " + " | ".join(cells) + " |")
        totals[method] = counter
        print()
    print("| method | all | GBK/GB18030/Big5/Shift_JIS/EUC-JP/EUC-KR/Latin-1/windows-1252 |\n|---|---:|---:|")
    for method, counter in totals.items():
        print(
            f"| {method} | {counter['right']}/{counter['all']} | "
            f"{counter['required right']}/{counter['required all']} |"
        )
    _detection_speed()


def _detection_speed() -> None:
    body = _page(TEXTS["zh-hans"] * 300, None).encode("gbk")
    start = time.perf_counter()
    for _ in range(5):
        decode(body)
    per_call = (time.perf_counter() - start) / 5
    print(f"\nDetection on a {len(body) // 1024} KB undeclared GBK page: {per_call * 1000:.0f} ms per decode.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web", description=__doc__)
    parser.add_argument("--only", choices=("errors", "memory", "charsets"))
    args = parser.parse_args(argv)
    with serving() as base:
        if args.only in (None, "errors"):
            error_cases(base)
        if args.only in (None, "memory"):
            memory(base)
    if args.only in (None, "charsets"):
        charsets()
    return 0


if __name__ == "__main__":
    sys.exit(main())
