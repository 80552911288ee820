# SPDX-License-Identifier: MIT
"""kcc.py (the compilation recipe) and gen_downcalls.py error paths."""
import json
import os
import shlex
import subprocess
import sys
import tempfile
import unittest

KENV = os.environ["KENV_DIR"]
COMPDB = os.environ["KENV_COMPDB"]
HERE = os.path.dirname(os.path.abspath(__file__))


def kcc(*args):
    return subprocess.run([sys.executable, os.path.join(KENV, "kcc.py"), *args],
                          capture_output=True, text=True)


class RecipeTest(unittest.TestCase):
    def setUp(self):
        with open(COMPDB) as f:
            self.entry = json.load(f)[0]

    def printed(self):
        r = kcc("--compdb", COMPDB, "--file", self.entry["file"], "-o", "/tmp/x.o",
                "--print")
        self.assertEqual(r.returncode, 0, r.stderr)
        return shlex.split(r.stdout)

    def test_kernel_codegen_flags_are_replaced(self):
        args = self.printed()
        for flag in ("-mcmodel=kernel", "-pg", "-mfentry", "-mrecord-mcount",
                     "-fstack-protector-strong", "-mskip-rax-setup",
                     "-mpreferred-stack-boundary=3", "-mharden-sls=all",
                     "-mindirect-branch=thunk-extern", "-fconserve-stack",
                     "-ftrivial-auto-var-init=zero"):
            self.assertNotIn(flag, args)
        self.assertIn("-fno-stack-protector", args)
        self.assertFalse(any(a.startswith("-Wp,-MMD") for a in args))

    def test_headers_config_and_debug_info_are_kept(self):
        args = self.printed()
        for flag in ("-nostdinc", "-D__KERNEL__", "-DMODULE", "-g", "-O2"):
            self.assertIn(flag, args)
        includes = [args[i + 1] for i, a in enumerate(args) if a == "-include"]
        self.assertTrue(any(p.endswith("linux/kconfig.h") for p in includes))
        self.assertEqual(args[-4:-1], ["-c", "-o", "/tmp/x.o"])

    def test_sanitize_adds_asan_and_ubsan(self):
        r = kcc("--compdb", COMPDB, "--file", self.entry["file"], "-o", "/tmp/x.o",
                "--print", "--sanitize")
        self.assertIn("-fsanitize=address,undefined", shlex.split(r.stdout))

    def test_unknown_file_names_the_database_entries(self):
        r = kcc("--compdb", COMPDB, "--file", "/nonexistent/foo.c", "-o", "/tmp/x.o")
        self.assertEqual(r.returncode, 1)
        self.assertIn("/nonexistent/foo.c: no entry in the compile database", r.stderr)
        self.assertIn(os.path.basename(self.entry["file"]), r.stderr)

    def test_compiler_error_is_reported_with_the_command(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "broken.c")
            with open(src, "w") as f:
                f.write("int broken(void) { return undeclared; }\n")
            r = kcc("--compdb", COMPDB, "--like", "any", "--source", src,
                    "--modname", "t", "-o", os.path.join(tmp, "b.o"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("broken.c:1", r.stderr)
        self.assertIn("kcc: error:", r.stderr)


class GenDowncallsTest(unittest.TestCase):
    def test_unknown_function_is_reported_at_its_table_line(self):
        table = os.path.join(HERE, "fixtures", "bad_downcalls.txt")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "stubs.c")
            r = subprocess.run([sys.executable, os.path.join(KENV, "gen_downcalls.py"),
                                "--compdb", COMPDB, "--table", table, "-o", out],
                               capture_output=True, text=True)
            self.assertFalse(os.path.exists(out))
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{table}:5: no_such_kernel_function is not declared as an "
                      "external function", r.stderr)


if __name__ == "__main__":
    unittest.main()
