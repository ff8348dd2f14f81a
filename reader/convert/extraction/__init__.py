"""Main-content extraction by vote, on pages up to `reader.convert.extract.LARGE_PAGE_CHARS`.

No single extractor wins everywhere, and a vote among good ones beats each of them (Bevendorff
et al., "An Empirical Comparison of Web Content Extraction Algorithms", SIGIR 2023). So the
page, without the cards that pop up over a word inside its sentences (`cards`), is cut into
blocks (`blocks`), readability-lxml and trafilatura each say which blocks they
keep (`votes`), the page's own signals settle where they disagree (`signals`, `decide`), the
furniture both keep is taken out by what it is (`furniture`: captions said twice, teasers of
other stories, calls to subscribe, the author's box; `small_print`: pictures' credits, reading
times, filing labels, date lines; `calls`: notices and calls to follow, share or comment at the
article's end), and the article is put together from the page's markup around the kept blocks
(`assemble`); `combine` runs the whole. Posts and fragments never come here.
"""
