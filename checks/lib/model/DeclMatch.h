//===- DeclMatch.h - profile names against declarations ----------*- C++ -*-===//
//
// A profile names declarations relative to its namespaces ("co_spawn",
// "experimental::basic_channel", "this_coro::*"; "::std::mutex" absolute).
// A NameSet compiles such names once and matches declarations by their
// qualified path (namespaces and classes, libstdc++'s inline ABI namespaces
// skipped, template arguments ignored), never by spelling at the use site.
// Internal to checks/.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_MODEL_DECLMATCH_H
#define COROSAFE_MODEL_DECLMATCH_H

#include "corosafe/Profile.h"

#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <vector>

namespace corosafe {
namespace model {

/// The qualified path of a declaration, outermost first, its own name last:
/// boost::asio::experimental::basic_channel -> {boost, asio, experimental,
/// basic_channel}. Cached per declaration.
class PathCache {
public:
  llvm::ArrayRef<std::string> pathOf(const clang::NamedDecl *D);

private:
  llvm::DenseMap<const clang::Decl *, std::vector<std::string>> Paths;
};

/// Names from one or more rows, compiled.
class NameSet {
public:
  /// Adds \p Names, relative to \p Namespaces (each "a::b").
  void add(const NameList &Names, const std::vector<std::string> &Namespaces);
  bool empty() const { return Pats.empty(); }
  /// A cheap filter on the declaration's own name.
  bool mayMatch(llvm::StringRef Simple) const;
  bool matchesPath(llvm::ArrayRef<std::string> Path) const;
  bool matches(const clang::NamedDecl *D, PathCache &Cache) const;
  /// Matches the name alone (for method names of a channel type).
  bool matchesSimple(llvm::StringRef Simple) const;
  /// The own names without wildcards (for AST matchers' hasAnyName).
  void simpleNames(std::vector<std::string> &Out) const;

private:
  struct Pattern {
    std::vector<std::string> Namespace; ///< empty for absolute names
    std::vector<std::string> Parts;     ///< the name's components
    bool Absolute = false;
    bool Glob = false; ///< the last part is a prefix
  };
  static bool partMatches(const Pattern &P, size_t I, llvm::StringRef S);
  std::vector<Pattern> Pats;
  llvm::StringSet<> Simple;
  std::vector<std::string> Prefixes;
};

/// The own name of a declaration for matching ("operator||" for operators).
std::string ownName(const clang::NamedDecl *D);

} // namespace model
} // namespace corosafe

#endif
