/*
 * listfile.h - reading the files of a list (private), for the loaders and
 * the dispatcher: a whole file into memory, its first bytes, and the
 * publication date kept beside it. Each reads regular files only: a FIFO,
 * socket, device or folder is refused (EMBARGO_EIO naming the file), never
 * waited on.
 */
#ifndef EMB_LISTFILE_H
#define EMB_LISTFILE_H

#include "embargo.h"

#include <stddef.h>
#include <stdio.h>

/* What a file of mode `mode` (st_mode) is, for messages: "a FIFO (named
 * pipe)", "a socket", "a folder", ... Static text. */
const char *emb__file_kind(unsigned mode);

/* Reads the whole file at `path` into memory (*out, emb__malloc'd and
 * NUL-terminated; *len excludes the NUL). EMBARGO_EIO with `err` filled if
 * it is not a regular file or cannot be opened or read; EMBARGO_ENOMEM
 * (err untouched). */
embargo_status emb__read_file(const char *path, char **out, size_t *len, embargo_error *err);

/* Reads up to `cap` bytes from the start of the file at `path` into `head`
 * and sets *n to how many there were (fewer if the file is shorter).
 * EMBARGO_EIO with `err` filled if it is not a regular file or cannot be
 * opened or read. */
embargo_status emb__read_head(const char *path, unsigned char *head, size_t cap, size_t *n,
                              embargo_error *err);

/* Opens the regular file at `path` as a stream for reading (fclose it);
 * NULL with `err` filled (EMBARGO_EIO) as emb__read_file. */
FILE *emb__open_file(const char *path, embargo_error *err);

/* The publication date of the list files at `path` (a folder, or a file in
 * one), read from a file named publication-date beside them: one line, an
 * ISO 8601 date, written to out (NUL-terminated, at most cap bytes). Empty
 * if there is none. */
void emb__folder_date(const char *path, char *out, size_t cap);

#endif
