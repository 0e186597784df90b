"""`python -m newscrawl`: the same as the `newscrawl` command."""

from newscrawl.cli import main

main()
