#!/usr/bin/env python3
"""check_arch.py - the architecture, checked on every test run.

usage: scripts/check_arch.py BUILD_DIR

1. Layers. The library's folders form layers; a file may include and call
   only its own folder and the layers below it, never a sibling or a layer
   above (so no circle between folders is possible):

       base < text, lists < index < match < group < scan

   Includes are read from the sources; calls from the object files in
   BUILD_DIR/src (the symbols each object needs, resolved to the folder
   that defines them), so that a call through the public API counts too.
2. Exports. BUILD_DIR/libembargo.so exports exactly the functions that
   include/embargo.h declares with EMBARGO_API: nothing internal leaks, and
   nothing public is missing.

Prints one line per finding and a summary; exits 1 on any finding.
"""
import os
import re
import subprocess
import sys

LAYERS = {"base": 0, "text": 1, "lists": 1, "index": 2, "match": 3, "group": 4, "scan": 5}


def may_use(user, used):
    return user == used or LAYERS[used] < LAYERS[user]


def nm(path, *flags):
    out = subprocess.run(["nm", *flags, path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            yield parts[-2], parts[-1]  # type, name


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    src = os.path.join(root, "src")
    problems = []

    folders = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    for d in folders:
        if d not in LAYERS:
            problems.append(f"src/{d}: a folder no layer names (add it to LAYERS in {sys.argv[0]})")
    inc = re.compile(r'^\s*#\s*include\s+"\.\./([a-z_]+)/')
    for d in folders:
        for f in sorted(os.listdir(os.path.join(src, d))):
            if not f.endswith((".c", ".h")):
                continue
            with open(os.path.join(src, d, f), encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    m = inc.match(line)
                    if m and m.group(1) in LAYERS and d in LAYERS and not may_use(d, m.group(1)):
                        problems.append(f"src/{d}/{f}:{n}: includes {m.group(1)}/, a layer above or beside {d}/")

    objs = {}
    for d in folders:
        od = os.path.join(build, "src", d)
        if os.path.isdir(od):
            objs[d] = [os.path.join(od, f) for f in sorted(os.listdir(od)) if f.endswith(".o")]
    owner = {}
    for d, files in objs.items():
        for o in files:
            for t, name in nm(o, "--defined-only"):
                if t in "TDBRC":
                    owner[name] = d
    calls = 0
    for d, files in objs.items():
        for o in files:
            for t, name in nm(o, "-u"):
                used = owner.get(name)
                if used is None or d not in LAYERS:
                    continue
                calls += 1
                if not may_use(d, used):
                    problems.append(f"{os.path.relpath(o, build)}: uses {name} of {used}/, a layer above or beside {d}/")

    shlib = os.path.join(build, "libembargo.so")
    with open(os.path.join(root, "include", "embargo.h"), encoding="utf-8") as fh:
        header = fh.read()
    declared = set(re.findall(r"EMBARGO_API[^;(]*?\b(embargo_\w+)\s*\(", header))
    exported = set()
    if os.path.exists(shlib):
        exported = {name for t, name in nm(shlib, "-D", "--defined-only") if t in "TDBRW" and not name.startswith("_")}
    else:
        problems.append(f"{shlib}: not built")
    for name in sorted(exported - declared):
        problems.append(f"libembargo.so exports {name}, which embargo.h does not declare")
    for name in sorted(declared - exported):
        problems.append(f"libembargo.so lacks {name}, which embargo.h declares")

    for p in problems:
        print("check-arch: " + p)
    print(f"check-arch: {len(folders)} folders, {calls} calls between objects, "
          f"{len(exported)} exported functions; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
