"""Whether this machine's WeasyPrint can subset fonts with HarfBuzz.

Apart from the writer so that the build can warn without importing WeasyPrint.
"""

from __future__ import annotations

import ctypes.util
from pathlib import Path


def harfbuzz_subset_available() -> bool:
    """True when WeasyPrint can subset fonts with HarfBuzz (16x faster for CJK)."""
    # Look in the usual library folders first: ctypes.util.find_library runs
    # ldconfig and gcc, which costs a no-op build more than all its other work.
    for folder in ("/usr/lib", "/usr/lib64", "/usr/local/lib", "/opt/homebrew/lib"):
        if any(Path(folder).glob("libharfbuzz-subset*")) or any(
                Path(folder).glob("*/libharfbuzz-subset*")):
            return True
    return ctypes.util.find_library("harfbuzz-subset") is not None
