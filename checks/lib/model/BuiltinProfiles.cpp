//===- BuiltinProfiles.cpp - the profiles compiled into the binary -------===//
#include "corosafe/Profile.h"

namespace corosafe {

const std::vector<BuiltinProfile> &builtinProfiles() {
  // In the order they are loaded: later profiles see earlier rows first.
  static const std::vector<BuiltinProfile> Profiles = {
#include "BuiltinProfiles.inc"
  };
  return Profiles;
}

} // namespace corosafe
