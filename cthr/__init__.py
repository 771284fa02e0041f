"""cthr-kg: a knowledge graph of counter-terrorism human-rights engagement."""

import os as _os

__version__ = "0.1.0"

# In a checkout this folder holds only the CLI; the sub-packages are the top-level
# folders (graph/, loaders/, ontology/, ...) that pyproject.toml maps into `cthr`.
# With the checkout's root on sys.path (`python -m`, `python -c` there) this folder
# shadows the installed package, so the checkout's root joins the package's path and
# `cthr.graph` is its graph/ folder, just as package-dir maps it when installed.
_root = _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__)))
if not _os.path.isdir(_os.path.join(__path__[0], "graph")) and \
        _os.path.isfile(_os.path.join(_root, "graph", "build.py")):
    __path__.append(_root)

# The Python API (cthr/api.py) loads on first use, so `import cthr` stays cheap.
_API = ("open", "build", "Graph", "Result", "BuildError")


def __getattr__(name: str):
    if name in _API:
        from cthr import api

        return getattr(api, name)
    raise AttributeError(f"module 'cthr' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_API])
