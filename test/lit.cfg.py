# -*- Python -*-  lit configuration of the corosafe test suite.
import os
import shutil

import lit.formats

config.name = "corosafe"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".test"]
config.excludes = ["OutputTest.cpp", "Inputs", "CMakeLists.txt", "tools", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.corosafe_obj_root, "test")

tools = os.path.join(config.corosafe_src_root, "test", "tools")
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, os.environ.get("PATH", "")])
for var in ["HOME", "TERM", "COROSAFE_TOOLS_DIR", "COROSAFE_SARIF_SCHEMA",
            "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]
# Hermetic runs: no test sees the git repository the suite is run from (its
# remotes would change the SARIF provenance), and the CLI's default cache
# (without -p) goes under the build tree, not the user's home.
config.environment["GIT_CEILING_DIRECTORIES"] = config.test_exec_root
config.environment["XDG_CACHE_HOME"] = os.path.join(config.test_exec_root, ".cache")
config.environment["COROSAFE_BIN"] = config.corosafe_bin
config.environment["COROSAFE_PLUGIN"] = config.corosafe_plugin
config.environment["COROSAFE_CLANG_TIDY"] = config.clang_tidy
config.environment["COROSAFE_SRC_ROOT"] = config.corosafe_src_root

config.substitutions.append(("%corosafe", config.corosafe_bin))
config.substitutions.append(("%plugin", config.corosafe_plugin))
config.substitutions.append(("%other-clang-tidy", config.other_clang_tidy))
config.substitutions.append(("%clang-tidy", config.clang_tidy))
# The LLVM major version the CLI and the plugin are built against (19 or 22),
# the other supported one, and the clang-tidy of the other one when installed.
config.substitutions.append(("%other-llvm-major", config.other_llvm_major))
config.substitutions.append(("%llvm-major", config.llvm_major))
config.available_features.add("llvm-" + config.llvm_major)
if config.other_clang_tidy:
    config.available_features.add("other-clang-tidy")
config.substitutions.append(("%check-rule", "bash " + os.path.join(tools, "check-rule.sh")))
config.substitutions.append(("%validate-sarif", "bash " + os.path.join(tools, "validate-sarif.sh")))
config.substitutions.append(("%expect-exit", "bash " + os.path.join(tools, "expect-exit.sh")))
config.substitutions.append(("%output-test", config.output_test_bin))
config.substitutions.append(("%fuzz-replay", os.path.join(config.corosafe_obj_root, "fuzz")))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%src_root", config.corosafe_src_root))
# The same scenario is compiled against Boost.Asio and standalone asio.
config.substitutions.append(("%boost-flags", "-std=c++20 -I" + os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(("%asio-flags", "-std=c++20 -DCOROSAFE_TEST_STANDALONE_ASIO -DASIO_HAS_CO_AWAIT=1 -I" + os.path.join(config.test_source_root, "Inputs")))
# test/bazel runs the Bazel aspect of bazel/ with Debian's bazel-bootstrap
# (scripts/install-deps.sh --with-test-tools installs it).
if shutil.which("bazel"):
    config.available_features.add("bazel")
