//===- ChannelFacts.cpp - per-TU facts for the whole-program rules -------===//
// SKELETON: replaced by the issue-4 implementation.
#include "corosafe/Analysis.h"
#include "corosafe/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <nlohmann/json.hpp>

namespace corosafe {

FactsCollector::~FactsCollector() = default;

namespace {
class ChannelFactsCollector : public FactsCollector {
public:
  void registerMatchers(clang::ast_matchers::MatchFinder &) override {}
  void finish(clang::ASTContext &, nlohmann::json &Out) override {
    Out = nlohmann::json::object();
    Out["schemaVersion"] = FactsSchemaVersion;
  }
};
} // namespace

std::unique_ptr<FactsCollector>
createFactsCollector(const FullOptionLookup &) {
  return std::make_unique<ChannelFactsCollector>();
}

} // namespace corosafe
