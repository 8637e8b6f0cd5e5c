//===- Config.h - the configuration file -------------------------*- C++ -*-===//
//
// `.corosafe.yaml` (discovered upward from each source) or --config-file:
// the reader is shared with the clang-tidy plugin (corosafe/ConfigFile.h,
// docs/configuration.md). JSON files are YAML and keep working.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_CONFIG_H
#define COROSAFE_CLI_CONFIG_H

#include "corosafe/ConfigFile.h"

#endif
