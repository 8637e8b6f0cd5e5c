//===- Utf8.h - UTF-8 decoding shared by the output formats -----*- C++ -*-===//
//
// Private to corosafe_output. Decoding follows the WHATWG Encoding Standard
// (as Node's and browsers' decoders do): each maximal malformed subsequence
// becomes one U+FFFD, so UTF-16 counts match what GitHub computes.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_OUTPUT_UTF8_H
#define COROSAFE_OUTPUT_UTF8_H

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace corosafe {
namespace utf8 {

constexpr uint32_t Replacement = 0xFFFD;

/// Decodes the code point that starts at Text[Pos] and advances Pos past it
/// (by at least one byte). Requires Pos < Text.size().
inline uint32_t decode(std::string_view Text, size_t &Pos) {
  unsigned char Lead = static_cast<unsigned char>(Text[Pos++]);
  if (Lead < 0x80)
    return Lead;
  unsigned Needed;
  uint32_t CodePoint;
  unsigned char Lower = 0x80, Upper = 0xBF;
  if (Lead >= 0xC2 && Lead <= 0xDF) {
    Needed = 1;
    CodePoint = Lead & 0x1F;
  } else if (Lead >= 0xE0 && Lead <= 0xEF) {
    if (Lead == 0xE0)
      Lower = 0xA0; // no overlong forms
    if (Lead == 0xED)
      Upper = 0x9F; // no surrogates
    Needed = 2;
    CodePoint = Lead & 0x0F;
  } else if (Lead >= 0xF0 && Lead <= 0xF4) {
    if (Lead == 0xF0)
      Lower = 0x90;
    if (Lead == 0xF4)
      Upper = 0x8F; // nothing above U+10FFFF
    Needed = 3;
    CodePoint = Lead & 0x07;
  } else {
    return Replacement;
  }
  for (; Needed != 0; --Needed) {
    if (Pos >= Text.size())
      return Replacement;
    unsigned char Next = static_cast<unsigned char>(Text[Pos]);
    if (Next < Lower || Next > Upper)
      return Replacement; // Next starts the following sequence
    Lower = 0x80;
    Upper = 0xBF;
    CodePoint = (CodePoint << 6) | (Next & 0x3F);
    ++Pos;
  }
  return CodePoint;
}

/// Number of UTF-16 code units of a code point.
inline unsigned utf16Length(uint32_t CodePoint) {
  return CodePoint >= 0x10000 ? 2 : 1;
}

} // namespace utf8
} // namespace corosafe

#endif
