"""The package says it is typed (py.typed): the stub of the extension module must name every
binding with the parameters and defaults the module really has."""

import ast
import inspect
import pathlib

import herald
from herald import _herald

STUB = pathlib.Path(herald.__file__).with_name("_herald.pyi")


def _stub_signatures():
    """Each function and Store method of the stub: its parameters and their defaults."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    found = {}

    def params(fn):
        args = fn.args.args
        defaults = [None] * (len(args) - len(fn.args.defaults)) + fn.args.defaults
        return [(a.arg, None if d is None else ast.literal_eval(d)) for a, d in zip(args, defaults)]

    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = params(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    found[f"{node.name}.{item.name}"] = params(item)[1:]
    return found


def _runtime(obj):
    out = []
    for p in inspect.signature(obj).parameters.values():
        if p.name == "self":
            continue
        out.append((p.name, None if p.default is inspect.Parameter.empty else p.default))
    return out


def test_the_stub_matches_the_module():
    assert STUB.exists(), "the package is marked typed (py.typed) but ships no stub of _herald"
    stub = _stub_signatures()
    names = [n for n in dir(_herald) if not n.startswith("_") and callable(getattr(_herald, n))]
    for name in names:
        obj = getattr(_herald, name)
        if inspect.isclass(obj):
            methods = [m for m in vars(obj) if not m.startswith("_")]
            for m in methods:
                assert stub.get(f"{name}.{m}") == _runtime(getattr(obj, m)), f"{name}.{m}"
            # The constructor: Store(path, create=True).
            assert stub.get(f"{name}.__init__") == _runtime(obj)
        else:
            assert stub.get(name) == _runtime(obj), name
    assert set(stub) - {f"Store.{m}" for m in ["__init__"]} <= set(names) | {
        f"Store.{m}" for m in vars(_herald.Store)
    }
