//===- AtomicFile.cpp - output files written atomically -------------------===//
#include "AtomicFile.h"

#include "Interrupt.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace corosafe {

AtomicFile::~AtomicFile() {
  if (!Tmp.empty() && !Committed && !InPlace)
    llvm::sys::fs::remove(Tmp);
  interrupt::removeTemp(Slot);
}

bool AtomicFile::create(std::string &Err) {
  // Not a regular file (/dev/null, a FIFO, a terminal): nothing to replace,
  // written in place.
  llvm::sys::fs::file_status St;
  if (!llvm::sys::fs::status(Path, St) &&
      llvm::sys::fs::exists(St) &&
      St.type() != llvm::sys::fs::file_type::regular_file &&
      St.type() != llvm::sys::fs::file_type::directory_file) {
    Tmp = Path;
    InPlace = true;
    return true;
  }
  llvm::SmallString<256> Dir(Path);
  llvm::sys::path::remove_filename(Dir);
  if (!Dir.empty())
    if (std::error_code EC = llvm::sys::fs::create_directories(Dir)) {
      Err = "cannot create '" + std::string(Dir) + "': " + EC.message();
      return false;
    }
  llvm::SmallString<256> Model(Path);
  Model += ".tmp-%%%%%%%%";
  Model += llvm::sys::path::extension(Path);
  int FD;
  llvm::SmallString<256> Created;
  // Created and registered as one step: a signal in between would leave it.
  interrupt::Blocked B;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueFile(Model, FD, Created)) {
    Err = "cannot write '" + Path + "': " + EC.message();
    return false;
  }
  llvm::sys::Process::SafelyCloseFileDescriptor(FD);
  Tmp = std::string(Created);
  Slot = interrupt::addTemp(Tmp);
  return true;
}

bool AtomicFile::write(std::string_view Text, std::string &Err) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Tmp, EC);
  if (EC) {
    Err = "cannot write '" + Tmp + "': " + EC.message();
    return false;
  }
  OS << Text;
  OS.flush();
  if (OS.has_error()) {
    Err = "cannot write '" + Tmp + "': " + OS.error().message();
    OS.clear_error();
    return false;
  }
  return true;
}

bool AtomicFile::commit(std::string &Err) {
  if (InPlace)
    return true;
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Path)) {
    Err = "cannot rename '" + Tmp + "' to '" + Path + "': " + EC.message();
    return false;
  }
  Committed = true;
  interrupt::removeTemp(Slot);
  Slot = -1;
  return true;
}

bool writeFileAtomically(const std::string &Path, std::string_view Text,
                         std::string &Err) {
  AtomicFile F(Path);
  return F.create(Err) && F.write(Text, Err) && F.commit(Err);
}

} // namespace corosafe
