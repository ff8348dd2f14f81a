"""Bytes in, text out: fetching files, stdin and URLs within limits, and decoding them."""
