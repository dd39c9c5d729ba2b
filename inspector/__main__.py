"""`python -m inspector` runs the command line."""
import sys

from .cli import main

if __name__ == "__main__":  # not when the crawl's spawned child imports this module as __mp_main__
    sys.exit(main())
