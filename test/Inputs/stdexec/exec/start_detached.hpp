// Declaration-shaped stand-in for NVIDIA/stdexec, written for corosafe's tests.
// Mirrors NVIDIA/stdexec at e92245d53dfc (nvhpc-26.05-244, 2026-08-20): include/exec/start_detached.hpp
// (exec::start_detached is declared in stdexec/execution.hpp here).
#pragma once
#include <stdexec/execution.hpp>
