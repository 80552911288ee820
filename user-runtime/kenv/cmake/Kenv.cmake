# kenv: compiling unmodified kernel C into user-space programs.
#
#   kenv_add_kernel_objects(<target>
#     COMPDB <compile_commands.json>   Kbuild compile database of the driver
#     FILES <tu.c>...                  its translation units to build
#     [SOURCES <file.c>...]            more kernel-recipe C (test glue...), built
#                                      with the flags of the database's entries
#     [INCLUDES <dir>...]              extra -I for SOURCES
#     [MODNAME <name>]                 defines __this_module for <name>
#     [DEPENDS <target>...]            targets producing the sources/database
#     [HOST_SYMBOLS <name>...]         plain-C functions of the hosting program
#                                      the objects may call (runtime glue)
#     [SANITIZE])                      -fsanitize=address,undefined (links kenv_asan)
#
# makes a static library <target> of the objects (link it whole:
# "$<LINK_LIBRARY:WHOLE_ARCHIVE,<target>>") that links kenv, and runs the
# symbol coverage check on them: a kernel symbol that is neither kenv-local
# nor a declared downcall fails the build (report: <target>.symbols.txt).

set(KENV_DIR "${CMAKE_CURRENT_LIST_DIR}/.." CACHE INTERNAL "")
# kenv's own kernel-side C borrows the flags of any Kbuild entry built against
# the same headers; e1000's database is always built.
set(KENV_REFERENCE_COMPDB "${CMAKE_BINARY_DIR}/drivers/e1000/compile_commands.json"
    CACHE INTERNAL "")
set(KENV_REFERENCE_TARGET e1000-source CACHE INTERNAL "")

# _kenv_kcc(<out-var> OBJECT <o> COMPDB <db> (FILE <tu> | SOURCE <c> MODNAME <m>)
#           [SANITIZE] [INCLUDES ...] [DEPENDS files...])
function(_kenv_kcc out_var)
  cmake_parse_arguments(A "SANITIZE" "OBJECT;COMPDB;FILE;SOURCE;MODNAME"
                        "INCLUDES;DEPENDS" ${ARGN})
  set(args --compdb "${A_COMPDB}" -o "${A_OBJECT}" --depfile "${A_OBJECT}.d")
  if(A_FILE)
    list(APPEND args --file "${A_FILE}")
  else()
    list(APPEND args --like any --source "${A_SOURCE}" --modname "${A_MODNAME}")
    list(APPEND A_DEPENDS "${A_SOURCE}")
  endif()
  if(A_SANITIZE)
    list(APPEND args --sanitize)
  endif()
  foreach(dir IN LISTS A_INCLUDES)
    list(APPEND args "--extra=-I${dir}")
  endforeach()
  file(RELATIVE_PATH rel "${CMAKE_BINARY_DIR}" "${A_OBJECT}")
  add_custom_command(OUTPUT "${A_OBJECT}"
    COMMAND "${Python3_EXECUTABLE}" "${KENV_DIR}/kcc.py" ${args}
    DEPENDS "${KENV_DIR}/kcc.py" "${KENV_DIR}/libc-renames.txt" ${A_DEPENDS}
    DEPFILE "${A_OBJECT}.d"
    COMMENT "kcc ${rel}" VERBATIM)
  set_source_files_properties("${A_OBJECT}" PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
  set(${out_var} "${A_OBJECT}" PARENT_SCOPE)
endfunction()

function(kenv_add_kernel_objects target)
  cmake_parse_arguments(A "SANITIZE" "COMPDB;MODNAME"
                        "FILES;SOURCES;INCLUDES;DEPENDS;HOST_SYMBOLS" ${ARGN})
  if(NOT A_COMPDB)
    message(FATAL_ERROR "kenv_add_kernel_objects(${target}): COMPDB is required")
  endif()
  set(san)
  set(runtime kenv)
  if(A_SANITIZE)
    set(san SANITIZE)
    set(runtime kenv_asan)
  endif()
  set(objdir "${CMAKE_CURRENT_BINARY_DIR}/${target}.kobj")
  set(objects)
  foreach(tu IN LISTS A_FILES)
    get_filename_component(base "${tu}" NAME_WE)
    _kenv_kcc(obj OBJECT "${objdir}/${base}.o" COMPDB "${A_COMPDB}" FILE "${tu}" ${san})
    list(APPEND objects "${obj}")
  endforeach()
  set(modname "${A_MODNAME}")
  if(NOT modname)
    set(modname "${target}")
  endif()
  set(includes ${A_INCLUDES} "${KENV_DIR}/include" "${PROJECT_SOURCE_DIR}/user-runtime/include")
  set(sources ${A_SOURCES})
  if(A_MODNAME)
    set(modc "${objdir}/${target}.mod.c")
    configure_file("${KENV_DIR}/cmake/module.c.in" "${modc}" @ONLY)
    list(APPEND sources "${modc}")
  endif()
  foreach(src IN LISTS sources)
    get_filename_component(base "${src}" NAME_WE)
    _kenv_kcc(obj OBJECT "${objdir}/${base}.o" COMPDB "${A_COMPDB}" SOURCE "${src}"
              MODNAME "${modname}" INCLUDES ${includes} ${san})
    list(APPEND objects "${obj}")
  endforeach()

  set(report "${CMAKE_CURRENT_BINARY_DIR}/${target}.symbols.txt")
  set(host_args)
  foreach(sym IN LISTS A_HOST_SYMBOLS)
    list(APPEND host_args --host-symbol "${sym}")
  endforeach()
  add_custom_command(OUTPUT "${target}.symcov.stamp"
    COMMAND "${Python3_EXECUTABLE}" "${KENV_DIR}/ksymcov.py"
            --local "$<TARGET_FILE:${runtime}>"
            --downcalls "${KENV_DIR}/downcalls.txt"
            --libc-shared "${KENV_DIR}/libc-shared.txt"
            ${host_args} --report "${report}" --stamp "${target}.symcov.stamp" ${objects}
    DEPENDS ${objects} ${runtime} "${KENV_DIR}/ksymcov.py" "${KENV_DIR}/downcalls.txt"
            "${KENV_DIR}/libc-shared.txt"
    COMMENT "ksymcov ${target}: symbol coverage" VERBATIM)
  add_custom_target(${target}-symcov DEPENDS "${target}.symcov.stamp")

  add_library(${target} STATIC ${objects})
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
  target_link_libraries(${target} PUBLIC ${runtime})
  add_dependencies(${target} ${target}-symcov)
  if(A_DEPENDS)
    # The sources come from targets of other directories (extraction).
    add_custom_target(${target}-inputs)
    add_dependencies(${target}-inputs ${A_DEPENDS})
    add_dependencies(${target}-symcov ${target}-inputs)
    add_dependencies(${target} ${target}-inputs)
  endif()
endfunction()
