# Wraps a text file in a C++ raw string literal so the binary carries it (for example the
# default rule file). Run at build time: cmake -DINPUT=... -DOUTPUT=... -P embed_text.cmake
file(READ "${INPUT}" text)
set(content "// Generated from ${INPUT} by cmake/embed_text.cmake. Do not edit.\n")
string(APPEND content "R\"mesoclinic_text(${text})mesoclinic_text\"\n")
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
