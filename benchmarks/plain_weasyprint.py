"""Plain WeasyPrint, with none of this project's code: the benchmarks' floor.

Run by benchmarks/overhead.py in its own process on a folder it exported:
    python benchmarks/plain_weasyprint.py FOLDER RUNS
FOLDER holds handout.html, handout.css and the figures; the output is one JSON line
with the wall-clock seconds of each run after one warm-up, the same PDF variant and
the same FontConfiguration reuse as the project's workers.
"""

import json
import sys
import time
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration


def main() -> None:
    folder, runs = Path(sys.argv[1]), int(sys.argv[2])
    html = (folder / "handout.html").read_text("utf-8")
    fonts = FontConfiguration()
    css = weasyprint.CSS(string=(folder / "handout.css").read_text("utf-8"),
                         font_config=fonts, base_url=folder.as_uri() + "/")

    def once() -> bytes:
        return weasyprint.HTML(string=html, base_url=folder.as_uri() + "/").write_pdf(
            stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1")

    once()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        once()
        times.append(time.perf_counter() - started)
    print(json.dumps({"weasyprint": weasyprint.__version__, "seconds": times,
                      "modules_from_project": sorted(m for m in sys.modules
                                                     if m.split(".")[0] == "handout")}))


if __name__ == "__main__":
    main()
