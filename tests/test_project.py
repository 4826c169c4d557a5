"""Project hygiene that CI must keep: conda environment in step, notebooks stored clean."""
import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[]", req, maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_in_step_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    wanted = {_name(r) for r in reqs}
    # conda-forge ships an extra as its own package: dask[distributed] -> dask + distributed
    wanted |= {extra for r in reqs for extra in re.findall(r"\[(\w+)\]", r) if extra == "distributed"}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert wanted == conda, f"only in pyproject: {wanted - conda}; only in environment.yml: {conda - wanted}"


def test_notebooks_stored_without_outputs_or_machine_paths():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks, "no notebooks"
    for path in notebooks:
        nb = json.loads(path.read_text())
        assert nb["metadata"]["kernelspec"]["name"] == "python3", path.name
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs exactly one 'parameters' cell"
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs") and cell.get("execution_count") is None, path.name
            assert not re.search(r"/(work|tmp|root|home)/\w", "".join(cell["source"])), path.name


def _specs(reqs):
    from packaging.requirements import Requirement
    return {Requirement(r).name.lower().replace("_", "-"): Requirement(r).specifier for r in reqs}


def test_the_tested_environment_lies_inside_the_stated_ranges():
    """The ranges in pyproject.toml are the tested ones: every package the suite runs with
    satisfies them (a range wider than what runs here is a claim nobody checks; issue 32.7)."""
    import importlib.metadata as md
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    outside = []
    for name, spec in _specs(project["dependencies"]).items():
        version = md.version(name)
        if not spec.contains(version, prereleases=True):
            outside.append(f"{name} {version} not in {spec}")
    assert not outside, outside
    pandas_spec = _specs(project["dependencies"])["pandas"]
    assert not pandas_spec.contains("2.3.3")          # pandas 2 is not supported: say so


def test_environment_yml_states_the_same_ranges():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {}
    for d in env["dependencies"]:
        if isinstance(d, str) and d not in ("pip",) and not d.startswith("python"):
            conda[_name(d)] = d[len(_name(d)):].replace(" ", "")
    for name, spec in _specs(project["dependencies"] + project["optional-dependencies"]["dev"]).items():
        if name in conda:
            assert {str(s) for s in spec} == set(filter(None, conda[name].split(","))), name
