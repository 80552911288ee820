# Third-party dependencies, all from Debian packages (scripts/install-deps.sh).

# Clang 19 libTooling through the shared clang-cpp and LLVM libraries.
find_package(LLVM 19.1 REQUIRED CONFIG PATHS /usr/lib/llvm-19/lib/cmake/llvm NO_DEFAULT_PATH)
find_package(Clang REQUIRED CONFIG PATHS /usr/lib/llvm-19/lib/cmake/clang NO_DEFAULT_PATH)
message(STATUS "libTooling: LLVM ${LLVM_PACKAGE_VERSION} in ${LLVM_INSTALL_PREFIX}")

# Interface target for code built on libTooling. LLVM is built without RTTI,
# so anything deriving from its classes must be too.
add_library(split_driver_libtooling INTERFACE)
target_include_directories(split_driver_libtooling SYSTEM INTERFACE
  ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
target_compile_definitions(split_driver_libtooling INTERFACE ${LLVM_DEFINITIONS})
target_compile_options(split_driver_libtooling INTERFACE -fno-rtti)
target_link_libraries(split_driver_libtooling INTERFACE clang-cpp LLVM)

find_package(CapnProto 0.9 CONFIG REQUIRED)
find_package(GTest REQUIRED)
find_package(Threads REQUIRED)

find_program(FILECHECK NAMES FileCheck-19 FileCheck
  PATHS /usr/lib/llvm-19/bin REQUIRED)
find_package(Python3 REQUIRED COMPONENTS Interpreter)

# Sanitizer flags for targets that opt in (tests of user-space runtime code).
set(SPLIT_DRIVER_SANITIZE_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)

# Adds a GoogleTest executable and registers its tests with ctest.
function(split_driver_gtest name)
  cmake_parse_arguments(ARG "SANITIZE" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main Threads::Threads)
  # The sanitized build of a suite registers its tests as "asan.<Suite.Test>",
  # so a failure says which build it came from.
  set(prefix "")
  if(ARG_SANITIZE)
    target_compile_options(${name} PRIVATE ${SPLIT_DRIVER_SANITIZE_FLAGS})
    target_link_options(${name} PRIVATE ${SPLIT_DRIVER_SANITIZE_FLAGS})
    set(prefix "asan.")
  endif()
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 TEST_PREFIX "${prefix}")
endfunction()
