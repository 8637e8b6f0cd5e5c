# Corosafe.cmake: corosafe's per-TU step as build steps, and the merge as a
# target. Include it from any CMake project built with Ninja or Makefiles:
#
#   include(path/to/Corosafe.cmake)
#   corosafe_analyze(mylib)                  # one facts file per source
#   corosafe_add_check(corosafe-check)       # merge: reports, fails on findings
#
# Every source of the target gets a custom command
#
#   corosafe -p BUILD --no-cache --facts-file F.facts.json --depfile F.d SRC
#
# that writes its facts file in the build tree (BUILD/corosafe-facts/TARGET/
# SRC.facts.json, next to the objects' tree). The depfile lists every header
# the TU read, so the build system re-runs exactly the TUs whose sources or
# headers changed, in parallel with everything else (ninja -j). The check
# target runs `corosafe merge` over all facts files: the same findings, output
# and exit status as `corosafe -p BUILD`.
#
# Variables: COROSAFE_EXECUTABLE (the corosafe binary), COROSAFE_FACTS_ROOT
# (default BUILD/corosafe-facts), COROSAFE_ARGS (extra per-TU options, e.g.
# --checks or --option; every TU of one merge must use the same ones).
cmake_minimum_required(VERSION 3.20)

find_program(COROSAFE_EXECUTABLE corosafe REQUIRED)
set(COROSAFE_FACTS_ROOT "${CMAKE_BINARY_DIR}/corosafe-facts" CACHE PATH
    "Where the per-TU facts files are written")
set(COROSAFE_ARGS "" CACHE STRING "Extra options of the per-TU step")
# The per-TU step reads BUILD/compile_commands.json.
set(CMAKE_EXPORT_COMPILE_COMMANDS ON CACHE BOOL "" FORCE)
set_property(GLOBAL PROPERTY COROSAFE_FACTS_FILES "")

function(corosafe_analyze target)
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(outputs "")
  foreach(src IN LISTS sources)
    if(NOT src MATCHES "\\.(c|cc|cpp|cxx|c\\+\\+)$")
      continue()
    endif()
    get_filename_component(abs "${src}" ABSOLUTE BASE_DIR "${source_dir}")
    file(RELATIVE_PATH rel "${CMAKE_SOURCE_DIR}" "${abs}")
    set(facts "${COROSAFE_FACTS_ROOT}/${target}/${rel}.facts.json")
    add_custom_command(
      OUTPUT "${facts}"
      COMMAND "${COROSAFE_EXECUTABLE}" -p "${CMAKE_BINARY_DIR}" --no-cache
              ${COROSAFE_ARGS} --facts-file "${facts}" --depfile "${facts}.d"
              "${abs}"
      DEPENDS "${abs}" "${COROSAFE_EXECUTABLE}"
      DEPFILE "${facts}.d"
      COMMENT "corosafe: facts of ${rel}"
      VERBATIM)
    list(APPEND outputs "${facts}")
  endforeach()
  set_property(GLOBAL APPEND PROPERTY COROSAFE_FACTS_FILES ${outputs})
  add_custom_target(${target}-corosafe-facts DEPENDS ${outputs})
endfunction()

# corosafe_add_check(NAME [merge options...]): a target that merges the facts
# of every corosafe_analyze()d target. Call it after them.
function(corosafe_add_check name)
  get_property(all GLOBAL PROPERTY COROSAFE_FACTS_FILES)
  add_custom_target(${name}
    COMMAND "${COROSAFE_EXECUTABLE}" merge "${COROSAFE_FACTS_ROOT}" ${ARGN}
    DEPENDS ${all}
    WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
    COMMENT "corosafe: merging the facts of every TU"
    USES_TERMINAL
    VERBATIM)
endfunction()
