/*
 * xml.h - helpers of the XML list loaders (UN, EU, UK): libxml2 never prints,
 * files parse into trees safely, and a tree is walked strictly, failing the
 * load with the line and XML path of what is out of place (private).
 */
#ifndef EMB_XML_H
#define EMB_XML_H

#include "dataset.h"
#include "../base/buf.h"

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

/* Loads the XML list file at `path` as list `list`: reads it into a tree
 * (emb__xml_read), dates the list by the root element's attribute
 * `date_attr` (its ISO 8601 date part; undated without one), begins the
 * load and hands the root (NULL for a document without one) to `walk`,
 * which stages the entities; then ends the load as walk says
 * (emb__load_end): published on EMBARGO_OK, else nothing. */
embargo_status emb__xml_load(embargo_dataset *ds, const char *path, embargo_error *err,
                             const char *list, const char *date_attr,
                             embargo_status (*walk)(emb_load *ld, const xmlNode *root));

/* The line of node `n` in its file, 0 if unknown. */
unsigned long emb__xml_line(const xmlNode *n);

/* Fails the load with "<what> at <XML path of n>" at n's line; returns
 * EMBARGO_EFORMAT. */
embargo_status emb__xml_fail(emb_load *ld, const xmlNode *n, const char *what);

/* Fails the load at `child` (an element, or text) out of place in `parent`. */
embargo_status emb__xml_unexpected(emb_load *ld, const xmlNode *child, const xmlNode *parent);

/* The first element among `c` and its later siblings, children of
 * `parent`, passing over comments, processing instructions and text that
 * is only white space. NULL at the end, and also at other text, which
 * fails the load (emb__xml_unexpected) with *st set; *st is left alone
 * otherwise. */
const xmlNode *emb__xml_element(emb_load *ld, const xmlNode *parent, const xmlNode *c,
                                embargo_status *st);

/* Appends to `b` the text of `list` and its later siblings, children of
 * `parent`: text, CDATA and the predefined entity references. An element
 * or another entity reference there fails the load. EMBARGO_ENOMEM when b
 * ran out of memory. */
embargo_status emb__xml_text(emb_load *ld, const xmlNode *parent, const xmlNode *list, emb_buf *b);

/* Finds the first element's name in a document head (after a byte order
 * mark, white space, the XML declaration, comments, processing instructions
 * and a DOCTYPE), for sniffers. Returns its start (just after '<') with the
 * bytes left in *rest, or NULL. Reads only the n bytes given. */
const unsigned char *emb__xml_first_element(const unsigned char *h, size_t n, size_t *rest);

#endif
