# Writes OUTPUT: one initializer {name, file, text} per study file in STUDIES (a ;-list of
# paths relative to SOURCE_DIR), each text as a raw string literal. Run at build time so an
# edited study is picked up (experiments/builtin_studies.cpp includes the result).
set(content "")
foreach(rel IN LISTS STUDIES)
  file(READ "${SOURCE_DIR}/${rel}" text)
  get_filename_component(name "${rel}" NAME_WE)
  string(FIND "${text}" ")rwwce_study\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${rel} contains the raw-string delimiter )rwwce_study\"")
  endif()
  string(APPEND content "    {\"${name}\", \"${rel}\", R\"rwwce_study(${text})rwwce_study\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
