// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/resume_on.hpp
// (declared in schedule_on.hpp here).
#pragma once
#include <cppcoro/schedule_on.hpp>
