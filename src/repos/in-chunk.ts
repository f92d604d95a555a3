/** Values per `IN (...)`: D1 binds at most 100 parameters per statement. */
export const IN_CHUNK = 90
