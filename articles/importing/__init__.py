"""Import an old site's pages as articles: `reader` reads a page, `writer` saves it."""
