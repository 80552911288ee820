# End-to-end tests in a real Linux 6.1 guest under QEMU (tests/qemu/harness.py).

set(GUEST_KERNEL_DIR "${CMAKE_BINARY_DIR}/guest-kernel")
set(QEMU_HARNESS "${PROJECT_SOURCE_DIR}/tests/qemu/harness.py")

# Debian's kernel image of the same ABI as the headers, unpacked (never installed).
add_custom_command(OUTPUT "${GUEST_KERNEL_DIR}/.abi"
  COMMAND "${PROJECT_SOURCE_DIR}/scripts/fetch-guest-kernel" "${GUEST_KERNEL_DIR}" "${KERNEL_ABI}"
  DEPENDS "${PROJECT_SOURCE_DIR}/scripts/fetch-guest-kernel"
  COMMENT "guest kernel: linux-image-${KERNEL_ABI}" VERBATIM)
add_custom_target(guest-kernel ALL DEPENDS "${GUEST_KERNEL_DIR}/.abi")

# add_qemu_test(<name> SCRIPT <guest script>
#               [NICS <preset>] [TIMEOUT <s>] [MEMORY <size>]
#               [MODULES <stock module>...]     loaded before the script
#               [KOS <add_kernel_module target>...]   in /lib/modules/extra/
#               [PROGRAMS <target or path>[:<guest path>]...]
#               [FILES <path>[:<guest path>]...]
#               [PASS_REGULAR_EXPRESSION <regex>])  for tests of failure paths
#
# Registers ctest test qemu.<name> (label "qemu").
function(add_qemu_test name)
  cmake_parse_arguments(ARG "" "SCRIPT;NICS;TIMEOUT;MEMORY;PASS_REGULAR_EXPRESSION"
                        "MODULES;KOS;PROGRAMS;FILES" ${ARGN})
  if(NOT ARG_NICS)
    set(ARG_NICS none)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  if(NOT ARG_MEMORY)
    set(ARG_MEMORY 256M)
  endif()
  get_filename_component(script "${ARG_SCRIPT}" ABSOLUTE)
  set(cmd "${Python3_EXECUTABLE}" "${QEMU_HARNESS}" --kernel-dir "${GUEST_KERNEL_DIR}"
      --work "${CMAKE_CURRENT_BINARY_DIR}/qemu-${name}" --script "${script}"
      --nics ${ARG_NICS} --memory ${ARG_MEMORY} --timeout ${ARG_TIMEOUT})
  foreach(m IN LISTS ARG_MODULES)
    list(APPEND cmd --module ${m})
  endforeach()
  foreach(ko IN LISTS ARG_KOS)
    list(APPEND cmd --ko "$<TARGET_PROPERTY:${ko},KERNEL_MODULE_PATH>")
  endforeach()
  foreach(spec IN LISTS ARG_PROGRAMS)
    string(REPLACE ":" ";" parts "${spec}")
    list(GET parts 0 prog)
    if(TARGET ${prog})
      set(prog "$<TARGET_FILE:${prog}>")
    endif()
    list(LENGTH parts n)
    if(n GREATER 1)
      list(GET parts 1 guest)
      string(APPEND prog ":${guest}")
    endif()
    list(APPEND cmd --program "${prog}")
  endforeach()
  foreach(spec IN LISTS ARG_FILES)
    list(APPEND cmd --file "${spec}")
  endforeach()
  add_test(NAME qemu.${name} COMMAND ${cmd})
  # ctest's own timeout backs the harness's, which kills QEMU and shows the log.
  math(EXPR ctest_timeout "${ARG_TIMEOUT} + 60")
  set_tests_properties(qemu.${name} PROPERTIES LABELS qemu TIMEOUT ${ctest_timeout})
  if(ARG_PASS_REGULAR_EXPRESSION)
    set_tests_properties(qemu.${name} PROPERTIES
      PASS_REGULAR_EXPRESSION "${ARG_PASS_REGULAR_EXPRESSION}")
  endif()
endfunction()
