# -*- Python -*-
# The gtest unit tests (unittests/) as a lit suite: each gtest is one lit
# test, so `lit build/test` runs and counts them with the regression tests.
import os

import lit.formats

config.name = "TESSERA-Unit"
config.suffixes = []

unittests_dir = getattr(config, "tessera_unittests_dir", None)
if unittests_dir is None:
    # Reached from the source tree without the build's site config: nothing
    # to run (configure with CMake to get the unit tests).
    config.test_format = lit.formats.ShTest()
    config.test_source_root = os.path.dirname(__file__)
    config.unsupported = True
else:
    config.test_source_root = unittests_dir
    config.test_exec_root = unittests_dir
    config.test_format = lit.formats.GoogleTest(".", "Tests")
