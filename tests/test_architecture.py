"""The package's layout: data flows one way, modules stay small, each job is done once.

The flow is ``reference < ingest < tables < analysis < charts < exports < briefing < cli``: a
module may import from its own step and from earlier ones, never from a later one. Imports are
read from the source with :mod:`ast`, inside functions and ``TYPE_CHECKING`` blocks too.
Within ``ingest`` the readers (``ingest/readers``: a file to text) come before the parsing (text
to a report): a reader never imports a parsing module, and the rest of the package reaches the
readers only through their dispatch, ``sqs_analysis.ingest.readers``. No module of the package
is over about 600 lines, and no function, in the package or in ``benchmarks/``, over 80.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sqs_analysis

ROOT = Path(sqs_analysis.__file__).resolve().parent
PACKAGE = "sqs_analysis"
FLOW = ("reference", "ingest", "tables", "analysis", "charts", "exports", "briefing", "cli")
"""The steps in the order data flows through them; top-level modules (``cli.py``,
``__main__.py``, ``docs.py``) are the last step."""
MAX_LINES = 600
MAX_FUNCTION_LINES = 80
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
READERS = f"{PACKAGE}.ingest.readers"
"""The readers' dispatch; the modules below it are the readers of each format."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def step_of(module: str) -> str | None:
    """The step a module of the package belongs to; ``None`` for the package itself, which
    holds only ``__version__`` and the lazily imported public names, and may be imported
    from anywhere."""
    parts = module.split(".")
    if len(parts) == 1:
        return None
    return parts[1] if parts[1] in FLOW else "cli"


def is_module(module: str) -> bool:
    parts = module.split(".")[1:]
    return ROOT.joinpath(*parts, "__init__.py").is_file() or (
        bool(parts) and ROOT.joinpath(*parts[:-1], f"{parts[-1]}.py").is_file()
    )


def package_imports(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) for every module of this package that ``source`` imports."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.append((node.lineno, submodule if is_module(submodule) else target))
    return [(line, m) for line, m in found if m == PACKAGE or m.startswith(PACKAGE + ".")]


def backward_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    """Imports in ``source`` (the code of ``module``) from a step later than its own."""
    step = step_of(module)
    problems = []
    for line, target in package_imports(source, module, is_package):
        target_step = step_of(target)
        if step is None or target_step is None:
            continue
        if FLOW.index(target_step) > FLOW.index(step):
            problems.append(f"{module}:{line} ({step}) imports {target} ({target_step})")
    return problems


def reader_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    """Imports in ``source`` that cross between the readers and the parsing the wrong way: a
    reader importing an ``ingest`` module outside the readers, or a module outside the readers
    importing one of them other than through the dispatch."""
    in_readers = module == READERS or module.startswith(READERS + ".")
    problems = []
    for line, target in package_imports(source, module, is_package):
        to_readers = target == READERS or target.startswith(READERS + ".")
        if in_readers and target.startswith(f"{PACKAGE}.ingest") and not to_readers:
            problems.append(f"{module}:{line} (a reader) imports {target} (parsing)")
        if not in_readers and target.startswith(READERS + "."):
            problems.append(f"{module}:{line} imports {target}, not the dispatch {READERS}")
    return problems


def modules() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def test_every_module_belongs_to_a_step_of_the_flow():
    subpackages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()}
    assert subpackages == set(FLOW) - {"cli"}, subpackages
    top_level = {p.name for p in ROOT.glob("*.py")}
    assert top_level == {"__init__.py", "__main__.py", "cli.py", "docs.py"}, top_level


def test_data_flows_one_way():
    problems = []
    for path in modules():
        problems += backward_imports(
            path.read_text("utf-8"), module_name(path), path.name == "__init__.py"
        )
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("sqs_analysis.ingest.parse", "from sqs_analysis.analysis import rates"),
        ("sqs_analysis.ingest.parse", "def f():\n    from sqs_analysis.tables import Tables"),
        ("sqs_analysis.tables.build", "import sqs_analysis.analysis.formatting"),
        ("sqs_analysis.analysis.formatting", "from ..charts import style"),
        ("sqs_analysis.charts.style", "from sqs_analysis import briefing"),
        ("sqs_analysis.reference.names", "from sqs_analysis.ingest.model import Report"),
    ],
)
def test_the_flow_check_catches_an_import_from_a_later_step(module, source):
    assert backward_imports(source, module)


