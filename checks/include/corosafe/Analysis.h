//===- Analysis.h - the rules, as front ends drive them ---------*- C++ -*-===//
//
// The interface between the analyses (checks/) and the two front ends
// (tool/cli, tool/plugin). A rule registers AST matchers, collects what they
// find, and reports at the end of the translation unit. Reports are in Clang
// terms (SourceRange); `toFinding` turns them into plain data.
//
// Kept light: only SourceLocation.h is included, so front-end files that do
// not touch the AST stay cheap to compile.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_ANALYSIS_H
#define COROSAFE_ANALYSIS_H

#include "corosafe/FactsSchema.h"
#include "corosafe/Finding.h"
#include "corosafe/Profile.h"
#include "corosafe/RuleOptions.h"
#include "clang/Basic/SourceLocation.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class SourceManager;
namespace ast_matchers {
class MatchFinder;
}
} // namespace clang

namespace corosafe {

struct RawNote {
  clang::SourceRange Range;
  std::string Message;
};

struct RawFinding {
  std::string RuleId;
  Level Lvl = Level::Warning;
  clang::SourceRange Range;
  std::string Message;
  std::vector<RawNote> Notes;
  std::string Help; ///< "fix: ...; see <docs>", shown without a location
  std::string MessageKey;
  const clang::Decl *Enclosing = nullptr;
};

/// The model of one translation unit (checks/lib/model/TUModel.h): the
/// profiles, the coroutine model, type traits and executor homes, shared by
/// every rule and the facts collector of the TU.
class TUModel;

/// A model for one translation unit with these profiles.
std::shared_ptr<TUModel> createTUModel(std::shared_ptr<const ProfileSet> P);

class Rule {
public:
  virtual ~Rule();
  virtual std::string_view id() const = 0;
  /// Declares what to look at. The rule is its own match callback.
  virtual void registerMatchers(clang::ast_matchers::MatchFinder &Finder) = 0;
  /// Decides and reports, once the whole translation unit was matched.
  virtual void finish(clang::ASTContext &Ctx, std::vector<RawFinding> &Out) = 0;
  /// The effective option values (for clang-tidy's --dump-config).
  virtual std::vector<std::pair<std::string, std::string>> options() const {
    return {};
  }
};

struct RuleFactory {
  std::string_view Id;
  /// Makes the rule for one TU. Options are read once, here; bad values
  /// are left in \p Options.problems().
  std::function<std::unique_ptr<Rule>(RuleOptions &Options, TUModel &Model)>
      Create;
};

/// Every rule the analyses implement, sorted by id.
const std::vector<RuleFactory> &ruleFactories();

/// Collects the facts of one translation unit for the whole-program rules
/// (corosafe/Facts.h): tasks, channels, channel operations, spawn and await
/// edges. Driven like a rule: matchers first, then finish.
class FactsCollector {
public:
  virtual ~FactsCollector();
  virtual void registerMatchers(clang::ast_matchers::MatchFinder &Finder) = 0;
  /// Fills \p Out with this TU's facts (corosafe/FactsSchema.h,
  /// docs/facts.md), in their canonical order.
  virtual void finish(clang::ASTContext &Ctx, TUFacts &Out) = 0;
};

/// With \p CancelFacts, also the facts corosafe-cancel-select judges in the
/// merge (summaries and operands whose body is in another TU).
std::unique_ptr<FactsCollector> createFactsCollector(TUModel &Model,
                                                     bool CancelFacts = false);

/// The declarations the rules and the facts collector look at, for
/// ASTContext::setTraversalScope: the translation unit's, without those of
/// system headers and of the profiles' namespaces (library code, whose
/// behaviour the profiles' rows give: boost::asio vendored on a plain -I
/// costs what it costs on -isystem). A namespace that holds a profile's
/// (boost for boost::cobalt) is entered and its other members kept.
/// Instantiations of library templates are left out with their templates;
/// the user's own templates and lambdas stay.
std::vector<clang::Decl *> analysisScope(clang::ASTContext &Ctx,
                                         const TUModel &Model);

/// Converts a report to plain data (absolute paths, 1-based columns, the
/// end column exclusive). Locations in macros are mapped to where the macro
/// is expanded.
Finding toFinding(const RawFinding &F, const clang::SourceManager &SM);

/// A source range as plain data, as toFinding converts it.
SourceRegion toRegion(clang::SourceRange R, const clang::SourceManager &SM);

/// Qualified name of a declaration, for fingerprints ("ns::Class::fn").
std::string enclosingName(const clang::Decl *D);

} // namespace corosafe

#endif
