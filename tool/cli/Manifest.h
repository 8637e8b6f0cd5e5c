//===- Manifest.h - what a --facts-dir run wrote ----------------*- C++ -*-===//
//
// A run with --facts-dir DIR ends by writing DIR/corosafe-facts-manifest.json
// (atomically, after every facts file; a run first removes the manifest it
// finds, so an interrupted run leaves none):
//
//   {
//     "schema": "corosafe-facts-manifest",
//     "schemaVersion": 1,
//     "tool": {"name": "corosafe", "version": "0.1.0"},
//     "configHash": "0123456789abcdef",   // xxh3 of "config" as JSON text
//     "config": {"rules": [...], "options": {...}, "headerFilter": "..."},
//     "files": [                          // sorted by path
//       {"path": "a.0123abcd.facts.json", // relative to DIR
//        "file": "/abs/src/a.cpp",        // the TU
//        "xxh3": "0123456789abcdef"}      // of the facts file's bytes
//     ]
//   }
//
// `corosafe merge DIR` then merges exactly these files: a facts file not in
// the manifest (left from an earlier run, written by another one) is
// reported and ignored, and so is one whose configuration differs; a listed
// file that is missing or changed is an error (the run is incomplete).
// Without a manifest (facts files written one by one with --facts-file by a
// build system) every facts file is merged. Clang-free.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_MANIFEST_H
#define COROSAFE_CLI_MANIFEST_H

#include "TUResult.h"

#include <string>
#include <string_view>
#include <vector>

namespace corosafe {

constexpr const char *ManifestFileName = "corosafe-facts-manifest.json";
constexpr const char *ManifestSchema = "corosafe-facts-manifest";
constexpr int ManifestSchemaVersion = 1;

struct FactsManifest {
  struct Entry {
    std::string Path; // relative to the facts directory
    std::string File; // the TU's main file
    std::string Hash; // xxh3 of the facts file
  };
  std::string ToolVersion;
  AnalysisConfig Config;
  std::string ConfigHash;
  std::vector<Entry> Files; // sorted by Path
};

/// xxh3 of the configuration's JSON text (16 hex digits).
std::string configHash(const AnalysisConfig &C);

/// The manifest's JSON text (entries sorted by path).
std::string manifestText(FactsManifest M);

/// Parses a manifest; false with \p Err naming the key that is wrong.
bool parseManifest(std::string_view Text, FactsManifest &Out,
                   std::string &Err);

} // namespace corosafe

#endif
