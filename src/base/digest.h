/*
 * digest.h - SHA-256 of list files (OpenSSL's libcrypto), so that every
 * screening result can name the exact version of each list it used.
 */
#ifndef EMB_DIGEST_H
#define EMB_DIGEST_H

#include "embargo.h"

#include <stddef.h>

#define EMB_SHA256_HEX 65 /* 64 hex digits and a NUL */

/* The SHA-256 of bytes p[0..n), as lower-case hex. */
void emb__sha256(const void *p, size_t n, char hex[EMB_SHA256_HEX]);

/* The SHA-256 of the file at `path` (read in chunks), or, for a folder,
 * of the listing "HEX  NAME\n" of its regular files sorted by name (as
 * sha256sum prints it; dot files and sub-folders left out), so that one
 * hash stands for a set of files such as OFAC's. EMBARGO_EIO with a
 * message in err if anything cannot be read. */
embargo_status emb__sha256_path(const char *path, char hex[EMB_SHA256_HEX], embargo_error *err);

#endif
