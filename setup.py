"""Build hook: the notebooks in ``notebooks/`` go into the wheel as ``sqs_analysis/notebooks``.

The notebooks stay where analysts and ``make lab`` use them (the top-level ``notebooks/``
folder, the one copy in the repository); a wheel built from a clone or an sdist carries them
inside the package, so an installed ``sqs-analysis brief`` finds them without a clone. An
editable install reads them from ``notebooks/`` directly (see
``sqs_analysis.briefing.notebooks``), so nothing is copied for it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "notebooks"
TARGET = ("sqs_analysis", "notebooks")


class BuildWithNotebooks(build_py):
    """``build_py`` that also copies ``notebooks/*.ipynb`` into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads notebooks/ in place
        notebooks = sorted(SOURCE.glob("*.ipynb"))
        if not notebooks:
            raise SystemExit(f"no notebooks in {SOURCE}: the package would be incomplete")
        target = Path(self.build_lib).joinpath(*TARGET)
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for notebook in notebooks:
            shutil.copyfile(notebook, target / notebook.name)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        target = Path(self.build_lib).joinpath(*TARGET)
        return outputs + [str(target / nb.name) for nb in sorted(SOURCE.glob("*.ipynb"))]


setup(cmdclass={"build_py": BuildWithNotebooks})
