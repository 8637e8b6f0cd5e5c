//===- ProfileLoader.h - reading profiles -------------------------*- C++ -*-===//
//
// Built-in profiles (profiles/*.yaml, embedded), profile files named by the
// option corosafe.Profiles, and the `user` profile made from the rules'
// type and method options. Errors are one line:
// "FILE:LINE:COL: KEY: what is wrong" (docs/profiles.md).
//
// The interface uses no Clang or LLVM type; the implementation uses LLVM's
// YAML I/O (corosafe_checks).
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_PROFILELOADER_H
#define COROSAFE_PROFILELOADER_H

#include "corosafe/Profile.h"
#include "corosafe/RuleOptions.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class StringRef;
}

namespace corosafe {

/// Parses one profile. \p Name is used in messages (a path,
/// "builtin:asio").
bool parseProfile(llvm::StringRef Text, llvm::StringRef Name, Profile &Out,
                  std::string &Err);

/// "Argument[N]" / "Argument[N..M]".
bool parseArgRange(llvm::StringRef V, int &First, int &Last);

/// The hooks a row may cite.
const std::vector<std::string> &knownHooks();

/// Which built-ins and files the options name.
ProfileOptions profileOptions(const FullOptionLookup &Options);

/// The `user` profile: NonSendTypes, ThreadBoundTypes, the channel type and
/// method options, and the method names of annotated channel types.
Profile userProfile(const FullOptionLookup &Options);

/// Every profile of a configuration: built-ins, files, user. False with
/// \p Err set (one line) when one cannot be read.
bool loadProfiles(const FullOptionLookup &Options, ProfileSet &Out,
                  std::string &Err);

/// loadProfiles, once per process and configuration.
std::shared_ptr<const ProfileSet>
sharedProfiles(const FullOptionLookup &Options, std::string &Err);

} // namespace corosafe

#endif
