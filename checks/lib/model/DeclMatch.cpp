//===- DeclMatch.cpp - profile names against declarations ----------------===//
#include "DeclMatch.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"

using namespace clang;

namespace corosafe {
namespace model {

namespace {
std::vector<std::string> splitName(StringRef N, bool &Absolute) {
  N = N.trim();
  Absolute = N.consume_front("::");
  llvm::SmallVector<StringRef, 4> Parts;
  N.split(Parts, "::");
  std::vector<std::string> Out;
  for (StringRef P : Parts)
    Out.push_back(P.trim().str());
  return Out;
}
} // namespace

std::string ownName(const NamedDecl *D) {
  if (const IdentifierInfo *II = D->getIdentifier())
    return II->getName().str();
  return D->getDeclName().getAsString();
}

ArrayRef<std::string> PathCache::pathOf(const NamedDecl *D) {
  auto It = Paths.find(D);
  if (It != Paths.end())
    return It->second;
  std::vector<std::string> Rev;
  Rev.push_back(ownName(D));
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() && NS->getName().starts_with("__"))
        continue; // libstdc++ / libc++ inline ABI namespaces
      Rev.push_back(NS->isAnonymousNamespace() ? "(anonymous)"
                                               : NS->getName().str());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Rev.push_back(RD->getName().str());
    } else if (isa<FunctionDecl>(DC)) {
      Rev.push_back("(local)"); // a local class matches no library name
      break;
    }
  }
  std::vector<std::string> Path(Rev.rbegin(), Rev.rend());
  return Paths.try_emplace(D, std::move(Path)).first->second;
}

void NameSet::add(const NameList &Names,
                  const std::vector<std::string> &Namespaces) {
  for (const std::string &N : Names) {
    bool Absolute = false;
    std::vector<std::string> Parts = splitName(N, Absolute);
    if (Parts.empty() || Parts.back().empty())
      continue;
    bool Glob = StringRef(Parts.back()).ends_with("*");
    if (Glob)
      Parts.back().pop_back();
    if (Glob)
      Prefixes.push_back(Parts.back());
    else
      Simple.insert(Parts.back());
    auto Push = [&](std::vector<std::string> NS) {
      Pattern P;
      P.Namespace = std::move(NS);
      P.Parts = Parts;
      P.Absolute = Absolute;
      P.Glob = Glob;
      Pats.push_back(std::move(P));
    };
    if (Absolute || Namespaces.empty()) {
      Push({});
      continue;
    }
    for (const std::string &NS : Namespaces) {
      bool Ignored;
      Push(splitName(NS, Ignored));
    }
  }
}

bool NameSet::mayMatch(StringRef S) const {
  if (Simple.contains(S))
    return true;
  for (const std::string &P : Prefixes)
    if (S.starts_with(P))
      return true;
  return false;
}

bool NameSet::matchesSimple(StringRef S) const { return mayMatch(S); }

bool NameSet::partMatches(const Pattern &P, size_t I, StringRef S) {
  if (I + 1 == P.Parts.size() && P.Glob)
    return S.starts_with(P.Parts[I]);
  return S == P.Parts[I];
}

bool NameSet::matchesPath(ArrayRef<std::string> Path) const {
  for (const Pattern &P : Pats) {
    size_t NP = P.Parts.size();
    if (Path.size() < NP)
      continue;
    bool Tail = true;
    for (size_t I = 0; I < NP && Tail; ++I)
      Tail = partMatches(P, I, Path[Path.size() - NP + I]);
    if (!Tail)
      continue;
    if (P.Absolute || P.Namespace.empty()) {
      if (!P.Absolute || Path.size() == NP)
        return true;
      continue;
    }
    size_t NN = P.Namespace.size();
    if (Path.size() < NN + NP)
      continue;
    bool Head = true;
    for (size_t I = 0; I < NN && Head; ++I)
      Head = Path[I] == P.Namespace[I];
    if (Head)
      return true;
  }
  return false;
}

bool NameSet::matches(const NamedDecl *D, PathCache &Cache) const {
  if (!D || Pats.empty())
    return false;
  // The cheap filter first, without building a string for identifiers.
  if (const IdentifierInfo *II = D->getIdentifier()) {
    if (!mayMatch(II->getName()))
      return false;
  } else if (!mayMatch(ownName(D))) {
    return false;
  }
  return matchesPath(Cache.pathOf(D));
}

void NameSet::simpleNames(std::vector<std::string> &Out) const {
  for (const auto &E : Simple)
    Out.push_back(E.getKey().str());
}

} // namespace model
} // namespace corosafe
