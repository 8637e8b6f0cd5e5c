//===- GateTest.cpp - unit tests of the gate's text parsers ---------------===//
//
// Suppression comments (corosafe/Suppressions.h) and unified diffs
// (tool/cli/Diff.h). Same conventions as OutputTest.cpp: every failed check
// prints "FAIL: <file>:<line>: <what>"; the program exits 1 if any failed.
//
//===----------------------------------------------------------------------===//
#include "Diff.h"
#include "corosafe/Suppressions.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

using namespace corosafe;

#include "Check.h"

static const char *Rule = "corosafe-cancel-select";

static void testNoLint() {
  SuppressionIndex I("a; // NOLINT(corosafe-cancel-select)\n"
                     "// NOLINTNEXTLINE(corosafe-*)\n"
                     "b;\n"
                     "// NOLINTBEGIN(corosafe-cancel-select)\n"
                     "c;\n"
                     "// NOLINTEND(corosafe-cancel-select)\n"
                     "d; // NOLINT(bugprone-x)\n"
                     "e; // NOLINTFOO\n"
                     "f; // NOLINT\n");
  CHECK(I.suppresses(Rule, 1).has_value());
  CHECK(!I.suppresses(Rule, 2).has_value());
  CHECK(I.suppresses(Rule, 3).has_value());
  CHECK(I.suppresses(Rule, 5).has_value());
  CHECK(!I.suppresses(Rule, 7).has_value());
  CHECK(!I.suppresses(Rule, 8).has_value());
  CHECK(I.suppresses(Rule, 9).has_value());
  CHECK_EQ(*I.suppresses(Rule, 1), "// NOLINT(corosafe-cancel-select)");
  const auto &C = I.comments();
  CHECK_EQ(C.size(), 5u); // the block is one comment
  CHECK(C[0].K == SuppressionComment::Form::NoLint);
  CHECK_EQ(C[0].Column, 7u);
  CHECK_EQ(C[0].EndColumn, 37u);
  CHECK(C[2].K == SuppressionComment::Form::NoLintBlock);
  CHECK_EQ(C[2].Line, 4u);
  CHECK_EQ(C[2].FirstLine, 4u);
  CHECK_EQ(C[2].LastLine, 6u);
  CHECK(C[4].Globs.empty());
  // An unterminated block suppresses nothing and is no comment.
  SuppressionIndex Open("// NOLINTBEGIN(corosafe-*)\nx;\n");
  CHECK(!Open.suppresses(Rule, 2).has_value());
  CHECK(Open.comments().empty());
}

static void testIgnore() {
  SuppressionIndex I(
      "x; // corosafe: ignore[corosafe-cancel-select] drained by the caller\n"
      "  // corosafe: ignore[corosafe-*]: resent on timeout\n"
      "\n"
      "  // more words about it\n"
      "y;\n"
      "z; /* corosafe:ignore[corosafe-cancel-select] - in a block */ w;\n"
      "q; // corosafe: ignore[] nothing\n"
      "r; // corosafe: ignore[corosafe-cancel-select\n"
      "// corosafe: ignore[corosafe-cancel-select] at the end\n");
  CHECK_EQ(*I.suppresses(Rule, 1), "drained by the caller");
  // On a line of its own: the next line with code, past blank and comment
  // lines; the reason without the leading ':'.
  CHECK(!I.suppresses(Rule, 3).has_value());
  CHECK(!I.suppresses(Rule, 4).has_value());
  CHECK_EQ(*I.suppresses(Rule, 5), "resent on timeout");
  CHECK_EQ(*I.suppresses(Rule, 6), "in a block");
  CHECK(!I.suppresses(Rule, 7).has_value()); // empty list
  CHECK(!I.suppresses(Rule, 8).has_value()); // no ']'
  CHECK(!I.suppresses("corosafe-other", 1).has_value());
  const auto &C = I.comments();
  CHECK_EQ(C.size(), 4u);
  CHECK(C[0].K == SuppressionComment::Form::Ignore);
  CHECK_EQ(C[0].Column, 7u);
  CHECK_EQ(C[0].EndColumn, 47u); // through ']'
  CHECK_EQ(C[1].Line, 2u);
  CHECK_EQ(C[1].FirstLine, 5u);
  // The last line: covers nothing.
  CHECK_EQ(C[3].Line, 9u);
  CHECK_EQ(C[3].FirstLine, 0u);
  CHECK_EQ(I.matching(Rule, 5).size(), 1u);
}

static std::string lines(const ChangedLines &C, const std::string &Path) {
  auto It = C.find(Path);
  if (It == C.end())
    return "<none>";
  std::string Out;
  for (unsigned L : It->second)
    Out += (Out.empty() ? "" : ",") + std::to_string(L);
  return Out;
}

