"""Accessible, large-print, multilingual PDF handouts from cited YAML and gettext catalogs.

The flow, one module per stage:
load → select → localize → cite/inline → render → pdf → verify → publish,
driven by build (the job matrix) and cli (the command line).
"""

__version__ = "0.1.0"
