// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/sync_wait.hpp
// (declared in when_all.hpp here).
#pragma once
#include <cppcoro/when_all.hpp>