static void testDiff() {
  std::string Err;
  ChangedLines C;
  // git diff -U0: a change, an insertion, a deletion, a new file, a deleted
  // file, a rename with a change, a quoted path, "\ No newline".
  CHECK(parseUnifiedDiff("diff --git a/src/a.cpp b/src/a.cpp\n"
                         "index 1..2 100644\n"
                         "--- a/src/a.cpp\n"
                         "+++ b/src/a.cpp\n"
                         "@@ -3 +3 @@ void f() {\n"
                         "-  old();\n"
                         "+  new_();\n"
                         "@@ -10,0 +11,2 @@\n"
                         "+  one();\n"
                         "+  two();\n"
                         "@@ -20,2 +22,0 @@\n"
                         "-  gone();\n"
                         "-  gone();\n"
                         "diff --git a/n.cpp b/n.cpp\n"
                         "new file mode 100644\n"
                         "--- /dev/null\n"
                         "+++ b/n.cpp\n"
                         "@@ -0,0 +1,2 @@\n"
                         "+int a;\n"
                         "+int b;\n"
                         "\\ No newline at end of file\n"
                         "diff --git a/d.cpp b/d.cpp\n"
                         "deleted file mode 100644\n"
                         "--- a/d.cpp\n"
                         "+++ /dev/null\n"
                         "@@ -1 +0,0 @@\n"
                         "-int d;\n"
                         "diff --git a/old.cpp b/new.cpp\n"
                         "similarity index 90%\n"
                         "rename from old.cpp\n"
                         "rename to new.cpp\n"
                         "--- a/old.cpp\n"
                         "+++ b/new.cpp\n"
                         "@@ -5 +5 @@\n"
                         "-x\n"
                         "+y\n"
                         "--- \"a/sp ace\\303\\251.cpp\"\n"
                         "+++ \"b/sp ace\\303\\251.cpp\"\n"
                         "@@ -1 +1 @@\n"
                         "-a\n"
                         "+b\n",
                         -1, C, Err));
  CHECK_EQ(lines(C, "src/a.cpp"), "3,11,12");
  CHECK_EQ(lines(C, "n.cpp"), "1,2");
  CHECK_EQ(lines(C, "d.cpp"), "<none>");
  CHECK_EQ(lines(C, "new.cpp"), "5");
  CHECK_EQ(lines(C, "sp ace\xC3\xA9.cpp"), "1");

  // Context lines (diff -u, timestamps after a tab, no git prefixes); a
  // removed line that starts with "--" inside a hunk is no header.
  C.clear();
  CHECK(parseUnifiedDiff("--- x.cpp\t2026-01-01 00:00:00\n"
                         "+++ x.cpp\t2026-01-02 00:00:00\n"
                         "@@ -1,4 +1,5 @@\n"
                         " a\n"
                         "--- b\n"
                         "+++ c\n"
                         "+d\n"
                         " e\n"
                         " f\n",
                         -1, C, Err));
  CHECK_EQ(lines(C, "x.cpp"), "2,3");

  // --no-prefix keeps a top directory named b; -p1 strips it.
  C.clear();
  CHECK(parseUnifiedDiff("--- b/x.cpp\n+++ b/x.cpp\n@@ -1 +1 @@\n-a\n+b\n", -1,
                         C, Err));
  CHECK_EQ(lines(C, "b/x.cpp"), "1");
  C.clear();
  CHECK(parseUnifiedDiff("--- a/x.cpp\n+++ b/x.cpp\n@@ -1 +1 @@\n-a\n+b\n", 0,
                         C, Err));
  CHECK_EQ(lines(C, "b/x.cpp"), "1");
  C.clear();
  CHECK(parseUnifiedDiff("--- a/s/x.cpp\n+++ b/s/x.cpp\n@@ -1 +1 @@\n-a\n+b\n",
                         2, C, Err));
  CHECK_EQ(lines(C, "x.cpp"), "1");

  // Empty input: nothing changed. Not a diff, a bad hunk header: errors.
  C.clear();
  CHECK(parseUnifiedDiff("", -1, C, Err));
  CHECK(C.empty());
  CHECK(!parseUnifiedDiff("int main() {}\n", -1, C, Err));
  CHECK(Err.find("not a unified diff") != std::string::npos);
  CHECK(!parseUnifiedDiff("--- a/x\n+++ b/x\n@@ -1 +x @@\n", -1, C, Err));
  CHECK(Err.find("malformed hunk header") != std::string::npos);
}

int main() {
  testNoLint();
  testIgnore();
  testDiff();
  std::printf("corosafe_gate_test: %u passed, %u failed\n", Passed, Failed);
  return Failed == 0 ? 0 : 1;
}
