#!/usr/bin/env python3
"""Build accessible, large-print PDF handouts. Run `python make_guide.py --help`."""

import sys

from handout.cli import main

if __name__ == "__main__":
    sys.exit(main())
