"""The built wheel carries everything ballotcalc needs (regime data, templates) and runs on its own.

The wheel is built without network (no build isolation) and installed with --no-deps into a fresh
virtual environment that borrows this environment's third-party packages through a .pth file, so
only the wheel's own contents are under test.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("setuptools", reason="building the wheel needs setuptools in this venv")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("ballotcalc-*.whl")
    return built


def test_wheel_contains_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ballotcalc/rules/regimes.yaml" in names
    assert "ballotcalc/py.typed" in names
    templates = [n for n in names if n.startswith("ballotcalc/render/templates/")]
    source = (
        sorted(p.name for p in (ROOT / "src/ballotcalc/render/templates").glob("*"))
        if (ROOT / "src/ballotcalc/render/templates").exists()
        else []
    )
    assert sorted(Path(t).name for t in templates) == source


def test_wheel_installs_and_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin/python"),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [str(venv / "bin/ballotcalc"), "result", str(ROOT / "ballots/pcs-2019-pay.yaml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "2,903" in done.stdout  # 62,355 needed of 124,710 entitled, 59,452 cast
    installed = subprocess.run(
        [str(venv / "bin/python"), "-c", "import ballotcalc; print(ballotcalc.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(venv) in installed  # the wheel, not the source tree
