// Declaration-shaped stand-in for libunifex, written for corosafe's tests.
// Mirrors facebookexperimental/libunifex at c6e5af988fd2 (v0.4.0-178, 2026-05-07): include/unifex/then.hpp
// (declared in sender_concepts.hpp here).
#pragma once
#include <unifex/sender_concepts.hpp>
