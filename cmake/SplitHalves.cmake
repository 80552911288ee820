# split_driver_halves(<driver> SOURCE <linux_driver name> | DATABASE <dir>
#                     [ANNOTATIONS <sidecar>] DIR <out> [FILES <translation unit>...]
#                     [DEPENDS <target or file>...])
#
# A driver split at build time by scripts/build-split.sh (marshal, split,
# Kbuild, the user half's CMake project, plain and ASan): target
# <driver>-split builds <out>/<driver>_k.ko, <out>/<driver>-udrv and
# <out>/<driver>-udrv-asan, and <out>/ksymcov.txt (kenv's coverage lines).
# SOURCE names the linux_driver() whose compile database is split; FILES
# picks the driver's own translation units out of it (asix, not usbnet).
function(split_driver_halves driver)
  cmake_parse_arguments(A "" "SOURCE;DATABASE;ANNOTATIONS;DIR" "FILES;DEPENDS" ${ARGN})
  if(NOT (A_SOURCE OR A_DATABASE) OR NOT A_DIR)
    message(FATAL_ERROR "split_driver_halves(${driver}): SOURCE or DATABASE, and DIR are required")
  endif()
  if(A_SOURCE)
    get_target_property(db ${A_SOURCE}-source DRIVER_ROOT)
  else()
    set(db "${A_DATABASE}")
  endif()
  set(annotations -)
  if(A_ANNOTATIONS)
    set(annotations "${A_ANNOTATIONS}")
  endif()
  set(script "${PROJECT_SOURCE_DIR}/scripts/build-split.sh")
  # The halves carry copies of the marshal runtime: rebuild them when it changes.
  file(GLOB runtime_headers "${SDM_RUNTIME_DIR}/*.h")
  # ... and when the kernel API rules change what crosses.
  file(GLOB api_rules CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/annotations/kernel-api/*.rules"
       "${PROJECT_SOURCE_DIR}/annotations/kernel-api/*.types")
  set(outputs "${A_DIR}/${driver}_k.ko" "${A_DIR}/${driver}-udrv" "${A_DIR}/${driver}-udrv-asan")
  add_custom_command(OUTPUT ${outputs} "${A_DIR}/ksymcov.txt"
    COMMAND "${script}" ${driver} "$<TARGET_FILE:split-driver>" "${db}" "${annotations}"
            "${KERNEL_HEADERS_DIR}" "${PROJECT_SOURCE_DIR}" "${CMAKE_BINARY_DIR}" "${A_DIR}"
            ${A_FILES}
    DEPENDS "${script}" ${A_ANNOTATIONS} ${A_DEPENDS} "${db}/compile_commands.json" split-driver
            capnpc-sdmarshal udrv kenv kenv_asan udrv_host udrv_host_asan udrv_dingo
            udrv_dingo_sanitized udrv_observers udrv_observers_sanitized udrv_channel
            "${PROJECT_SOURCE_DIR}/cmake/Kenv.cmake" ${SDM_RUNTIME_SOURCES} ${runtime_headers}
            ${api_rules}
    COMMENT "split ${driver}: marshal, split, both halves" VERBATIM)
  add_custom_target(${driver}-split ALL DEPENDS ${outputs})
  set_target_properties(${driver}-split PROPERTIES
    KERNEL_MODULE_PATH "${A_DIR}/${driver}_k.ko")
endfunction()

# split_driver_qemu_test(<driver> <name> DIR <out> [USER_HALF <binary>]
#                        [MEMORY m] [TIMEOUT s] [NICS preset] [MODULES stock...]
#                        [PROGRAMS extra...] [FILES host:guest...])
#
# qemu.<driver>-split-<name>: the guest script tests/<name>.sh beside the
# calling CMakeLists.txt runs <driver>'s split halves (udrv.ko, <driver>_k.ko
# and the user half, <driver>-udrv by default) with tests/kstub/kstub-lib.sh
# and the driver's tests/split-lib.sh in /test.
function(split_driver_qemu_test driver name)
  cmake_parse_arguments(A "" "DIR;USER_HALF;MEMORY;TIMEOUT;NICS"
                        "MODULES;PROGRAMS;FILES" ${ARGN})
  if(NOT A_USER_HALF)
    set(A_USER_HALF ${driver}-udrv)
  endif()
  if(NOT A_MEMORY)
    set(A_MEMORY 256M)
  endif()
  if(NOT A_TIMEOUT)
    set(A_TIMEOUT 120)
  endif()
  if(NOT A_NICS)
    set(A_NICS none)
  endif()
  add_qemu_test(${driver}-split-${name} SCRIPT "${CMAKE_CURRENT_SOURCE_DIR}/tests/${name}.sh"
    NICS ${A_NICS} MEMORY ${A_MEMORY} TIMEOUT ${A_TIMEOUT} MODULES ${A_MODULES}
    KOS udrv ${driver}-split
    PROGRAMS "${A_DIR}/${A_USER_HALF}:/bin/${A_USER_HALF}" ${A_PROGRAMS}
    FILES "${PROJECT_SOURCE_DIR}/tests/kstub/kstub-lib.sh:/test/kstub-lib.sh"
          "${CMAKE_CURRENT_SOURCE_DIR}/tests/split-lib.sh:/test/split-lib.sh" ${A_FILES})
endfunction()
