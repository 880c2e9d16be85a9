#ifndef KEHU_CSQLITE_SHIM_H
#define KEHU_CSQLITE_SHIM_H

#include <sqlite3.h>

// Swift cannot call C variadic functions; these fixed-arity wrappers stand in
// for the two sqlite3_db_config verbs Kehu uses.
static inline int kehu_sqlite3_db_config_int(sqlite3 *db, int op, int value, int *result) {
    return sqlite3_db_config(db, op, value, result);
}

// SQLite counts every allocation under a process-wide mutex unless told not to
// (https://sqlite.org/c3ref/c_config_covering_index_scan.html#sqliteconfigmemstatus);
// Kehu never reads those counts. Only effective before the library initialises.
static inline int kehu_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

// Each page cache starts with a block of 20 pages from one malloc (Debian's
// SQLITE_DEFAULT_PCACHE_INITSZ), and every ephemeral table of a sort, DISTINCT or
// IN list has a page cache of its own in memory (temp_store = MEMORY): 85 KiB
// taken and freed per such statement, a dozen a second in the soak, while a table
// that small uses a page or two. Zero makes each cache take pages one at a time
// (https://sqlite.org/c3ref/c_config_covering_index_scan.html#sqliteconfigpagecache).
// Only effective before the library initialises.
static inline int kehu_sqlite3_disable_page_cache_bulk(void) {
    return sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)0, 0, 0);
}

// Extended result codes are macros built with `|` and `<<` (for example
// `(SQLITE_CONSTRAINT | (8<<8))`), which Swift's Clang importer does not
// evaluate. Re-export the ones SQLiteStore inspects as plain constants.
// Values: https://sqlite.org/rescode.html#extrc
static const int kehu_SQLITE_CONSTRAINT_CHECK = SQLITE_CONSTRAINT_CHECK;
static const int kehu_SQLITE_CONSTRAINT_FOREIGNKEY = SQLITE_CONSTRAINT_FOREIGNKEY;
static const int kehu_SQLITE_CONSTRAINT_NOTNULL = SQLITE_CONSTRAINT_NOTNULL;
static const int kehu_SQLITE_CONSTRAINT_PRIMARYKEY = SQLITE_CONSTRAINT_PRIMARYKEY;
static const int kehu_SQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT_UNIQUE;

#endif
