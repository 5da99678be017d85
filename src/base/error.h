/*
 * error.h - filling the caller's error record (embargo_error): which file,
 * line and column, and why. Every layer reports through these.
 */
#ifndef EMB_ERROR_H
#define EMB_ERROR_H

#include "embargo.h"

#include <stdarg.h>

/* Fills an error record (err may be NULL): code, file, line, column and a
 * printf-style message (whose arguments may point into the record). */
void emb__error_set(embargo_error *err, embargo_status code, const char *file,
                    unsigned long line, unsigned long column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* As emb__error_set, with the message's arguments in `ap`. */
void emb__error_vset(embargo_error *err, embargo_status code, const char *file,
                     unsigned long line, unsigned long column, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 0)))
#endif
    ;

#endif
