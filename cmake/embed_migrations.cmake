# Turns src/store/migrations/{<engine>,common}/NNNN_name.sql into C++ initialisers so the binary carries
# its schema. Run at build time: cmake -DSOURCE_DIR=... -DOUTPUT=... -P embed_migrations.cmake
set(content "// Generated from src/store/migrations by cmake/embed_migrations.cmake. Do not edit.\n")
# migrations/<engine>/ holds SQL that differs between the engines; migrations/common/ holds SQL
# both accept as it is, applied to each.
foreach(engine sqlite postgres)
  file(GLOB files "${SOURCE_DIR}/${engine}/*.sql" "${SOURCE_DIR}/common/*.sql")
  list(SORT files)
  foreach(file ${files})
    get_filename_component(name "${file}" NAME_WE)
    string(REGEX MATCH "^[0-9]+" number "${name}")
    math(EXPR number "${number}")
    file(READ "${file}" sql)
    if(engine STREQUAL "sqlite")
      set(enum "Engine::kSqlite")
    else()
      set(enum "Engine::kPostgres")
    endif()
    string(APPEND content "{${enum}, ${number}, \"${name}\", R\"mesoclinic_sql(${sql})mesoclinic_sql\"},\n")
  endforeach()
endforeach()
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
