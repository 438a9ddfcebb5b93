"""Where the notebooks are, and copies of them for an analyst to edit.

The notebooks live in the project's top-level ``notebooks/`` folder (where analysts and
``make lab`` open them). A wheel carries them inside the package as ``sqs_analysis/notebooks``
(copied there at build time by ``setup.py``), so an installed ``sqs-analysis brief`` needs no
clone; a clone or an editable install reads ``notebooks/`` in place. ``sqs-analysis notebooks
DIR`` copies them out, and ``sqs-analysis brief --notebooks DIR`` runs the edited copies.
"""

from __future__ import annotations

import shutil
from pathlib import Path

PACKAGED_DIR = Path(__file__).resolve().parents[1] / "notebooks"
"""The notebooks inside an installed wheel (absent from a clone)."""
PROJECT_DIR = Path(__file__).resolve().parents[3] / "notebooks"
"""The project's ``notebooks/`` folder, next to ``src/`` (a clone or an editable install)."""


class NotebooksExist(FileExistsError):
    """Copying would overwrite notebooks already in the target folder."""


def _has_notebooks(folder: Path) -> bool:
    return folder.is_dir() and any(folder.glob("*.ipynb"))


def default_notebooks_dir() -> Path:
    """The notebooks the package was installed with, else the project's ``notebooks/``.

    The packaged copy wins when it exists: a wheel's site-packages has no project folder
    beside it, and a clone has no packaged copy, so each finds its own.
    """
    return PACKAGED_DIR if _has_notebooks(PACKAGED_DIR) else PROJECT_DIR


def notebook_paths(folder: str | Path | None = None) -> list[Path]:
    """Every notebook (``*.ipynb``) in ``folder`` (default: :func:`default_notebooks_dir`)."""
    source = Path(folder) if folder is not None else default_notebooks_dir()
    return sorted(p for p in source.glob("*.ipynb") if p.is_file())


def copy_notebooks(target: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Copy every notebook into ``target`` (created if needed) and return the copies.

    An analyst edits the copies and runs them with ``brief --notebooks``. Existing notebooks
    of the same names are kept (:class:`NotebooksExist`, nothing copied) unless ``overwrite``,
    so an edited copy is never lost by running the command twice.
    """
    sources = notebook_paths()
    if not sources:
        raise FileNotFoundError(f"no notebooks found in {default_notebooks_dir()}")
    folder = Path(target)
    clashes = [folder / p.name for p in sources if (folder / p.name).exists()]
    if clashes and not overwrite:
        names = ", ".join(p.name for p in clashes)
        raise NotebooksExist(f"{folder} already holds {names} (use --force to replace them)")
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for source in sources:
        shutil.copyfile(source, folder / source.name)
        copies.append(folder / source.name)
    return copies
