//===- GraphText.cpp - the task/channel picture as DOT and HTML text ------===//
//
// Graphviz source of the task graph (tasks as boxes clustered by the file
// that defines them, channels as ellipses with their capacity, unbounded
// ones doubled, non-blocking operations dashed, cycle edges red) and the
// self-contained HTML page around dot's SVG. Only text: running Graphviz is
// the CLI's (tool/cli/GraphRender.cpp). Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#include "TaskGraph.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace corosafe {
namespace program {

namespace {

std::string dotEscape(const std::string &S) {
  std::string O;
  for (char C : S) {
    if (C == '"' || C == '\\')
      O += '\\';
    O += C;
  }
  return O;
}

std::string htmlEscape(const std::string &S) {
  std::string O;
  for (char C : S) {
    switch (C) {
    case '<':
      O += "&lt;";
      break;
    case '>':
      O += "&gt;";
      break;
    case '&':
      O += "&amp;";
      break;
    case '"':
      O += "&quot;";
      break;
    default:
      O += C;
    }
  }
  return O;
}

std::string relativeTo(const std::string &Path, const std::string &Root) {
  if (Root.empty() || Path.empty())
    return Path;
  std::filesystem::path R =
      std::filesystem::path(Path).lexically_relative(Root);
  if (R.empty() || R.native().rfind("..", 0) == 0)
    return Path;
  return R.string();
}

} // namespace

std::string toDot(const TaskGraph &G, const std::vector<Cycle> &Cycles,
                  const std::string &Root) {
  std::set<std::pair<unsigned, unsigned>> Red;
  for (const Cycle &C : Cycles)
    for (const Hop &H : C.Hops) {
      Red.insert({H.TaskNode, H.ChanNode});
      Red.insert({H.ChanNode, H.NextTask});
    }
  std::ostringstream OS;
  OS << "digraph corosafe {\n"
     << "  rankdir=LR;\n"
     << "  graph [fontname=\"Helvetica\", fontsize=11, nodesep=0.3, "
        "ranksep=0.6];\n"
     << "  node [fontname=\"Helvetica\", fontsize=10];\n"
     << "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  // Tasks, clustered by the file that defines their function.
  std::map<std::string, std::vector<unsigned>> ByFile;
  for (unsigned T = 0; T < G.Tasks.size(); ++T) {
    const FnRec *F = G.fn(G.Tasks[T].Fn);
    ByFile[F ? G.str(F->Loc.File) : ""].push_back(T);
  }
  unsigned Cluster = 0;
  for (const auto &[File, Ts] : ByFile) {
    OS << "  subgraph cluster_" << Cluster++ << " {\n"
       << "    label=\"" << dotEscape(relativeTo(File, Root)) << "\";\n"
       << "    style=rounded; color=\"#bbbbbb\";\n";
    for (unsigned T : Ts) {
      const Task &Tk = G.Tasks[T];
      const FnRec *F = G.fn(Tk.Fn);
      bool Coro = F && F->Coroutine;
      std::string Where = F ? shortLoc(G.region(F->Loc)) : "";
      OS << "    n" << T << " [shape=box, style=\"rounded,filled\", "
         << "fillcolor=\"" << (Coro ? "#e8f0fe" : "#f1f3f4") << "\", label=\""
         << dotEscape(Tk.Label) << "\\n"
         << dotEscape(Where) << "\"];\n";
    }
    OS << "  }\n";
  }
  for (unsigned C = G.Tasks.size(); C < G.numNodes(); ++C) {
    const ChanNode &CN = G.chan(C);
    OS << "  n" << C << " [shape=ellipse, style=filled, fillcolor=\""
       << (CN.Bounded ? "#fef7e0" : "#fce8e6") << "\""
       << (CN.Bounded ? "" : ", peripheries=2") << ", label=\""
       << dotEscape(std::string(CN.Name)) << "\\n"
       << dotEscape(capacityText(CN)) << "\"];\n";
  }
  for (unsigned T = 0; T < G.Tasks.size(); ++T) {
    // One edge per (task, channel, direction); label with the methods.
    std::map<std::pair<unsigned, unsigned>, std::set<std::string>> Methods;
    std::map<std::pair<unsigned, unsigned>, bool> Blocking;
    for (const ResolvedOp &R : G.Tasks[T].Ops) {
      unsigned C = R.Chan;
      std::pair<unsigned, unsigned> E =
          R.Op->Direction == ChannelDirection::Send ? std::make_pair(T, C)
                                                    : std::make_pair(C, T);
      bool InSelect = R.Op->HasSelect && R.Op->SelectId != 0;
      Methods[E].insert(G.str(R.Op->Method) + (InSelect ? " (select)" : "") +
                        (R.Lock ? " (lock)" : ""));
      Blocking[E] = Blocking[E] || R.Op->Blocking;
    }
    for (const auto &[E, Ms] : Methods) {
      std::string L;
      for (const std::string &M : Ms)
        L += (L.empty() ? "" : "\\n") + dotEscape(M);
      OS << "  n" << E.first << " -> n" << E.second << " [label=\"" << L
         << "\"";
      if (Red.count(E))
        OS << ", color=red, fontcolor=red, penwidth=2";
      if (!Blocking[E])
        OS << ", style=dashed";
      OS << "];\n";
    }
  }
  OS << "}\n";
  return OS.str();
}

std::string toHtml(const TaskGraph &G, const std::vector<Cycle> &Cycles,
                   const std::string &Svg, const std::string &Root) {
  std::ostringstream OS;
  OS << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
     << "<title>corosafe: tasks and channels</title>\n"
     << "<style>body{font-family:Helvetica,Arial,sans-serif;margin:1.5em}"
        "svg{max-width:100%;height:auto;border:1px solid #ddd}"
        ".legend span{display:inline-block;margin-right:1.5em}"
        "code{background:#f4f4f4;padding:0 .2em}</style>\n"
     << "</head><body>\n<h1>Tasks and channels</h1>\n"
     << "<p class=\"legend\"><span>&#9645; task (coroutine)</span>"
        "<span>&#11053; channel, with its capacity</span>"
        "<span style=\"color:red\">&#10230; edge of a blocking cycle</span>"
        "<span>&#8674; dashed: non-blocking operation</span>"
        "<span>double ellipse: unbounded</span></p>\n";
  // Keep only the <svg> element of dot's output.
  size_t B = Svg.find("<svg");
  OS << (B == std::string::npos ? Svg : Svg.substr(B)) << "\n";
  OS << "<h2>Blocking cycles (" << Cycles.size() << ")</h2>\n";
  if (Cycles.empty())
    OS << "<p>None.</p>\n";
  else
    OS << "<ol>\n";
  for (const Cycle &C : Cycles) {
    OS << "<li>";
    for (const Hop &H : C.Hops) {
      OS << "<code>" << htmlEscape(G.Tasks[H.TaskNode].Label) << "</code> "
         << "sends to <code>" << htmlEscape(std::string(G.chan(H.ChanNode).Name))
         << "</code> (" << htmlEscape(capacityText(G.chan(H.ChanNode)))
         << ") at " << htmlEscape(relativeTo(G.str(H.Send->Loc.File), Root))
         << ":"
         << H.Send->Loc.Line << "; ";
    }
    OS << "back to <code>" << htmlEscape(G.Tasks[C.Hops[0].TaskNode].Label)
       << "</code></li>\n";
  }
  if (!Cycles.empty())
    OS << "</ol>\n";
  OS << "</body></html>\n";
  return OS.str();
}

} // namespace program
} // namespace corosafe
