#!/usr/bin/env python3
"""check-user-half.py <db-dir> <out>

The user half's copies of the driver's files are kernel C. Until the
kernel environment (kenv) builds and links them, this checks what can be
checked without it: each one compiles (gcc -S to /dev/null, so that
unused-definition warnings are reported too) with the original file's
compile command from the database, and warns about nothing the original file does not warn about.
"""
import json
import os
import re
import shlex
import subprocess
import sys


def command_for(entry, source):
    args = entry.get("arguments") or shlex.split(entry["command"])
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg == "-o":
            skip = True
            continue
        if arg == "-c" or arg.startswith("-Wp,-MMD") or arg.startswith("-Wp,-MD"):
            continue
        if arg == entry["file"] or os.path.basename(arg) == os.path.basename(entry["file"]):
            continue
        out.append(arg)
    return out + ["-S", "-o", "/dev/null", source]


def warnings(entry, source):
    proc = subprocess.run(command_for(entry, source), cwd=entry["directory"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    found = sorted({re.sub(r"^.*?:\d+:\d+: ", "", line)
                    for line in proc.stdout.splitlines() if ": warning: " in line})
    return proc.returncode, proc.stdout, found


def main(db_dir, out):
    with open(os.path.join(db_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    failed, checked = False, 0
    for entry in entries:
        name = os.path.basename(entry["file"])
        half = os.path.join(os.path.abspath(out), "user", name)
        if not os.path.exists(half):
            continue  # a database of several drivers (the fixtures)
        checked += 1
        _, _, before = warnings(entry, entry["file"])
        status, log, after = warnings(entry, half)
        new = [w for w in after if w not in before]
        if status != 0 or new:
            print(log, file=sys.stderr)
            print(f"{half}: " + ("does not compile" if status else f"new warnings: {new}"),
                  file=sys.stderr)
            failed = True
        else:
            print(f"{name}: user half compiles, no new warnings")
    if not checked:
        print(f"{out}/user holds none of the database's files", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
