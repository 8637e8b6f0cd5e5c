// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/Try.h, folly/Unit.h.
#pragma once
#include <exception>

namespace folly {
struct Unit {};
template <typename T> struct lift_unit { using type = T; };
template <> struct lift_unit<void> { using type = Unit; };
template <typename T> using lift_unit_t = typename lift_unit<T>::type;
template <typename T> class Try {
public:
  using element_type = T;
  Try();
  bool hasValue() const;
  bool hasException() const;
  T &value() &;
  T &&value() &&;
  T &operator*() &;
  T *operator->();
};
template <> class Try<void> {
public:
  using element_type = void;
  bool hasValue() const;
  bool hasException() const;
  void value() const;
};
} // namespace folly
