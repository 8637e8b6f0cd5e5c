//===- Transport.cpp - LSP base protocol ----------------------------------===//
#include "Transport.h"

#include <cctype>
#include <cerrno>
#include <unistd.h>

namespace corosafe::lsp {

namespace {

std::string lower(std::string S) {
  for (char &C : S)
    C = static_cast<char>(std::tolower(static_cast<unsigned char>(C)));
  return S;
}

std::string trim(const std::string &S) {
  size_t B = S.find_first_not_of(" \t\r");
  if (B == std::string::npos)
    return "";
  size_t E = S.find_last_not_of(" \t\r");
  return S.substr(B, E - B + 1);
}

} // namespace

FrameReader::Status FrameReader::next(std::string &Out) {
  if (Skip) {
    size_t N = std::min(Skip, Buffer.size());
    Buffer.erase(0, N);
    Skip -= N;
    if (Skip)
      return Status::NeedMore;
  }
  // Blank lines between messages are tolerated.
  size_t Start = 0;
  while (Start < Buffer.size() &&
         (Buffer[Start] == '\r' || Buffer[Start] == '\n'))
    ++Start;
  Buffer.erase(0, Start);
  if (Buffer.empty())
    return Status::NeedMore;

  // Find the end of the header part: an empty line.
  size_t Pos = 0, HeaderEnd = std::string::npos, BodyStart = 0;
  while (true) {
    size_t NL = Buffer.find('\n', Pos);
    if (NL == std::string::npos)
      break;
    std::string Line = Buffer.substr(Pos, NL - Pos);
    if (!Line.empty() && Line.back() == '\r')
      Line.pop_back();
    if (Line.empty()) {
      HeaderEnd = Pos;
      BodyStart = NL + 1;
      break;
    }
    Pos = NL + 1;
  }
  if (HeaderEnd == std::string::npos) {
    if (Buffer.size() > MaxHeader) {
      Buffer.clear();
      Out = "header part longer than " + std::to_string(MaxHeader) +
            " bytes without an empty line";
      return Status::BadFrame;
    }
    return Status::NeedMore;
  }

  // Parse the header fields.
  long long Length = -1;
  std::string Problem;
  size_t P = 0;
  while (P < HeaderEnd) {
    size_t NL = Buffer.find('\n', P);
    std::string Line = Buffer.substr(P, NL - P);
    P = NL + 1;
    if (!Line.empty() && Line.back() == '\r')
      Line.pop_back();
    size_t Colon = Line.find(':');
    if (Colon == std::string::npos) {
      Problem = "header line without ':': '" + Line.substr(0, 80) + "'";
      continue;
    }
    std::string Name = lower(trim(Line.substr(0, Colon)));
    std::string Value = trim(Line.substr(Colon + 1));
    if (Name != "content-length")
      continue; // Content-Type and unknown fields are ignored
    bool Digits = !Value.empty() && Value.size() <= 18;
    for (char C : Value)
      Digits &= std::isdigit(static_cast<unsigned char>(C)) != 0;
    if (!Digits) {
      Problem = "invalid Content-Length '" + Value.substr(0, 40) + "'";
      continue;
    }
    Length = std::stoll(Value);
  }
  if (Problem.empty() && Length < 0)
    Problem = "no Content-Length header";
  if (!Problem.empty()) {
    Buffer.erase(0, BodyStart);
    Out = Problem;
    return Status::BadFrame;
  }
  if (static_cast<unsigned long long>(Length) > MaxBody) {
    Buffer.erase(0, BodyStart);
    Skip = static_cast<size_t>(Length);
    Out = "Content-Length " + std::to_string(Length) + " exceeds the limit of " +
          std::to_string(MaxBody) + " bytes";
    return Status::BadFrame;
  }
  if (Buffer.size() - BodyStart < static_cast<size_t>(Length))
    return Status::NeedMore;
  Out = Buffer.substr(BodyStart, static_cast<size_t>(Length));
  Buffer.erase(0, BodyStart + static_cast<size_t>(Length));
  return Status::Message;
}

bool writeFrame(int Fd, const std::string &Body) {
  std::string Msg =
      "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
  size_t Done = 0;
  while (Done < Msg.size()) {
    ssize_t N = ::write(Fd, Msg.data() + Done, Msg.size() - Done);
    if (N < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    Done += static_cast<size_t>(N);
  }
  return true;
}

} // namespace corosafe::lsp
