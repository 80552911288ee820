# Driver sources from Debian's linux-source package, extracted into the build
# tree at build time (never committed), and their compile databases.

set(LINUX_SOURCE_TARBALL /usr/src/linux-source-6.1.tar.xz CACHE FILEPATH
    "Debian linux-source tarball the driver sources come from")
set(LINUX_SOURCE_CACHE "${CMAKE_BINARY_DIR}/linux-source" CACHE INTERNAL "")
set(DRIVER_SOURCE_TOOL "${PROJECT_SOURCE_DIR}/scripts/driver-source")

# One decompression per build tree, before any driver reads the cache.
set(_stamp "${LINUX_SOURCE_CACHE}/linux-source-6.1.stamp")
add_custom_command(OUTPUT "${_stamp}"
  COMMAND "${DRIVER_SOURCE_TOOL}" --tarball "${LINUX_SOURCE_TARBALL}"
          --cache "${LINUX_SOURCE_CACHE}" prepare
  DEPENDS "${LINUX_SOURCE_TARBALL}" "${DRIVER_SOURCE_TOOL}"
  COMMENT "linux-source: decompressing ${LINUX_SOURCE_TARBALL} (once per build tree)" VERBATIM)
add_custom_target(linux-source-cache DEPENDS "${_stamp}")

# linux_driver(<name> PATH <kernel-tree dir> [MODULES <m>...])
#
# Target <name>-source extracts the directory to
# ${CMAKE_BINARY_DIR}/drivers/<name>/src and builds it out of tree with
# Kbuild, producing ${CMAKE_BINARY_DIR}/drivers/<name>/compile_commands.json
# (whose entries point at ${CMAKE_BINARY_DIR}/drivers/<name>/kbuild) and the
# stock modules there.
function(linux_driver name)
  cmake_parse_arguments(ARG "" "PATH" "MODULES" ${ARGN})
  set(root "${CMAKE_BINARY_DIR}/drivers/${name}")
  set(module_args)
  foreach(m IN LISTS ARG_MODULES)
    list(APPEND module_args --module ${m})
  endforeach()
  add_custom_command(OUTPUT "${root}/compile_commands.json"
    COMMAND "${DRIVER_SOURCE_TOOL}" --tarball "${LINUX_SOURCE_TARBALL}"
            --cache "${LINUX_SOURCE_CACHE}" extract --out "${root}/src" "${ARG_PATH}"
    COMMAND "${DRIVER_SOURCE_TOOL}" --tarball "${LINUX_SOURCE_TARBALL}"
            --cache "${LINUX_SOURCE_CACHE}" compdb --src "${root}/src/${ARG_PATH}"
            --work "${root}/kbuild" -o "${root}/compile_commands.json"
            --headers "${KERNEL_HEADERS_DIR}" ${module_args}
    DEPENDS "${DRIVER_SOURCE_TOOL}"
    COMMENT "linux-source: ${ARG_PATH} and its compile database" VERBATIM)
  add_custom_target(${name}-source ALL DEPENDS "${root}/compile_commands.json")
  add_dependencies(${name}-source linux-source-cache)
  set_target_properties(${name}-source PROPERTIES
    DRIVER_ROOT "${root}"
    COMPILE_DATABASE "${root}/compile_commands.json")
endfunction()
