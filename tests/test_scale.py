"""Beyond one process: a Dask cluster, recycled workers, and rebuilding only what a
change touches. The cluster is a real `distributed.LocalCluster` on 127.0.0.1 with
worker processes and nannies, as `dask scheduler` / `dask worker` would give."""

from __future__ import annotations

import json
import shutil

import pytest

from handout.builder.cluster import connect
from handout.builder.health import Recycling
from handout.builder.run import Request, run_build

from .support.catalogs import catalog, translated_mini

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as local:
        yield local


def _entries(out) -> dict[str, dict]:
    return {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["handouts"]}


def _outputs(outcomes) -> dict[str, bytes]:
    assert all(o.status in ("built", "skipped") for o in outcomes), \
        [o.error for o in outcomes if o.status == "failed"]
    return {o.path.name: o.path.read_bytes() for o in outcomes}


def test_dask_builds_the_default_matrix_as_the_local_pool_does(project, matrix_build,
                                                               cluster, tmp_path):
    out = tmp_path / "dask"
    with connect(cluster.scheduler_address, project, Recycling()) as remote:
        plan, outcomes = run_build(project, Request(out=out), remote=remote)
    assert len(outcomes) == 15 and not plan.failures
    local_out = next(iter(matrix_build.values())).parents[2]
    local = _entries(local_out)
    ours = _entries(out)
    assert len(ours) == 15 and set(ours) <= set(local)
    for path, entry in ours.items():                  # same keys, bytes, checks
        assert entry == local[path], path
        assert (out / path).read_bytes() == (local_out / path).read_bytes(), path
    assert len({o.worker_id for o in outcomes}) == 2    # both workers took jobs


def test_a_job_that_fails_on_a_worker_fails_only_itself(mini, cluster, tmp_path):
    """A character no font has, in the French teen text only: a user error raised on
    the worker, reported for that handout; every other handout is built."""
    translated_mini(mini, "fr", {("teen", "Ask your care team [@b]."):
                                 "Demandez \u0f00 votre équipe [@b]."})
    out = tmp_path / "out"
    with connect(cluster.scheduler_address, mini, Recycling()) as remote:
        _, outcomes = run_build(mini, Request(out=out), remote=remote)
    failed = [o for o in outcomes if o.status == "failed"]
    assert [o.job.label() for o in failed] == ["mini/fr/teen/large/a4"]
    assert "U+0F00" in failed[0].error and not failed[0].traceback
    assert sum(o.status == "built" for o in outcomes) == 5


def test_workers_are_replaced_after_their_handout_limit(mini, cluster, tmp_path):
    translated_mini(mini, "fr")
    reference = _outputs(run_build(mini, Request(out=tmp_path / "one", jobs=1))[1])
    # the local pool: one handout per worker process
    _, outcomes = run_build(mini, Request(out=tmp_path / "pool", jobs=2,
                                          recycling=Recycling(jobs=1)))
    assert len({o.worker for o in outcomes}) == len(outcomes) == 6
    assert _outputs(outcomes) == reference
    # Dask: the client restarts a worker after each of its handouts
    with connect(cluster.scheduler_address, mini, Recycling(jobs=2)) as remote:
        _, outcomes = run_build(mini, Request(out=tmp_path / "dask"), remote=remote)
        restarted = remote.restarted
    assert restarted >= 2
    assert _outputs(outcomes) == reference


def test_a_teen_only_message_rebuilds_only_that_languages_teen_handouts(mini, tmp_path):
    translated_mini(mini, "fr")
    translated_mini(mini, "es")
    request = Request(sizes=("large", "standard"), out=tmp_path / "out", jobs=2)
    _, first = run_build(mini, request)
    assert sum(o.status == "built" for o in first) == 18
    po = catalog(mini, "fr")
    text = po.read_text("utf-8")
    teen = 'msgctxt "teen"\nmsgid "Ask your care team [@b]."\nmsgstr "Ask your care team [@b]."'
    assert teen in text
    po.write_text(text.replace(teen, teen.replace('msgstr "Ask', 'msgstr "Please ask')),
                  "utf-8")
    _, second = run_build(mini, request)
    rebuilt = sorted(o.job.label() for o in second if o.status == "built")
    assert rebuilt == ["mini/fr/teen/large/a4", "mini/fr/teen/standard/a4"]
    # a change to the shared template catalog still rebuilds every French handout
    shutil.copy(catalog(mini, "fr", "handout"), tmp_path / "saved.po")
    template = catalog(mini, "fr", "handout")
    template.write_text(template.read_text("utf-8") + "\n", "utf-8")
    _, third = run_build(mini, request)
    assert sorted(o.job.language for o in third if o.status == "built") == ["fr"] * 6
