"""One helper says that one field is invalid: the message for the page and for the field."""

import ast
from pathlib import Path

import pooling
from pooling.errors import InvalidInput, invalid_field


def test_the_message_goes_to_the_page_and_to_its_field():
    error = invalid_field("quantity", "Give a quantity above 0.")
    assert isinstance(error, InvalidInput) and error.status == 422
    assert error.message == "Give a quantity above 0."
    assert error.fields == {"quantity": ["Give a quantity above 0."]}


def _spelled_out(call: ast.Call) -> bool:
    """`InvalidInput(message, fields={name: [message]})`: what invalid_field makes."""
    if getattr(call.func, "id", None) != "InvalidInput" or not call.args:
        return False
    fields = {k.arg: k.value for k in call.keywords}.get("fields")
    return (isinstance(fields, ast.Dict) and len(fields.values) == 1
            and isinstance(fields.values[0], ast.List) and len(fields.values[0].elts) == 1
            and ast.dump(fields.values[0].elts[0]) == ast.dump(call.args[0]))


def test_no_module_spells_the_helper_out_again():
    root = Path(pooling.__file__).parent
    copies = []
    for path in root.rglob("*.py"):
        if path == root / "errors.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        copies += [f"{path.relative_to(root.parent)}:{node.lineno}" for node in ast.walk(tree)
                   if isinstance(node, ast.Call) and _spelled_out(node)]
        copies += [f"{path.relative_to(root.parent)}:{node.lineno} defines {node.name}"
                   for node in ast.walk(tree)
                   if isinstance(node, ast.FunctionDef) and node.name == "_invalid"]
    assert not copies, "\n".join(sorted(copies))
