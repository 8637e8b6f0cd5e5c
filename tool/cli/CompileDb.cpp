//===- CompileDb.cpp - the compilation database and the jobs --------------===//
//
// loadJobs (Runner.h): the compilation database (-p BUILD, FILE... -- ARGS,
// or found from the first file), the --include/--exclude selection and the
// command-line adjustments, with no analysis: the compdb fuzz target
// (tool/fuzz) links this file alone.
//
//===----------------------------------------------------------------------===//
#include "Runner.h"
#include "Selection.h"

#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

using namespace clang;
using llvm::StringRef;

namespace corosafe {

namespace {

std::string absolute(StringRef P, StringRef Base = "") {
  llvm::SmallString<256> S(P);
  if (!llvm::sys::path::is_absolute(S)) {
    if (!Base.empty()) {
      llvm::SmallString<256> B(Base);
      llvm::sys::path::append(B, S);
      S = B;
    } else {
      llvm::sys::fs::make_absolute(S);
    }
  }
  llvm::sys::path::remove_dots(S, true);
  return std::string(S);
}

} // namespace

bool loadJobs(const RunOptions &Opts, std::vector<TUJob> &Jobs,
              unsigned &Skipped, std::string &Error) {
  std::unique_ptr<tooling::CompilationDatabase> Db;
  std::string Err;
  if (Opts.HaveFixedArgs) {
    Db = std::make_unique<tooling::FixedCompilationDatabase>(".",
                                                             Opts.FixedArgs);
  } else if (!Opts.BuildDir.empty()) {
    llvm::SmallString<256> Json(Opts.BuildDir);
    llvm::sys::path::append(Json, "compile_commands.json");
    if (!llvm::sys::fs::exists(Opts.BuildDir)) {
      Error = "build directory '" + Opts.BuildDir + "' does not exist";
      return false;
    }
    if (!llvm::sys::fs::exists(Json)) {
      Error = "no compile_commands.json in '" + Opts.BuildDir +
              "' (generate it with cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "
              "or bear)";
      return false;
    }
    Db = tooling::JSONCompilationDatabase::loadFromFile(
        Json, Err, tooling::JSONCommandLineSyntax::AutoDetect);
    if (!Db) {
      Error =
          "malformed compilation database '" + std::string(Json) + "': " + Err;
      return false;
    }
  } else {
    if (Opts.Files.empty()) {
      Error = "no input: give -p BUILD_DIR, or FILE... -- COMPILER ARGS";
      return false;
    }
    Db = tooling::CompilationDatabase::autoDetectFromSource(Opts.Files[0], Err);
    if (!Db) {
      Error = "no compilation database found for '" + Opts.Files[0] +
              "' (give -p BUILD_DIR, or add -- followed by compiler "
              "arguments): " +
              Err;
      return false;
    }
  }
  Db = tooling::inferMissingCompileCommands(std::move(Db));

  PathFilter Filter;
  if (!Filter.init(Opts.Include, Opts.Exclude, Error))
    return false;

  std::vector<std::string> Files;
  if (!Opts.Files.empty()) {
    for (const std::string &F : Opts.Files)
      Files.push_back(absolute(F));
  } else {
    for (const std::string &F : Db->getAllFiles())
      Files.push_back(absolute(F));
  }
  std::sort(Files.begin(), Files.end());
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());

  std::vector<std::string> Before = Opts.ExtraArgsBefore;
  Before.push_back(std::string("-resource-dir=") + COROSAFE_CLANG_RESOURCE_DIR);
  std::vector<std::string> After = Opts.ExtraArgs;
  After.insert(After.begin(),
               {"-w", "-Wno-unknown-warning-option", "-fno-caret-diagnostics"});
  tooling::ArgumentsAdjuster Adjust = tooling::combineAdjusters(
      tooling::combineAdjusters(tooling::getClangStripOutputAdjuster(),
                                tooling::getClangSyntaxOnlyAdjuster()),
      tooling::getClangStripDependencyFileAdjuster());
  Adjust = tooling::combineAdjusters(
      Adjust, tooling::getInsertArgumentAdjuster(
                  Before, tooling::ArgumentInsertPosition::BEGIN));
  Adjust = tooling::combineAdjusters(
      Adjust, tooling::getInsertArgumentAdjuster(
                  After, tooling::ArgumentInsertPosition::END));

  Skipped = 0;
  for (const std::string &File : Files) {
    if (!Filter.selects(relativeTo(File, Opts.SourceRoot))) {
      ++Skipped;
      continue;
    }
    TUJob Job;
    Job.File = File;
    if (!llvm::sys::fs::exists(File)) {
      Job.Error = "cannot analyze '" + File + "': no such file";
    } else {
      std::vector<tooling::CompileCommand> Cmds = Db->getCompileCommands(File);
      if (Cmds.empty()) {
        Job.Error = "cannot analyze '" + File + "': no compile command for it";
      } else {
        // A file compiled several ways is analyzed with its first command.
        const tooling::CompileCommand &Cmd = Cmds.front();
        Job.Directory = absolute(Cmd.Directory);
        Job.Arguments = Adjust(Cmd.CommandLine, Cmd.Filename);
      }
    }
    Jobs.push_back(std::move(Job));
  }
  return true;
}

} // namespace corosafe
