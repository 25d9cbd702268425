# Turns a list of common passwords (one per line, "#!comment" lines skipped) into a C++ string
# literal of newline-separated entries, lower-cased, so the binary carries it.
# Run at build time: cmake -DLIST=... -DOUTPUT=... -P embed_password_list.cmake
file(STRINGS "${LIST}" lines)
set(entries "")
foreach(line IN LISTS lines)
  if(line MATCHES "^#!comment" OR line STREQUAL "")
    continue()
  endif()
  string(TOLOWER "${line}" line)
  string(APPEND entries "${line}\n")
endforeach()
set(content "// Generated from ${LIST} by cmake/embed_password_list.cmake. Do not edit.\n")
string(APPEND content "R\"mesoclinic_list(${entries})mesoclinic_list\"\n")
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
