//===- GraphRender.cpp - --graph: DOT, SVG through Graphviz, HTML ---------===//
#include "GraphRender.h"

#include "AtomicFile.h"
#include "Interrupt.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace corosafe {

namespace {

std::string findDot() {
  const char *PathEnv = std::getenv("PATH");
  std::string PathS = PathEnv ? PathEnv : "/usr/bin:/bin";
  std::stringstream SS(PathS);
  std::string Dir;
  while (std::getline(SS, Dir, ':')) {
    if (Dir.empty())
      continue;
    std::string Cand = Dir + "/dot";
    if (::access(Cand.c_str(), X_OK) == 0)
      return Cand;
  }
  return "";
}

std::string shellQuote(const std::string &S) {
  std::string O = "'";
  for (char C : S) {
    if (C == '\'')
      O += "'\\''";
    else
      O += C;
  }
  return O + "'";
}

/// Renders Graphviz source to SVG with `dot -Tsvg`.
bool runDot(const std::string &Source, std::string &Svg, std::string &Err) {
  std::string Exe = findDot();
  if (Exe.empty()) {
    Err = "Graphviz 'dot' was not found on PATH; install Graphviz "
          "(scripts/install-deps.sh --with-test-tools) or write a .dot file";
    return false;
  }
  std::filesystem::path Tmp =
      std::filesystem::temp_directory_path() /
      ("corosafe_graph_" + std::to_string(::getpid()) + ".dot");
  // Registered with Interrupt.h: a signal while `dot` runs removes it.
  int Slot = interrupt::addTemp(Tmp.string());
  {
    std::ofstream F(Tmp);
    F << Source;
    if (!F) {
      Err = "cannot write '" + Tmp.string() + "'";
      std::filesystem::remove(Tmp);
      interrupt::removeTemp(Slot);
      return false;
    }
  }
  std::string Cmd = shellQuote(Exe) + " -Tsvg " + shellQuote(Tmp.string());
  FILE *Pipe = ::popen(Cmd.c_str(), "r");
  if (!Pipe) {
    Err = "cannot run '" + Exe + "'";
    std::filesystem::remove(Tmp);
    interrupt::removeTemp(Slot);
    return false;
  }
  char Buf[4096];
  size_t N;
  while ((N = std::fread(Buf, 1, sizeof Buf, Pipe)) > 0)
    Svg.append(Buf, N);
  int RC = ::pclose(Pipe);
  std::filesystem::remove(Tmp);
  interrupt::removeTemp(Slot);
  if (RC != 0 || Svg.find("<svg") == std::string::npos) {
    Err = "'" + Exe + "' failed to render the graph";
    return false;
  }
  return true;
}

} // namespace

bool writeProgramGraph(const ProgramFacts &Facts,
                       const OptionMap &Options, const std::string &Path,
                       const std::string &SourceRoot, std::string &Err) {
  std::string Ext = std::filesystem::path(Path).extension().string();
  if (Ext != ".dot" && Ext != ".gv" && Ext != ".svg" && Ext != ".html") {
    Err = "unknown graph format '" + Ext + "' (use .dot, .svg or .html)";
    return false;
  }
  ProgramGraphText Graph(Facts, Options, SourceRoot);
  std::string Content = Graph.dot();
  if (Ext == ".svg" || Ext == ".html") {
    std::string Svg;
    if (!runDot(Content, Svg, Err))
      return false;
    Content = Ext == ".svg" ? Svg : Graph.html(Svg);
  }
  // Atomically (AtomicFile.h): an interrupted run leaves no half a picture.
  return writeFileAtomically(Path, Content, Err);
}

} // namespace corosafe
