"""Batch on a real multi-process Dask cluster (issue 19): a scheduler and two workers started as
separate processes in another working folder, the batch run with relative paths from a third one,
once on the shared file system and once with ``--ship`` (files travel with the tasks)."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.report.stages import NOTEBOOKS

from test_batch import GOOD, SUMMARY, make_program, notebook, snapshot, no_temp_left


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """``dask scheduler`` + ``dask worker --nworkers 2`` in their own folder; stopped at the end."""
    from devcluster import DASK, separate_process_cluster
    if not DASK.exists():
        pytest.skip("the dask command is not installed next to this Python")
    with separate_process_cluster(2, tmp_path_factory.mktemp("cluster-home")) as address:
        yield address


@pytest.fixture
def workdir(tmp_path):
    """A folder holding programs/ and nbs/ (the four notebooks by their real names)."""
    for slug in ("alpha", "gamma"):
        make_program(tmp_path / "programs" / slug, client=slug.title())
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    for i, name in enumerate(NOTEBOOKS):
        notebook(nbs / f"{name}.ipynb", GOOD if i == 0 else SUMMARY)
    return tmp_path


def batch(workdir: Path, address: str, out: str, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, WORKBENCH_NOTEBOOK_DIR=str(workdir / "nbs"))
    return subprocess.run([sys.executable, "-m", "workbench", "batch", "programs", "--out", out,
                           "--scheduler", address, *extra],
                          cwd=workdir, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("ship", [False, True], ids=["shared-folder", "ship"])
def test_real_cluster_with_relative_paths(cluster, workdir, ship):
    extra = ("--ship",) if ship else ()
    first = batch(workdir, cluster, "reports", *extra)
    assert first.returncode == 0, first.stdout + first.stderr
    reports = workdir / "reports"
    for slug in ("alpha", "gamma"):
        assert (reports / slug / "index.html").exists()
        manifest = json.loads((reports / slug / "manifest.json").read_text())
        if ship:   # the bundle came back from a worker, which the manifest names
            assert manifest["shipped"] is True and manifest["built_by"].startswith("tcp://127.0.0.1")
        else:
            assert "shipped" not in manifest
    before = snapshot(reports / "gamma")
    (workdir / "programs" / "gamma" / "BREAK").write_text("x")
    shutil.rmtree(reports / "alpha")

    second = batch(workdir, cluster, "reports", *extra)
    assert second.returncode == 1, second.stdout + second.stderr
    assert (reports / "alpha" / "index.html").exists()              # rebuilt
    assert snapshot(reports / "gamma") == before                    # the good report, byte for byte
    assert (reports / "_failed" / "gamma" / f"{NOTEBOOKS[0]}.ipynb").exists()
    assert no_temp_left(reports)
    line = next(l for l in second.stdout.splitlines() if l.startswith("gamma "))
    assert "failed" in line and "RuntimeError: broken export" in line


def test_worker_that_cannot_see_the_folder_says_so(tmp_path):
    from workbench.batch import NOT_VISIBLE, _run_on_worker
    r = _run_on_worker(str(tmp_path / "absent"), str(tmp_path), ("a",), str(tmp_path), "b", None)
    assert r.status == "failed" and r.error.startswith(NOT_VISIBLE)
    assert str(tmp_path / "absent") in r.error and "shared file system" in r.error


def test_shipping_refuses_members_outside_the_destination(tmp_path):
    import io
    import tarfile
    from workbench.shipping import pack, unpack
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        data = b"x"
        info = tarfile.TarInfo("../escape.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(ValueError, match="outside"):
        unpack(buf.getvalue(), tmp_path / "dest")
    assert not (tmp_path / "escape.txt").exists()
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.csv").write_text("a")
    (src / ".hidden").write_text("h")
    (src / "link.csv").symlink_to("/etc/hostname")
    out = unpack(pack(src), tmp_path / "copy")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["sub/a.csv"]
