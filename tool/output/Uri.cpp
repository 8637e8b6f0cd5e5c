//===- Uri.cpp - paths relative to the source root, file URIs -------------===//
#include "corosafe/Output.h"

namespace corosafe {

static bool isUnreservedOrSlash(unsigned char C) {
  return (C >= 'A' && C <= 'Z') || (C >= 'a' && C <= 'z') ||
         (C >= '0' && C <= '9') || C == '-' || C == '.' || C == '_' ||
         C == '~' || C == '/';
}

/// Percent-encodes every byte but the unreserved characters and '/'. ':' is
/// encoded too, so a relative reference never looks like it has a scheme.
static std::string percentEncode(std::string_view Path) {
  static const char Hex[] = "0123456789ABCDEF";
  std::string Out;
  Out.reserve(Path.size());
  for (char Ch : Path) {
    unsigned char C = static_cast<unsigned char>(Ch);
    if (isUnreservedOrSlash(C)) {
      Out.push_back(Ch);
    } else {
      Out.push_back('%');
      Out.push_back(Hex[C >> 4]);
      Out.push_back(Hex[C & 0xF]);
    }
  }
  return Out;
}

/// The part of \p AbsPath below \p SourceRoot, or false when it is not below.
static bool stripRoot(std::string_view AbsPath, std::string_view SourceRoot,
                      std::string_view &Rest) {
  if (SourceRoot.empty())
    return false;
  std::string_view Root = SourceRoot;
  while (Root.size() > 1 && Root.back() == '/')
    Root.remove_suffix(1);
  if (AbsPath.substr(0, Root.size()) != Root)
    return false;
  std::string_view Tail = AbsPath.substr(Root.size());
  if (Root != "/") {
    if (Tail.empty() || Tail.front() != '/')
      return false;
    Tail.remove_prefix(1);
  }
  while (!Tail.empty() && Tail.front() == '/')
    Tail.remove_prefix(1);
  while (Tail.substr(0, 2) == "./")
    Tail.remove_prefix(2);
  if (Tail.empty())
    return false;
  Rest = Tail;
  return true;
}

std::string relativePath(std::string_view AbsPath,
                         std::string_view SourceRoot) {
  std::string_view Rest;
  if (stripRoot(AbsPath, SourceRoot, Rest))
    return std::string(Rest);
  return std::string(AbsPath);
}

std::string fileUri(std::string_view AbsPath, bool Directory) {
  std::string Uri = "file://";
  if (AbsPath.empty() || AbsPath.front() != '/')
    Uri.push_back('/');
  Uri += percentEncode(AbsPath);
  if (Directory) {
    while (Uri.size() > 8 && Uri.back() == '/') // keep "file:///"
      Uri.pop_back();
    if (Uri.back() != '/')
      Uri.push_back('/');
  }
  return Uri;
}

std::string relativeUri(std::string_view AbsPath, std::string_view SourceRoot) {
  std::string_view Rest;
  if (stripRoot(AbsPath, SourceRoot, Rest))
    return percentEncode(Rest);
  return fileUri(AbsPath);
}

} // namespace corosafe