def test_the_flow_check_allows_earlier_steps_and_the_package_itself():
    source = (
        "from sqs_analysis import __version__\n"
        "from sqs_analysis.reference.codebook import codebook\n"
        "from sqs_analysis.tables import Tables\n"
        "from . import formatting\n"
    )
    assert backward_imports(source, "sqs_analysis.analysis.rates") == []


def test_readers_and_parsing_meet_only_at_the_dispatch():
    problems = []
    for path in modules():
        problems += reader_imports(
            path.read_text("utf-8"), module_name(path), path.name == "__init__.py"
        )
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("sqs_analysis.ingest.readers.pdf.blocks", "from sqs_analysis.ingest.letter import X"),
        ("sqs_analysis.ingest.readers.word", "def f():\n    from ..normalise import BULLET"),
        ("sqs_analysis.ingest.readers", "import sqs_analysis.ingest.model"),
        ("sqs_analysis.ingest.corpus", "from sqs_analysis.ingest.readers.pdf import pdf_text"),
        ("sqs_analysis.ingest.parse", "from .readers import text"),
        ("sqs_analysis.briefing.unchanged", "import sqs_analysis.ingest.readers.word.wordml"),
    ],
)
def test_the_readers_check_catches_a_crossing(module, source):
    assert reader_imports(source, module)


def test_the_readers_check_allows_the_dispatch_and_the_reference():
    parsing = "from sqs_analysis.ingest.readers import ReadError, read_document\n"
    assert reader_imports(parsing, "sqs_analysis.ingest.corpus") == []
    reader = (
        "from sqs_analysis.ingest.readers.document import ReadError\n"
        "from sqs_analysis.reference.headings import classify_heading\n"
        "from .lines import PdfLine\n"
    )
    assert reader_imports(reader, "sqs_analysis.ingest.readers.pdf.blocks") == []


def test_no_module_is_over_about_600_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules()
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int, int]]:
    """(name, first line, lines) of every function or method in ``source`` longer than
    ``limit`` lines, counted from its first decorator to its last line (docstring, comments
    and nested functions included)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > limit:
                found.append((node.name, node.lineno, length))
    return found


def test_no_function_is_over_80_lines():
    """In the package and in the benchmarks: a longer function does several jobs; split it."""
    paths = [*modules(), *sorted(BENCHMARKS.glob("*.py"))]
    assert paths[-1].parent == BENCHMARKS
    long = [
        f"{path}:{line} {name} ({length} lines)"
        for path in paths
        for name, line, length in long_functions(path.read_text("utf-8"))
    ]
    assert long == [], "\n".join(long)


def test_the_function_check_catches_a_long_function():
    body = "".join(f"    x{i} = {i}\n" for i in range(78))
    just_right = f'def f():\n    """Doc."""\n{body}'  # 80 lines
    assert long_functions(just_right) == []
    assert long_functions(f"@decorated\n{just_right}") == [("f", 2, 81)]
    assert long_functions(f"{just_right}    return x0\n") == [("f", 1, 81)]
    method = "class C:\n" + "".join(f"    {line}\n" for line in just_right.splitlines())
    assert long_functions(method + "        return None\n") == [("f", 2, 81)]
    inner = body.replace("    ", "        ")
    nested = f"async def outer():\n    def inner():\n{inner}    return inner\n"
    assert long_functions(nested, limit=79) == [("outer", 1, 81)]
    assert long_functions(nested, limit=78) == [("outer", 1, 81), ("inner", 2, 79)]


@pytest.mark.parametrize("name", ["split_sentences", "direction"])
def test_each_job_is_written_once(name):
    """One sentence splitter and one direction rule, used by every step that needs them."""
    defined_in = {
        str(path.relative_to(ROOT))
        for path in modules()
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name.lstrip("_") == name
    }
    assert len(defined_in) == 1, defined_in
