"""How to read a page: (html, url, source) -> Article. Pure, no I/O."""
