"""Plain helpers and constants the test modules share, by theme.

- ``projects``: throwaway one-guide projects (``make_project``, ``MINI_GUIDE``,
  ``MINI_REFERENCES``) and building the mini guide's handouts.
- ``catalogs``: translated throwaway projects: filling, breaking and checking catalogs.
- ``pdf``: reading a built PDF back: its text, its structure tree's paragraphs.
- ``sandbox``: refusals (one readable stderr line, no PDF) and the audit hook that
  records files, processes and network use.

Fixtures live in ``tests/conftest.py`` (pytest hands them to a test by name); test
modules import helpers from here, never from another test module or from conftest
(``test_suite_layout.py`` checks).
"""
