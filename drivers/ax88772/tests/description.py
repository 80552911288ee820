#!/usr/bin/env python3
"""description.py <codec dir>

The asix description `split-driver marshal` wrote for the split (issue 7):
format version 2 with its schema and in-place C codec beside it, and the
answers of drivers/ax88772/ax88772.annotations where they land: usbnet is
the net_device's private area, dev_addr is addr_len bytes, driver_priv is
the AX88772's asix_common_private, phylink (only declared in the headers)
crosses opaque, struct device lives inside other objects.
"""
import json
import os
import sys


def field(types, type_name, field_name):
    for f in types.get(type_name, {}).get("fields", []):
        if f["name"] == field_name:
            return f
    return None


def check(types, failures):
    expect = [
        ("net_device", "private_area", {"type": "ref", "target": "usbnet"}),
        ("net_device", "dev_addr", {"type": "bytes", "length": "addr_len"}),
        ("net_device", "addr_len", {"type": "u8"}),
        ("usbnet", "driver_priv", {"type": "ref", "target": "asix_common_private"}),
        ("usbnet", "net", {"type": "ref", "target": "net_device"}),
        ("asix_common_private", "phylink", {"type": "opaque"}),
        ("asix_common_private", "mdio", {"type": "ref", "target": "mii_bus"}),
        ("mii_bus", "priv", {"type": "ref", "target": "usbnet"}),
        ("mii_bus", "name", {"type": "string"}),
        ("mii_bus", "read", {"type": "fnptr"}),
        ("device", "driver_data", {"type": "ref", "target": "usbnet"}),
    ]
    for type_name, field_name, keys in expect:
        f = field(types, type_name, field_name)
        if f is None:
            failures.append(f"{type_name}.{field_name}: not described")
            continue
        for key, value in keys.items():
            if f.get(key) != value:
                failures.append(f"{type_name}.{field_name}: {key} is {f.get(key)!r}, "
                                f"expected {value!r}")
    alloc = types.get("net_device", {}).get("alloc_size", "")
    if "sizeof(struct usbnet)" not in alloc:
        failures.append(f"net_device.alloc_size {alloc!r} does not hold a struct usbnet")
    for name in ("device", "usbnet"):
        if not types.get(name, {}).get("interior"):
            failures.append(f"type {name} is not interior")
    if "phylink" in types:
        failures.append("struct phylink (only declared in the headers) is described")


def main(codec):
    failures = []
    for name in ("asix.marshal.json", "asix.capnp", "asix_sdm.h", "asix_sdm.c"):
        if not os.path.isfile(os.path.join(codec, name)):
            failures.append(f"no {name} in {codec}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    with open(os.path.join(codec, "asix.marshal.json")) as f:
        doc = json.load(f)
    if doc.get("version") != 2 or doc.get("driver") != "asix":
        failures.append(f"version {doc.get('version')!r}, driver {doc.get('driver')!r}: "
                        "expected 2, asix")
    if "" in doc.get("includes", []):
        failures.append("an empty name among the includes")
    types = {t["name"]: t for t in doc["types"]}
    check(types, failures)
    with open(os.path.join(codec, "asix_sdm.c")) as f:
        asserts = f.read().count("_Static_assert")
    if asserts == 0:
        failures.append("asix_sdm.c checks no layout at compile time")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    fields = sum(len(t["fields"]) for t in doc["types"])
    print(f"asix description: {len(types)} types, {fields} fields, "
          f"{asserts} compile-time layout checks")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
