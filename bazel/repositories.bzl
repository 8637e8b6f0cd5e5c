"""WORKSPACE setup for corosafe's Bazel aspect (docs/bazel.md).

    local_repository(name = "corosafe", path = "/path/to/corosafe/bazel")
    load("@corosafe//:repositories.bzl", "corosafe_repositories")
    corosafe_repositories()

defines @corosafe_tool (the corosafe executable the aspect runs) and, with
offline = True, @rules_cc and @rules_java as small local stand-ins that
forward to Bazel's native rules, so that Bazel 4 builds cc_* targets with no
download. Call it before anything else defines those two repositories.
"""

def _corosafe_tool_impl(rctx):
    path = rctx.attr.path
    if not path:
        found = rctx.which("corosafe")
        if not found:
            fail("corosafe_repositories: no 'corosafe' on PATH; give " +
                 "corosafe_repositories(corosafe = \"/abs/path/to/corosafe\")")
        path = str(found)
    if not rctx.path(path).exists:
        fail("corosafe_repositories: '%s' does not exist" % path)
    rctx.symlink(path, "corosafe")
    rctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % rctx.name)
    rctx.file("BUILD", "exports_files([\"corosafe\"], visibility = [\"//visibility:public\"])\n")

_corosafe_tool = repository_rule(
    implementation = _corosafe_tool_impl,
    attrs = {"path": attr.string()},
    local = True,
    environ = ["PATH"],
)

def _stand_in_impl(rctx):
    # The stand-in's package lives in @corosafe//offline/<name>/<pkg>.
    name, pkg = rctx.attr.stand_in, rctx.attr.package
    defs = rctx.path(Label("//offline/%s/%s:defs.bzl" % (name, pkg)))
    rctx.symlink(defs.dirname, pkg)
    rctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % rctx.name)
    rctx.file("BUILD", "")

_stand_in = repository_rule(
    implementation = _stand_in_impl,
    attrs = {
        "stand_in": attr.string(mandatory = True),
        "package": attr.string(mandatory = True),
    },
    local = True,
)

def corosafe_repositories(corosafe = "", offline = True):
    """Defines the repositories the aspect needs.

    Args:
      corosafe: absolute path of the corosafe executable (default: the one
        on PATH when Bazel fetches the repository).
      offline: also define @rules_cc and @rules_java as local stand-ins (for
        Bazel 4 with no network; leave False when they come from elsewhere).
    """
    _corosafe_tool(name = "corosafe_tool", path = corosafe)
    if offline:
        if not native.existing_rule("rules_cc"):
            _stand_in(name = "rules_cc", stand_in = "rules_cc", package = "cc")
        if not native.existing_rule("rules_java"):
            _stand_in(name = "rules_java", stand_in = "rules_java", package = "java")
