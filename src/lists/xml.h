/*
 * xml.h - helpers of the XML list loaders (UN, EU, UK): libxml2 never prints,
 * and files parse into trees safely (private).
 */
#ifndef EMB_XML_H
#define EMB_XML_H

#include "dataset.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* The handlers libxml2 had before emb__xml_quiet_begin silenced them. */
typedef struct emb_xml_quiet {
    xmlGenericErrorFunc generic;
    void *generic_ctx;
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
} emb_xml_quiet;

/* Silences libxml2's per-thread fallback error handlers (the library never
 * prints) until emb__xml_quiet_end restores them. */
void emb__xml_quiet_begin(emb_xml_quiet *q);
void emb__xml_quiet_end(const emb_xml_quiet *q);

/* Reads the file at `path` into a tree (*out, freed with xmlFreeDoc): no
 * network, no entity substitution, a DOCTYPE refused. A parse error gives
 * EMBARGO_EFORMAT at libxml2's line and column in `err`; running out of
 * memory EMBARGO_ENOMEM with its message; an unreadable file EMBARGO_EIO. */
embargo_status emb__xml_read(const char *path, embargo_error *err, xmlDocPtr *out);

/* Finds the first element's name in a document head (after a byte order
 * mark, white space, the XML declaration, comments, processing instructions
 * and a DOCTYPE), for sniffers. Returns its start (just after '<') with the
 * bytes left in *rest, or NULL. Reads only the n bytes given. */
const unsigned char *emb__xml_first_element(const unsigned char *h, size_t n, size_t *rest);

#endif
