"""Tests of scripts/driver-source against the real linux-source package.

The build tree's cache (filled by the linux-source-cache target) is reused, so
these tests never repeat the xz pass.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

TOOL = os.environ["DRIVER_SOURCE_TOOL"]
CACHE = os.environ["LINUX_SOURCE_CACHE"]
HEADERS = os.environ["KERNEL_HEADERS_DIR"]


def run(*args):
    return subprocess.run([sys.executable, TOOL, "--cache", CACHE, *args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class ExtractTest(unittest.TestCase):
    def test_extracts_a_driver_directory_and_a_single_file(self):
        with tempfile.TemporaryDirectory() as out:
            proc = run("extract", "--out", out, "drivers/net/ethernet/realtek",
                       "drivers/net/usb/asix.h")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertTrue(os.path.isfile(os.path.join(out, "drivers/net/ethernet/realtek/8139too.c")))
            self.assertTrue(os.path.isfile(os.path.join(out, "drivers/net/usb/asix.h")))
            self.assertFalse(os.path.exists(os.path.join(out, "drivers/net/usb/asix_common.c")))

    def test_unknown_path_is_named_in_the_error(self):
        with tempfile.TemporaryDirectory() as out:
            proc = run("extract", "--out", out, "drivers/net/ethernet/intel/e1000",
                       "drivers/net/no-such-driver")
            self.assertEqual(proc.returncode, 1)
            self.assertIn("drivers/net/no-such-driver: not in linux-source-6.1.tar.xz", proc.stderr)
            self.assertEqual(os.listdir(out), [], "nothing extracted on error")


class CompdbTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        proc = run("extract", "--out", cls.tmp.name, "drivers/net/ethernet/realtek",
                   "drivers/net/usb")
        assert proc.returncode == 0, proc.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def compdb(self, rel, *extra):
        # one output and work directory per test, so no test sees another's files
        tag = self.id().rsplit(".", 1)[-1]
        out = os.path.join(self.tmp.name, "out", tag, "compile_commands.json")
        proc = run("compdb", "--headers", HEADERS, "--src", os.path.join(self.tmp.name, rel),
                   "--work", os.path.join(self.tmp.name, "work", tag),
                   "-o", out, *extra)
        return proc, out

    def test_directory_with_several_modules_builds_those_its_config_enables(self):
        # drivers/net/ethernet/realtek: the Makefile's obj-$(CONFIG_...) lines decide
        proc, out = self.compdb("drivers/net/ethernet/realtek", "--module", "8139too")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(out) as f:
            entries = json.load(f)
        files = sorted(os.path.basename(e["file"]) for e in entries)
        self.assertEqual(files, ["8139too.c"])
        self.assertEqual(entries[0]["directory"], HEADERS)
        self.assertIn("-D__KERNEL__", entries[0]["command"])
        self.assertIn("-DKBUILD_MODNAME='\"8139too\"'", entries[0]["command"])

    def test_composite_module_lists_every_object(self):
        proc, out = self.compdb("drivers/net/usb", "--module", "asix")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(out) as f:
            files = sorted(os.path.basename(e["file"]) for e in json.load(f))
        self.assertEqual(files, ["asix_common.c", "asix_devices.c", "ax88172a.c"])

    def test_module_the_makefile_does_not_build_is_an_error(self):
        proc, out = self.compdb("drivers/net/usb", "--module", "no_such_module")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("does not build against", proc.stderr)
        self.assertIn("--module names none of them", proc.stderr)
        self.assertFalse(os.path.exists(out))

    def test_missing_directory_is_an_error(self):
        proc, out = self.compdb("drivers/net/not-here")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("not-here: no such driver directory", proc.stderr)


if __name__ == "__main__":
    unittest.main()
