"""All the benchmarks, one after another: .venv/bin/python -m benchmarks [--quick]

1. overhead.py: one handout against plain WeasyPrint in its own process;
2. build_matrix.py: --jobs 2 against --jobs 1, a no-op rebuild, one message changed;
3. scaling.py: a synthetic library on the local pool and on a Dask LocalCluster.

--quick: fewer runs and a library of 2 guides (90 handouts) instead of 8 (360).
Each prints its own figures; on a shared machine, quote medians and ratios.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = "3" if args.quick else "5"
    steps = [["overhead.py", "--runs", runs],
             ["build_matrix.py", "--runs", "2" if args.quick else "3"],
             ["scaling.py", "--guides", "2" if args.quick else "8"]]
    for script, *options in steps:
        print(f"\n== {script} {' '.join(options)}", flush=True)
        code = subprocess.call([sys.executable, str(HERE / script), *options])
        if code:
            return code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
