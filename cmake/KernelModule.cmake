# Building kernel modules with Kbuild against Debian's kernel headers.
#
# The headers directory is derived at configure time from what is installed
# (never hard-coded): the newest /usr/src/linux-headers-*-amd64, or
# -DKERNEL_HEADERS_DIR=... to choose another.

if(NOT KERNEL_HEADERS_DIR)
  file(GLOB _candidates LIST_DIRECTORIES true /usr/src/linux-headers-*-amd64)
  list(SORT _candidates COMPARE NATURAL ORDER DESCENDING)
  list(GET _candidates 0 _newest)
  if(NOT _newest OR NOT EXISTS "${_newest}/Makefile")
    message(FATAL_ERROR "no Debian kernel headers in /usr/src/linux-headers-*-amd64: "
                        "run scripts/install-deps.sh")
  endif()
  set(KERNEL_HEADERS_DIR "${_newest}" CACHE PATH "Kbuild tree of the target kernel")
endif()
get_filename_component(_hdr_name "${KERNEL_HEADERS_DIR}" NAME)
string(REGEX REPLACE "^linux-headers-" "" KERNEL_ABI "${_hdr_name}")
set(KERNEL_ABI "${KERNEL_ABI}" CACHE STRING "uname -r of the target kernel")
message(STATUS "kernel: ${KERNEL_ABI} (${KERNEL_HEADERS_DIR})")

# add_kernel_module(<name> KBUILD <Kbuild file> SOURCES <files...>)
#
# Copies the sources and the Kbuild file into the build tree (Kbuild writes
# its objects next to the sources, and the source tree stays clean) and builds
# <name>.ko there. The target <name> is part of ALL; the module's path is in
# its KERNEL_MODULE_PATH property.
function(add_kernel_module name)
  cmake_parse_arguments(ARG "" "KBUILD" "SOURCES" ${ARGN})
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${name}.kbuild")
  set(copies)
  foreach(src IN LISTS ARG_SOURCES)
    get_filename_component(abs "${src}" ABSOLUTE)
    get_filename_component(base "${src}" NAME)
    add_custom_command(OUTPUT "${dir}/${base}"
      COMMAND ${CMAKE_COMMAND} -E copy_if_different "${abs}" "${dir}/${base}"
      DEPENDS "${abs}" VERBATIM)
    list(APPEND copies "${dir}/${base}")
  endforeach()
  get_filename_component(kbuild "${ARG_KBUILD}" ABSOLUTE)
  add_custom_command(OUTPUT "${dir}/Kbuild"
    COMMAND ${CMAKE_COMMAND} -E copy_if_different "${kbuild}" "${dir}/Kbuild"
    DEPENDS "${kbuild}" VERBATIM)
  add_custom_command(OUTPUT "${dir}/${name}.ko"
    COMMAND make -C "${KERNEL_HEADERS_DIR}" "M=${dir}" -j2 modules
    DEPENDS ${copies} "${dir}/Kbuild"
    COMMENT "Kbuild: ${name}.ko against ${KERNEL_ABI}" VERBATIM)
  add_custom_target(${name} ALL DEPENDS "${dir}/${name}.ko")
  set_target_properties(${name} PROPERTIES KERNEL_MODULE_PATH "${dir}/${name}.ko")
endfunction()
