"""Text in, `Article` out: front matter, extraction, cleaning, html2text and markdown-it,
chunk by chunk, with a cache of finished conversions."""
