# Turns the numbered SQL migrations into C arrays so the binary carries its
# own schema. Input: FILES (sorted list of NNNN_name.sql), PG_DIR (directory of
# PostgreSQL's NNNN_name.sql where its SQL differs), OUT (C file path).
# db_migrations holds the SQLite files; db_migrations_pg, for each number, the
# file of PG_DIR with the same name if there is one, else the SQLite file.
set(body "/* Generated from src/db/migrations by cmake/embed_migrations.cmake. Do not edit. */\n#include \"db/migrate.h\"\n\n")
string(REPLACE "," ";" FILES "${FILES}")
set(sqlite_rows "")
set(pg_rows "")
set(n 0)
foreach(f ${FILES})
  get_filename_component(name ${f} NAME_WE)
  string(REGEX MATCH "^[0-9]+" num "${name}")
  math(EXPR num "${num}")
  file(READ ${f} sql HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" sql "${sql}")
  string(APPEND sqlite_rows "  { ${num}, \"${name}\", \"${sql}\" },\n")
  if(EXISTS "${PG_DIR}/${name}.sql")
    file(READ "${PG_DIR}/${name}.sql" sql HEX)
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" sql "${sql}")
  endif()
  string(APPEND pg_rows "  { ${num}, \"${name}\", \"${sql}\" },\n")
  math(EXPR n "${n} + 1")
endforeach()
string(APPEND body "const struct db_migration db_migrations[] = {\n${sqlite_rows}};\n")
string(APPEND body "const struct db_migration db_migrations_pg[] = {\n${pg_rows}};\n")
string(APPEND body "const int db_migration_count = ${n};\n")
file(WRITE ${OUT}.tmp "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
