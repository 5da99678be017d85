/*
 * error.c - filling error records; see error.h.
 */
#include "error.h"

#include <stdio.h>
#include <string.h>

void emb__error_vset(embargo_error *err, embargo_status code, const char *file,
                     unsigned long line, unsigned long column, const char *fmt, va_list ap) {
    if (!err) return;
    /* the message first: its arguments may point into the record */
    char msg[sizeof(err->message)];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    err->code = code;
    err->line = line;
    err->column = column;
    snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
    memcpy(err->message, msg, sizeof(msg));
}

void emb__error_set(embargo_error *err, embargo_status code, const char *file,
                    unsigned long line, unsigned long column, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emb__error_vset(err, code, file, line, column, fmt, ap);
    va_end(ap);
}
