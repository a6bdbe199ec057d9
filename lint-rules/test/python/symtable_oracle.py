"""CPython's symtable as an oracle for nbcraft's scope pass (used by symtable-oracle.test.ts).

Reads a JSON list of Python sources on stdin; writes a JSON list, one entry per source:
{"ok": false, "parses": bool, "error": "..."} when CPython does not parse / compile it, else
{"ok": true, "parses": true, "assigned": [...], "referenced": [...], "nested_global_refs": [...]}
- assigned: module-scope names symtable marks assigned or imported (incl. its artefacts:
  annotation-only `x: T` and `except ... as e` targets, and `del x` targets);
- referenced: module-scope names read at module level;
- nested_global_refs: names read in any nested scope (def, lambda, class, comprehension)
  that resolve to the module (global implicit or explicit).
"""
import ast
import json
import symtable
import sys


def nested_refs(table, out):
    for child in table.get_children():
        for sym in child.get_symbols():
            name = sym.get_name()
            if name.startswith('.'):
                continue
            if sym.is_referenced() and sym.is_global():
                out.add(name)
        nested_refs(child, out)


def analyse(source):
    # "parses": the grammar accepts it (what lezer is compared with); "ok": it also compiles,
    # which adds the compiler's checks (return outside a function, misplaced __future__ ...)
    try:
        ast.parse(source, "<cell>", "exec")
    except (SyntaxError, ValueError) as e:
        return {"ok": False, "parses": False, "error": f"{type(e).__name__}: {e}"}
    try:
        compile(source, "<cell>", "exec", dont_inherit=True)
        top = symtable.symtable(source, "<cell>", "exec")
    except (SyntaxError, ValueError) as e:
        return {"ok": False, "parses": True, "error": f"{type(e).__name__}: {e}"}
    assigned, referenced = set(), set()
    for sym in top.get_symbols():
        name = sym.get_name()
        if sym.is_assigned() or sym.is_imported():
            assigned.add(name)
        if sym.is_referenced():
            referenced.add(name)
    nested = set()
    nested_refs(top, nested)
    return {
        "ok": True,
        "parses": True,
        "assigned": sorted(assigned),
        "referenced": sorted(referenced),
        "nested_global_refs": sorted(nested),
    }


def main():
    sources = json.load(sys.stdin)
    json.dump([analyse(s) for s in sources], sys.stdout)


if __name__ == "__main__":
    main()
