//===- Check.h - the checks of the self-contained unit tests ----*- C++ -*-===//
//
// CHECK(cond) and CHECK_EQ(a, b) count passes and failures; a failure prints
// "FAIL: file:line: ..." (what the lit tests look for); main() prints the
// counts and fails when Failed is not zero.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_TEST_UNIT_CHECK_H
#define COROSAFE_TEST_UNIT_CHECK_H

#include <cstdio>
#include <iostream>

static unsigned Passed = 0, Failed = 0;

#define CHECK(Cond)                                                            \
  do {                                                                         \
    if (Cond) {                                                                \
      ++Passed;                                                                \
    } else {                                                                   \
      ++Failed;                                                                \
      std::printf("FAIL: %s:%d: %s\n", __FILE__, __LINE__, #Cond);             \
    }                                                                          \
  } while (0)

#define CHECK_EQ(A, B)                                                         \
  do {                                                                         \
    auto ValA = (A);                                                           \
    auto ValB = (B);                                                           \
    if (ValA == ValB) {                                                        \
      ++Passed;                                                                \
    } else {                                                                   \
      ++Failed;                                                                \
      std::cout << "FAIL: " << __FILE__ << ":" << __LINE__ << ": " #A          \
                << " == " #B "\n  got:      " << ValA                          \
                << "\n  expected: " << ValB << "\n";                           \
    }                                                                          \
  } while (0)

#endif
