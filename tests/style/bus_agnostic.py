#!/usr/bin/env python3
"""The toolchain's generic core names no bus API (docs/design/buses.md).

Every identifier of a bus's API (pci_*, *_usb_*, urb, ...) belongs in that
bus's folder of a layer (kernel-stub/pci/, user-runtime/kenv/pci/, ...) or
in its data (annotations/kernel-api/<bus>.rules); the generic core of
analyzer/, splitter/, marshal/, kernel-stub/, user-runtime/ and the CLI is
checked here, comments included.

usage: bus_agnostic.py <source-root>
"""
import pathlib
import re
import subprocess
import sys

BUSES = ("pci", "pcix", "pcie", "usb", "usbnet", "urb")
CORE = ("analyzer", "splitter", "marshal", "kernel-stub", "user-runtime", "tools/split-driver")
SUFFIXES = {".c", ".h", ".cc", ".cpp", ".py", ".txt", ".in", ".cmake"}
# kenv's list of kernel functions the user half calls down to: data read by
# name, not code (one list, one id space for every bus).
DATA = {"user-runtime/kenv/downcalls.txt"}

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def names_a_bus(identifier):
    parts = identifier.split("_")
    if len(parts) == 1:
        return identifier in ("urb", "urbs")
    return any(part in BUSES for part in parts)


def bus_folder(path):
    return any(part in BUSES for part in pathlib.PurePosixPath(path).parts[:-1])


def main():
    root = pathlib.Path(sys.argv[1])
    files = subprocess.run(["git", "-C", str(root), "ls-files", *CORE], check=True,
                           capture_output=True, text=True).stdout.split()
    hits = []
    for path in files:
        if path in DATA or bus_folder(path) or "/tests/" in f"/{path}":
            continue
        if pathlib.PurePosixPath(path).suffix not in SUFFIXES and \
                pathlib.PurePosixPath(path).name != "CMakeLists.txt":
            continue
        text = (root / path).read_text(errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            for match in IDENTIFIER.finditer(line):
                if names_a_bus(match.group()):
                    hits.append(f"{path}:{number}:{match.start() + 1}: names the bus API "
                                f"identifier '{match.group()}': it belongs in a bus folder "
                                f"or the bus's rules")
    for hit in hits:
        print(hit)
    print(f"bus_agnostic: {len(files)} files, {len(hits)} bus identifiers in the generic core")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
