# Kenv.cmake: builds the user half of a split driver (<out>/user, written by
# `split-driver split --codec=...`) as a standalone CMake project against a
# split-driver build tree: kenv's recipe (user-runtime/kenv/cmake/Kenv.cmake)
# for the kernel C, kenv's and udrv_host's libraries from that tree.
#
#   split_user_half(<target> COMPDB <compile_commands.json> MODNAME <name>
#                   FILES <driver .c>... SOURCES <generated kernel-recipe .c>...
#                   MAIN <main.c> [SANITIZE])
#
# Needs SPLIT_DRIVER_SOURCE_DIR and SPLIT_DRIVER_BINARY_DIR (the tree that
# built split-driver, kenv and udrv_host). The host libraries are looked up
# by name in that tree: SPLIT_DRIVER_HOST_LIBS (udrv_host and what it links).
if(NOT SPLIT_DRIVER_SOURCE_DIR OR NOT SPLIT_DRIVER_BINARY_DIR)
  message(FATAL_ERROR "Kenv.cmake: set SPLIT_DRIVER_SOURCE_DIR and SPLIT_DRIVER_BINARY_DIR")
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(SPLIT_DRIVER_HOST_LIBS udrv_host udrv_dingo udrv_observers udrv_channel CACHE STRING
    "udrv_host and the libraries it links, in link order")
set(SPLIT_DRIVER_HOST_LIBS_ASAN udrv_host_asan udrv_dingo_sanitized udrv_observers_sanitized
    udrv_channel CACHE STRING "the same, built with ASan and UBSan")

# A static library of the split-driver build tree as an imported target.
function(_split_import name)
  if(TARGET ${name})
    return()
  endif()
  file(GLOB_RECURSE found "${SPLIT_DRIVER_BINARY_DIR}/user-runtime/lib${name}.a")
  if(NOT found)
    message(FATAL_ERROR "Kenv.cmake: lib${name}.a is not in ${SPLIT_DRIVER_BINARY_DIR}/user-runtime: "
                        "build split-driver there first")
  endif()
  list(GET found 0 library)
  add_library(${name} STATIC IMPORTED)
  set_target_properties(${name} PROPERTIES IMPORTED_LOCATION "${library}")
endfunction()

foreach(runtime kenv kenv_asan)
  _split_import(${runtime})
  set_property(TARGET ${runtime} APPEND PROPERTY INTERFACE_LINK_OPTIONS -no-pie)
endforeach()
set_property(TARGET kenv_asan APPEND PROPERTY INTERFACE_LINK_OPTIONS
             -fsanitize=address,undefined)
include("${SPLIT_DRIVER_SOURCE_DIR}/user-runtime/kenv/cmake/Kenv.cmake")

function(split_user_half target)
  cmake_parse_arguments(A "SANITIZE" "COMPDB;MODNAME;MAIN" "FILES;SOURCES" ${ARGN})
  set(san)
  if(A_SANITIZE)
    set(san SANITIZE)
  endif()
  kenv_add_kernel_objects(${target}_kernel
    COMPDB "${A_COMPDB}" MODNAME ${A_MODNAME}
    FILES ${A_FILES}
    SOURCES ${A_SOURCES}
    INCLUDES "${CMAKE_CURRENT_SOURCE_DIR}"
             "${SPLIT_DRIVER_SOURCE_DIR}/user-runtime/include"
             "${SPLIT_DRIVER_SOURCE_DIR}/user-runtime/host/include"
    HOST_SYMBOLS udrv_host_downcall udrv_host_map_region udrv_host_dma_alloc
                 udrv_host_dma_free udrv_host_trace
    ${san})
  set(host_libs ${SPLIT_DRIVER_HOST_LIBS})
  set(kenv kenv)
  if(A_SANITIZE)
    set(host_libs ${SPLIT_DRIVER_HOST_LIBS_ASAN})
    set(kenv kenv_asan)
  endif()
  foreach(lib IN LISTS host_libs)
    _split_import(${lib})
  endforeach()
  add_executable(${target} "${A_MAIN}")
  target_include_directories(${target} PRIVATE
    "${SPLIT_DRIVER_SOURCE_DIR}/user-runtime/host/include")
  target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${target}_kernel>"
                        ${host_libs} ${kenv} stdc++ pthread)
  if(A_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
