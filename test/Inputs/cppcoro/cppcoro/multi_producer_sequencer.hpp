// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/multi_producer_sequencer.hpp
// (declared in single_producer_sequencer.hpp here).
#pragma once
#include <cppcoro/single_producer_sequencer.hpp>
