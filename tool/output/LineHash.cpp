//===- LineHash.cpp - GitHub's primaryLocationLineHash --------------------===//
//
// GitHub code scanning matches alerts across commits by a per-line hash that
// its upload action computes when a SARIF result has none. We compute the same
// value, so uploads through any route give the same fingerprints.
//
// The value of a line is a polynomial rolling hash (base 37, arithmetic modulo
// 2^64, i.e. signed 64-bit wraparound printed as unsigned) over the window of
// the 100 UTF-16 code units that start at the line's first character, where:
// spaces and tabs are skipped; CR and CRLF count as one LF; the end of the
// text is marked by one unit 0xFFFF and then padded with zero units. A line's
// first character is its first character that is not skipped. The hex value
// gets ":<n>" appended, n counting how often that value has occurred so far
// in the file.
//
//===----------------------------------------------------------------------===//
#include "Utf8.h"
#include "corosafe/Output.h"

#include <array>
#include <cstdint>
#include <unordered_map>

namespace corosafe {

namespace {

class LineHasher {
public:
  static constexpr unsigned Window = 100;
  static constexpr uint64_t Base = 37;
  static constexpr uint32_t EndOfText = 0xFFFF;

  LineHasher() {
    BaseToWindow = 1;
    for (unsigned I = 0; I < Window; ++I)
      BaseToWindow *= Base;
    Units.fill(0);
    StartsLine.fill(0);
  }

  /// Feeds one UTF-16 code unit of the text.
  void feed(uint32_t Unit) {
    bool IsLf = Unit == '\n';
    if (Unit == ' ' || Unit == '\t' || (AfterCr && IsLf)) {
      AfterCr = false;
      return;
    }
    AfterCr = Unit == '\r';
    if (AfterCr) {
      Unit = '\n';
      IsLf = true;
    }
    // The slot about to be overwritten holds the first unit of a window that
    // is now complete.
    if (StartsLine[Pos] != 0)
      emit();
    if (AtLineStart) {
      AtLineStart = false;
      StartsLine[Pos] = ++Lines;
    }
    if (IsLf)
      AtLineStart = true;
    roll(Unit);
  }

  /// Ends the text and returns the hash of every line.
  std::vector<std::string> finish() {
    feed(EndOfText);
    for (unsigned I = 0; I < Window; ++I) {
      if (StartsLine[Pos] != 0)
        emit();
      roll(0);
    }
    return std::move(Hashes);
  }

private:
  void roll(uint32_t Unit) {
    uint64_t Leaving = Units[Pos];
    Units[Pos] = Unit;
    Hash = Hash * Base + Unit - BaseToWindow * Leaving;
    Pos = (Pos + 1) % Window;
  }

  void emit() {
    unsigned Occurrence = ++Seen[Hash];
    std::string Value = toHex(Hash) + ":" + std::to_string(Occurrence);
    unsigned Line = StartsLine[Pos];
    // Lines complete in order, so this is normally a push_back.
    if (Hashes.size() < Line)
      Hashes.resize(Line);
    Hashes[Line - 1] = std::move(Value);
    StartsLine[Pos] = 0;
  }

  static std::string toHex(uint64_t V) {
    static const char Digits[] = "0123456789abcdef";
    std::string Out;
    do {
      Out.insert(Out.begin(), Digits[V & 0xF]);
      V >>= 4;
    } while (V != 0);
    return Out;
  }

  std::array<uint32_t, Window> Units;      // the units in the window
  std::array<unsigned, Window> StartsLine; // line number starting there, or 0
  uint64_t BaseToWindow;
  uint64_t Hash = 0;
  unsigned Pos = 0;
  unsigned Lines = 0;
  bool AtLineStart = true;
  bool AfterCr = false;
  std::unordered_map<uint64_t, unsigned> Seen;
  std::vector<std::string> Hashes;
};

} // namespace

std::vector<std::string> computeLineHashes(std::string_view FileText) {
  LineHasher Hasher;
  size_t Pos = 0;
  while (Pos < FileText.size()) {
    uint32_t CodePoint = utf8::decode(FileText, Pos);
    if (CodePoint >= 0x10000) {
      CodePoint -= 0x10000;
      Hasher.feed(0xD800 + (CodePoint >> 10));
      Hasher.feed(0xDC00 + (CodePoint & 0x3FF));
    } else {
      Hasher.feed(CodePoint);
    }
  }
  return Hasher.finish();
}

} // namespace corosafe
