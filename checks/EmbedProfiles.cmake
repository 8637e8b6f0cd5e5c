# Writes BuiltinProfiles.inc: the built-in profiles (profiles/*.yaml) as
# raw string literals, so that the CLI and the clang-tidy plugin need no
# install path. Run at build time: cmake -DOUT=... -DIN="a.yaml;b.yaml" -P
set(Text "// Generated from profiles/*.yaml by checks/EmbedProfiles.cmake.\n")
foreach(F IN LISTS IN)
  get_filename_component(Id "${F}" NAME_WE)
  file(READ "${F}" Body)
  string(APPEND Text "{\"${Id}\", R\"corosafe-profile(${Body})corosafe-profile\"},\n")
endforeach()
if(EXISTS "${OUT}")
  file(READ "${OUT}" Old)
  if(Old STREQUAL Text)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${Text}")
