"""corosafe as a Bazel aspect (docs/bazel.md).

corosafe_aspect runs corosafe's per-TU step on each C++ source of a cc_*
target and of its deps: one action per source, with the source, the headers
of the target's compilation context, the corosafe executable and the
configuration file as declared inputs and one facts file as output. The facts
files are the output group "corosafe_facts":

    bazel build //... --aspects=@corosafe//:corosafe.bzl%corosafe_aspect \\
        --output_groups=corosafe_facts

corosafe_report merges the facts of its deps (and of their deps) into a SARIF
log and a text report, as `corosafe -p` reports the same sources.
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")

CorosafeInfo = provider(
    doc = "The facts files of a target and its deps, and the files the merge reads.",
    fields = {
        "facts": "depset of facts files (one per C++ source)",
        "sources": "depset of the sources and headers the facts name (the merge reads them for suppression comments)",
    },
)

_CXX_EXTENSIONS = ["cc", "cpp", "cxx", "c++", "C", "cu"]

# Flags of GCC that Clang does not know (an unknown argument is an error for
# it): Bazel's toolchain for GCC adds them, corosafe's Clang drops them.
_GCC_ONLY_FLAGS = [
    "-fno-canonical-system-headers",
    "-fno-tree-vrp",
    "-Wno-free-nonheap-object",
    "-Wunused-but-set-parameter",
]

# The attributes of cc_* rules the aspect follows.
_DEP_ATTRS = ["deps", "implementation_deps"]

def _facts_name(ctx, src):
    # Unique within the target's package: the target's name and the source's
    # path below the package (two targets may share a source).
    # A source of another repository has a short path "../REPO/...".
    rel = src.short_path
    if rel.startswith("../"):
        rel = "external/" + rel[len("../"):]
    elif ctx.label.package and rel.startswith(ctx.label.package + "/"):
        rel = rel[len(ctx.label.package) + 1:]
    return "_corosafe/%s/%s.facts.json" % (ctx.label.name, rel)

def _includes_args(cc_ctx):
    """The -iquote/-I/-isystem arguments of a compilation context.

    Directories of the `includes` attribute are system includes for Bazel;
    those of the main repository are passed as -I here, so that corosafe sees
    their headers as user code (it records nothing about system headers).
    Those of external repositories stay -isystem.
    """
    args = []
    for d in cc_ctx.quote_includes.to_list():
        args += ["-iquote", d]
    for d in cc_ctx.includes.to_list():
        args += ["-I", d]
    system = []
    for d in cc_ctx.system_includes.to_list():
        if d.startswith("external/") or "/external/" in d:
            system += ["-isystem", d]
        else:
            args += ["-I", d]
    for d in getattr(cc_ctx, "framework_includes", depset()).to_list():
        args += ["-F", d]
    return args + system

def _compile_args(ctx, cc_toolchain, feature_configuration, cc_ctx, src, out):
    """The C++ compile command of the toolchain for src, as a list."""
    copts = []
    copts += ctx.fragments.cpp.copts
    copts += ctx.fragments.cpp.cxxopts
    copts += [ctx.expand_make_variables("copts", c, {}) for c in getattr(ctx.rule.attr, "copts", [])]
    defines = [cc_ctx.defines]
    if hasattr(cc_ctx, "local_defines"):
        defines.append(cc_ctx.local_defines)
    variables = cc_common.create_compile_variables(
        feature_configuration = feature_configuration,
        cc_toolchain = cc_toolchain,
        user_compile_flags = copts,
        source_file = src.path,
        output_file = out,
        preprocessor_defines = depset(transitive = defines),
    )
    cmd = cc_common.get_memory_inefficient_command_line(
        feature_configuration = feature_configuration,
        action_name = "c++-compile",
        variables = variables,
    )
    compiler = cc_common.get_tool_for_action(
        feature_configuration = feature_configuration,
        action_name = "c++-compile",
    )

    # The include directories go before the user's flags, as Bazel's own
    # compile action has them; the command ends with `-c SRC -o OUT`.
    return [compiler] + _includes_args(cc_ctx) + [a for a in cmd if a not in _GCC_ONLY_FLAGS]

def _corosafe_aspect_impl(target, ctx):
    deps = []
    for attr in _DEP_ATTRS:
        for d in getattr(ctx.rule.attr, attr, []):
            if CorosafeInfo in d:
                deps.append(d[CorosafeInfo])
    facts = []
    sources = []
    # Targets of external repositories (third-party code) are not analyzed;
    # the aspect still goes through them to the targets they depend on.
    if CcInfo in target and hasattr(ctx.rule.attr, "srcs") and not ctx.label.workspace_root:
        cc_toolchain = find_cpp_toolchain(ctx)
        feature_configuration = cc_common.configure_features(
            ctx = ctx,
            cc_toolchain = cc_toolchain,
            requested_features = ctx.features,
            unsupported_features = ctx.disabled_features,
        )
        cc_ctx = target[CcInfo].compilation_context
        headers = cc_ctx.headers
        config = ctx.file._config
        for src_target in ctx.rule.attr.srcs:
            for src in src_target.files.to_list():
                if src.extension not in _CXX_EXTENSIONS:
                    continue
                out = ctx.actions.declare_file(_facts_name(ctx, src))
                unused = ctx.actions.declare_file(out.basename[:-len(".facts.json")] + ".unused", sibling = out)
                args = ctx.actions.args()
                args.add(ctx.executable._corosafe)
                args.add(config)
                args.add(out)
                args.add(unused)
                args.add(src)
                args.add_all(headers)
                args.add("--")
                args.add_all(_compile_args(ctx, cc_toolchain, feature_configuration, cc_ctx, src, out.path[:-len(".facts.json")] + ".o"))
                args.use_param_file("@%s", use_always = True)
                args.set_param_file_format("multiline")
                ctx.actions.run(
                    executable = ctx.executable._tu_wrapper,
                    arguments = [args],
                    inputs = depset([src, config], transitive = [headers]),
                    tools = [ctx.executable._corosafe],
                    outputs = [out, unused],
                    unused_inputs_list = unused,
                    mnemonic = "CorosafeFacts",
                    progress_message = "corosafe: analyzing %s" % src.short_path,
                )
                facts.append(out)
                sources.append(src)
        sources_depset = depset(sources, transitive = [headers])
    else:
        sources_depset = depset()
    facts_depset = depset(facts, transitive = [d.facts for d in deps])
    return [
        CorosafeInfo(
            facts = facts_depset,
            sources = depset(transitive = [sources_depset] + [d.sources for d in deps]),
        ),
        OutputGroupInfo(corosafe_facts = facts_depset),
    ]

def _exec_file(label):
    """An executable file the actions run on the execution platform."""
    return attr.label(
        default = Label(label),
        executable = True,
        cfg = "exec",
        allow_single_file = True,
    )

corosafe_aspect = aspect(
    implementation = _corosafe_aspect_impl,
    attr_aspects = _DEP_ATTRS,
    fragments = ["cpp"],
    attrs = {
        "_cc_toolchain": attr.label(default = Label("@bazel_tools//tools/cpp:current_cc_toolchain")),
        "_corosafe": _exec_file("@corosafe_tool//:corosafe"),
        "_tu_wrapper": _exec_file("//:corosafe_tu.sh"),
        "_config": attr.label(default = Label("//:config"), allow_single_file = True),
    },
    doc = "Runs corosafe's per-TU step on every C++ source of cc_* targets (output group corosafe_facts).",
)

def _corosafe_report_impl(ctx):
    infos = [d[CorosafeInfo] for d in ctx.attr.deps]
    facts = depset(transitive = [i.facts for i in infos])
    sources = depset(transitive = [i.sources for i in infos])
    sarif = ctx.actions.declare_file(ctx.label.name + ".sarif")
    text = ctx.actions.declare_file(ctx.label.name + ".txt")
    args = ctx.actions.args()
    args.add(ctx.executable._corosafe)
    args.add(sarif)
    args.add(text)
    args.add("1" if ctx.attr.fail_on_findings else "0")
    args.add("1" if ctx.attr.allow_partial else "0")
    args.add_all(ctx.attr.merge_args)
    args.add("--")
    args.add_all(facts)
    args.use_param_file("@%s", use_always = True)
    args.set_param_file_format("multiline")
    ctx.actions.run(
        executable = ctx.executable._merge_wrapper,
        arguments = [args],
        inputs = depset(transitive = [facts, sources]),
        tools = [ctx.executable._corosafe],
        outputs = [sarif, text],
        mnemonic = "CorosafeMerge",
        progress_message = "corosafe: merging the facts of %s" % ctx.label,
    )
    return [
        DefaultInfo(files = depset([sarif, text])),
        OutputGroupInfo(corosafe_facts = facts),
    ]

corosafe_report = rule(
    implementation = _corosafe_report_impl,
    attrs = {
        "deps": attr.label_list(
            aspects = [corosafe_aspect],
            doc = "cc_* targets whose sources (and their deps' sources) are merged",
        ),
        "fail_on_findings": attr.bool(
            default = False,
            doc = "Fail the build when the merge reports a finding at or above --fail-on (exit status 1)",
        ),
        "allow_partial": attr.bool(
            default = False,
            doc = "Do not fail the build when some translation unit could not be analyzed (exit status 3)",
        ),
        "merge_args": attr.string_list(
            doc = "More options of `corosafe merge` (--fail-on, --baseline needs the file as a dep: not supported)",
        ),
        "_corosafe": _exec_file("@corosafe_tool//:corosafe"),
        "_merge_wrapper": _exec_file("//:corosafe_merge.sh"),
    },
    doc = "Merges the corosafe facts of deps into NAME.sarif and NAME.txt.",
)
