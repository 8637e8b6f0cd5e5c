// Coroutines defined in fetch.cpp and raced in session.cpp.
#pragma once
#include "asio-compat.h"

// Receives one message and returns it.
awaitable<std::string> fetch(StrChannel &ch);
// Receives a message and forwards it: holds it across the send.
awaitable<void> forward(StrChannel &in, StrChannel &out);
// Holds nothing: returns a count of what it already delivered.
awaitable<std::size_t> drain(StrChannel &in, std::vector<std::string> &sink);
