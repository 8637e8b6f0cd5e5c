//===- Transport.h - LSP base protocol over a pair of fds --------*- C++ -*-===//
//
// The base protocol of the Language Server Protocol: each message is a header
// part (`Content-Length: N`, optionally `Content-Type`, each line ended by
// CRLF; a bare LF is accepted too) and an empty line, followed by N bytes of
// JSON. The reader never blocks the server's loop: bytes are fed in as they
// arrive and complete messages are taken out one by one. A broken frame is
// reported (the server answers it with ParseError) and skipped: a header
// block without a usable Content-Length is dropped up to its empty line, an
// oversized header part is dropped whole.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_LSP_TRANSPORT_H
#define COROSAFE_CLI_LSP_TRANSPORT_H

#include <cstddef>
#include <string>

namespace corosafe::lsp {

class FrameReader {
public:
  /// Appends bytes read from the client.
  void feed(const char *Data, size_t Size) { Buffer.append(Data, Size); }

  enum class Status { NeedMore, Message, BadFrame };
  /// Takes the next message out of the buffer: Message (\p Out is the JSON
  /// body), BadFrame (\p Out says what was wrong; the frame was dropped),
  /// or NeedMore.
  Status next(std::string &Out);

  /// Bytes received but not yet part of a complete message.
  size_t pending() const { return Buffer.size(); }

  /// Limits: a header part larger than this is dropped, and so is a body.
  static constexpr size_t MaxHeader = 64 * 1024;
  static constexpr size_t MaxBody = 256u * 1024 * 1024;

private:
  std::string Buffer;
  size_t Skip = 0; // body bytes of an oversized message still to drop
};

/// Writes one framed message to \p Fd; false when the client is gone.
bool writeFrame(int Fd, const std::string &Body);

} // namespace corosafe::lsp

#endif
