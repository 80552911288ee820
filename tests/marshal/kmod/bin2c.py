#!/usr/bin/env python3
"""Writes a binary file as a C array for the kernel self-test module."""
import sys

name, src, dst = sys.argv[1:4]
data = open(src, "rb").read()
lines = [", ".join("0x%02x" % b for b in data[i:i + 12]) for i in range(0, len(data), 12)]
with open(dst, "w") as out:
    out.write("/* Generated from %s: do not edit. */\n" % src.rsplit("/", 1)[-1])
    out.write("static const u8 %s[%d] = {\n\t%s,\n};\n" % (name, len(data), ",\n\t".join(lines)))
