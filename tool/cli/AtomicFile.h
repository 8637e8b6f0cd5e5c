//===- AtomicFile.h - output files written atomically -----------*- C++ -*-===//
//
// Every file corosafe writes (-o, --graph, baselines, facts files, depfiles,
// cache entries, manifests) is written to a temporary file next to the
// target and renamed over it, so a reader (a concurrent run, a build system,
// a CI step after an interrupted run) never sees half a file. The temporary
// file is registered with Interrupt.h: a signal removes it.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_ATOMICFILE_H
#define COROSAFE_CLI_ATOMICFILE_H

#include <string>
#include <string_view>

namespace corosafe {

/// A temporary file next to \p Path ("<Path>.tmp-XXXXXXXX<ext>", keeping the
/// extension for writers that look at it), renamed to \p Path by commit()
/// and removed by the destructor otherwise. A target that exists and is not a
/// regular file (/dev/null, a FIFO) is written in place.
class AtomicFile {
public:
  explicit AtomicFile(std::string Path) : Path(std::move(Path)) {}
  ~AtomicFile();
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;

  /// Creates the target's directory and the (empty) temporary file.
  bool create(std::string &Err);
  /// The temporary file, to be written by the caller.
  const std::string &tempPath() const { return Tmp; }
  /// Writes \p Text to the temporary file.
  bool write(std::string_view Text, std::string &Err);
  /// Renames the temporary file to the target.
  bool commit(std::string &Err);

private:
  std::string Path, Tmp;
  int Slot = -1;
  bool Committed = false, InPlace = false;
};

/// Writes \p Text to \p Path atomically (AtomicFile).
bool writeFileAtomically(const std::string &Path, std::string_view Text,
                         std::string &Err);

} // namespace corosafe

#endif
