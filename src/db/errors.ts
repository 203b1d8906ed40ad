/** The SQLite result code of an error (SQLITE_FULL…), looking through the errors that wrap it. */
export function sqliteCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return undefined;
}

/** What a database error means for the person running Yusuan: one line, naming the file. */
export function databaseProblem(error: unknown, file: string): string {
  const { code, message } = error as { code?: string; message?: string };
  switch (sqliteCode(error) ?? code) {
    case 'SQLITE_FULL':
      return `disk full: ${file} cannot grow (free some space, or move YUSUAN_DB to a larger disk); nothing was written`;
    case 'SQLITE_NOTADB':
      return `${file} is not a SQLite database (a corrupt file, or another kind of file): move it away to start afresh`;
    case 'SQLITE_CORRUPT':
      return `${file} is corrupt: restore it from a backup or move it away to start afresh`;
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return `${file} is locked by another process (an import?): try again when it has finished`;
    case 'SQLITE_CANTOPEN':
      return `${file} cannot be opened: check that its folder exists and is readable`;
    case 'SQLITE_READONLY':
      return `${file} is read-only, so migrations and the first seeding cannot run: make it writable once`;
    case 'SQLITE_IOERR':
      return `${file} cannot be written or read (an I/O error: a full or failing disk?): ${message}`;
    case 'EACCES':
    case 'EPERM':
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EEXIST':
      return `cannot create ${file}: ${message}`;
    default:
      return `${file}: ${message ?? String(error)}`;
  }
}
