# sdm_generate(<prefix> SCHEMA <file.capnp> [IMPORT_DIRS <dir>...] [IN_PLACE])
#
# Runs the real capnp compiler with both capnp's C++ generator and
# capnpc-sdmarshal on <file.capnp>, into ${CMAKE_CURRENT_BINARY_DIR}/<prefix>.
# Sets <prefix>_C_SOURCES (the kernel-side C codec), <prefix>_CXX_SOURCES
# (capnp's generated C++ plus the user-side C++ codec), <prefix>_C_FILES
# (every C file a Kbuild module needs: the codec and its header) and
# <prefix>_DIR (add it to the include path). IN_PLACE: a schema whose structs
# carry $ctype gets the in-place C codec only (no C++).
function(sdm_generate prefix)
  cmake_parse_arguments(ARG "IN_PLACE" "SCHEMA" "IMPORT_DIRS" ${ARGN})
  get_filename_component(schema "${ARG_SCHEMA}" ABSOLUTE)
  get_filename_component(dir "${schema}" DIRECTORY)
  get_filename_component(base "${schema}" NAME_WE)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${prefix}")
  set(imports -I "${SDM_SCHEMA_DIR}")
  foreach(d IN LISTS ARG_IMPORT_DIRS)
    get_filename_component(d "${d}" ABSOLUTE)
    list(APPEND imports -I "${d}")
  endforeach()
  set(outputs "${out}/${base}_sdm.h" "${out}/${base}_sdm.c")
  set(cxx_plugin)
  if(NOT ARG_IN_PLACE)
    list(APPEND outputs "${out}/${base}_sdm_cxx.h" "${out}/${base}_sdm_cxx.c++"
         "${out}/${base}.capnp.h" "${out}/${base}.capnp.c++")
    set(cxx_plugin "-oc++:${out}")
  endif()
  add_custom_command(OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory "${out}"
    COMMAND capnp compile --src-prefix "${dir}" ${imports}
            "-o$<TARGET_FILE:capnpc-sdmarshal>:${out}" ${cxx_plugin} "${schema}"
    DEPENDS "${schema}" capnpc-sdmarshal "${SDM_SCHEMA_DIR}/marshal.capnp"
    COMMENT "capnpc-sdmarshal: ${ARG_SCHEMA}" VERBATIM)
  set(${prefix}_C_SOURCES "${out}/${base}_sdm.c" PARENT_SCOPE)
  set(${prefix}_C_FILES "${out}/${base}_sdm.c" "${out}/${base}_sdm.h" PARENT_SCOPE)
  if(NOT ARG_IN_PLACE)
    set(${prefix}_CXX_SOURCES "${out}/${base}.capnp.c++" "${out}/${base}_sdm_cxx.c++"
        PARENT_SCOPE)
  endif()
  set(${prefix}_DIR "${out}" PARENT_SCOPE)
endfunction()
