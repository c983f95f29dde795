"""A synthetic library on the local pool and on a Dask cluster: handouts per minute,
CPU seconds per handout, peak memory per worker, and the Dask/local ratio.

Run: .venv/bin/python benchmarks/scaling.py [--guides 8] [--workers 2] [--recycle-after N]

--recycle-after 0 keeps every worker for the whole build, to see how a worker's memory
grows over a long run (the figures behind the recycling defaults): each worker's peak
memory is printed after its 1st, 25th, 50th, 100th, 150th, 200th... handout.

The library is N copies of the POH guide under new ids with their catalogs, built in
5 languages x 3 audiences x 3 print sizes (8 guides: 360 handouts), once with the
local pool (--jobs WORKERS) and once on a `distributed.LocalCluster` of WORKERS
processes on 127.0.0.1, each into an empty output folder. Job seconds are measured
inside the workers (one thread each, so they are CPU seconds of a busy core).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from handout.builder.health import Recycling
from handout.builder.run import Request, run_build
from handout.project import Project

ROOT = Path(__file__).resolve().parent.parent
SIZES = ("standard", "large", "xlarge")


def make_library(folder: Path, guides: int) -> Project:
    shutil.copytree(ROOT / "styles", folder / "styles")
    source = (ROOT / "guide" / "poh" / "guide.yaml").read_text("utf-8")
    for number in range(1, guides + 1):
        guide_id = f"poh{number}"
        shutil.copytree(ROOT / "guide" / "poh", folder / "guide" / guide_id)
        (folder / "guide" / guide_id / "guide.yaml").write_text(
            source.replace("id: poh\n", f"id: {guide_id}\n", 1), "utf-8")
        for language in (ROOT / "locales").iterdir():
            if not language.is_dir():
                continue
            target = folder / "locales" / language.name / "LC_MESSAGES"
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(language / "LC_MESSAGES" / "poh.po", target / f"{guide_id}.po")
            shutil.copy(language / "LC_MESSAGES" / "handout.po", target / "handout.po")
            if (language / "terms.tbx").is_file():
                shutil.copy(language / "terms.tbx", folder / "locales" / language.name)
    return Project(folder)


def summary(name: str, outcomes, seconds: float) -> float:
    built = [o for o in outcomes if o.status == "built"]
    failed = [o for o in outcomes if o.status == "failed"]
    peak: dict[str, int] = defaultdict(int)
    for outcome in built:
        peak[outcome.worker_id] = max(peak[outcome.worker_id], outcome.memory)
    trajectory: dict[str, list[int]] = defaultdict(list)
    for outcome in built:              # in the order they finished
        trajectory[outcome.worker_id].append(outcome.memory)
    rate = len(built) / seconds * 60
    print(f"{name:6} {len(built):4} handouts ({len(failed)} failed) in {seconds:6.1f} s: "
          f"{rate:6.1f} a minute, {sum(o.job_seconds for o in built) / len(built):.2f} "
          f"CPU s a handout, peak memory per worker "
          f"{', '.join(f'{v / 2**20:.0f}' for v in sorted(peak.values()))} MB "
          f"({len(peak)} worker processes)")
    marks = (1, 25, 50, 100, 150, 200, 250, 300)
    for worker, memory in sorted(trajectory.items()):
        if len(memory) >= 25:
            print(f"       memory of worker {worker} after its Nth handout: " + ", ".join(
                f"{n}: {memory[n - 1] / 2**20:.0f} MB" for n in marks if n <= len(memory))
                + f", last ({len(memory)}): {memory[-1] / 2**20:.0f} MB")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--guides", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--recycle-after", type=int, default=Recycling().jobs,
                        help="handouts per worker before it is replaced (0: never)")
    args = parser.parse_args()
    recycling = Recycling(jobs=args.recycle_after or 10**9,
                          memory_mb=Recycling().memory_mb if args.recycle_after else 10**6)
    from distributed import LocalCluster

    from handout.builder.cluster import connect

    with tempfile.TemporaryDirectory(prefix="handout-library-") as temporary:
        project = make_library(Path(temporary) / "library", args.guides)
        request = {"sizes": SIZES, "jobs": args.workers, "recycling": recycling}
        started = time.perf_counter()
        _, local = run_build(project, Request(out=Path(temporary) / "local", **request))
        local_rate = summary("local", local, time.perf_counter() - started)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None) as cluster:
            started = time.perf_counter()
            with connect(cluster.scheduler_address, project, recycling) as remote:
                _, dask = run_build(project, Request(out=Path(temporary) / "dask",
                                                     **request), remote=remote)
            dask_rate = summary("dask", dask, time.perf_counter() - started)
    print(f"Dask / local: {dask_rate / local_rate:.2f}")


if __name__ == "__main__":
    main()
