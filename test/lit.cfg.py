# -*- Python -*-
import os
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "TESSERA"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tessera_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%tessera_src_root", config.tessera_src_root))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
# `not`, `count` and FileCheck live next to LLVM's other tools.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.use_default_substitutions()

tool_dirs = [config.tessera_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["tessera-opt", "tessera-translate", "tessera-compile"], tool_dirs)

# ptxas, when the CUDA toolkit is installed: tests that assemble our PTX
# REQUIRE it and are skipped cleanly elsewhere.
ptxas = shutil.which("ptxas") or (
    "/usr/local/cuda/bin/ptxas" if os.path.exists("/usr/local/cuda/bin/ptxas") else None)
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))

# GPU tests run only where a CUDA device is visible (never in CI).
if os.environ.get("TESSERA_GPU") == "1":
    config.available_features.add("cuda-gpu")
