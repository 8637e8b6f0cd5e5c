// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/CancellationToken.h.
#pragma once
#include <exception>
namespace folly {
class CancellationToken {
public:
  CancellationToken() noexcept;
  bool isCancellationRequested() const noexcept;
};
class CancellationSource {
public:
  CancellationToken getToken() const noexcept;
  bool requestCancellation() const noexcept;
};
struct OperationCancelled : std::exception {};
} // namespace folly
