/*
 * xml.c - what the XML list loaders share: libxml2 kept quiet, parsing a
 * whole file into a tree without network access, entity substitution or a
 * DOCTYPE, with errors at libxml2's line and column, and walking the tree
 * strictly. See xml.h.
 */
#include "xml.h"
#include "listfile.h"
#include "../base/alloc.h"
#include "../base/date.h"
#include "../base/str.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static void xml_silent(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

#if LIBXML_VERSION >= 21200
static void xml_silent_s(void *ctx, const xmlError *e) {
#else
static void xml_silent_s(void *ctx, xmlErrorPtr e) {
#endif
    (void)ctx;
    (void)e;
}

void emb__xml_quiet_begin(emb_xml_quiet *q) {
    q->generic = xmlGenericError;
    q->generic_ctx = xmlGenericErrorContext;
    q->structured = xmlStructuredError;
    q->structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, xml_silent);
    xmlSetStructuredErrorFunc(NULL, xml_silent_s);
}

void emb__xml_quiet_end(const emb_xml_quiet *q) {
    xmlSetGenericErrorFunc(q->generic_ctx, q->generic);
    xmlSetStructuredErrorFunc(q->structured_ctx, q->structured);
}

/* Parses `len` bytes into a tree (*out, freed with xmlFreeDoc). A parse
 * error fails the load at libxml2's line and column; a DOCTYPE is refused. */
static embargo_status parse(const char *path, embargo_error *err, const char *data, size_t len,
                            xmlDocPtr *out) {
    *out = NULL;
    if (len > INT_MAX) {
        emb__error_set(err, EMBARGO_EFORMAT, path, 0, 0, "too large for the XML parser");
        return EMBARGO_EFORMAT;
    }
    xmlInitParser();
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) return EMBARGO_ENOMEM;
    /* libxml2 must not print: silence its per-thread fallback handlers */
    emb_xml_quiet q;
    emb__xml_quiet_begin(&q);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                          XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
    emb__xml_quiet_end(&q);
    embargo_status st = EMBARGO_OK;
    if (!doc || !ctxt->wellFormed || !ctxt->nsWellFormed) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        if (e && e->code == XML_ERR_NO_MEMORY) {
            st = EMBARGO_ENOMEM;
        } else {
            const char *m = e && e->message ? e->message : "not well-formed XML";
            size_t n = strlen(m);
            while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
            st = EMBARGO_EFORMAT;
            emb__error_set(err, st, path, e && e->line > 0 ? (unsigned long)e->line : 0,
                           e && e->int2 > 0 ? (unsigned long)e->int2 : 0, "XML: %.*s", (int)n, m);
        }
    } else if (doc->intSubset || doc->extSubset) {
        st = EMBARGO_EFORMAT;
        emb__error_set(err, st, path, 1, 0, "a DOCTYPE declaration is not accepted in this list format");
    }
    xmlFreeParserCtxt(ctxt);
    if (st != EMBARGO_OK) {
        if (doc) xmlFreeDoc(doc);
        return st;
    }
    *out = doc;
    return EMBARGO_OK;
}


const unsigned char *emb__xml_first_element(const unsigned char *h, size_t n, size_t *rest) {
    size_t i = 0;
    if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) i = 3;
    while (i < n) {
        unsigned char ch = h[i];
        if (emb__is_space(ch)) { i++; continue; }
        if (ch != '<' || i + 1 >= n) return NULL;
        if (h[i + 1] == '!' && i + 3 < n && h[i + 2] == '-' && h[i + 3] == '-') {
            size_t j = i + 4;
            while (j + 3 <= n && memcmp(h + j, "-->", 3) != 0) j++;
            if (j + 3 > n) return NULL;
            i = j + 3;
            continue;
        }
        if (h[i + 1] == '?' || h[i + 1] == '!') {
            /* a declaration; a DOCTYPE may hold an internal subset in [...] */
            size_t j = i + 2;
            int depth = 0;
            while (j < n && (h[j] != '>' || depth > 0)) {
                if (h[j] == '[') depth++;
                else if (h[j] == ']' && depth > 0) depth--;
                j++;
            }
            if (j >= n) return NULL;
            i = j + 1;
            continue;
        }
        *rest = n - i - 1;
        return h + i + 1;
    }
    return NULL;
}

embargo_status emb__xml_read(const char *path, embargo_error *err, xmlDocPtr *out) {
    *out = NULL;
    char *data;
    size_t len;
    embargo_status st = emb__read_file(path, &data, &len, err);
    if (st != EMBARGO_OK) return st;
    st = parse(path, err, data, len, out);
    emb__free(data);
    if (st == EMBARGO_ENOMEM) emb__error_set(err, st, path, 0, 0, "out of memory");
    return st;
}

/* ---- walking a tree ------------------------------------------------------ */

embargo_status emb__xml_load(embargo_dataset *ds, const char *path, embargo_error *err,
                             const char *list, const char *date_attr,
                             embargo_status (*walk)(emb_load *ld, const xmlNode *root)) {
    if (!ds || !path) return EMBARGO_EINVAL;
    xmlDocPtr doc = NULL;
    embargo_status st = emb__xml_read(path, err, &doc);
    if (st != EMBARGO_OK) return st;
    const xmlNode *root = xmlDocGetRootElement(doc);
    char date[16] = "";
    for (const xmlAttr *a = root ? root->properties : NULL; a; a = a->next) {
        if (strcmp((const char *)a->name, date_attr) != 0) continue;
        const xmlNode *t = a->children;
        if (t && t->type == XML_TEXT_NODE && t->content) {
            const char *v = (const char *)t->content;
            size_t k = emb__iso_date10(v, strlen(v));
            if (k) memcpy(date, v, k);
        }
    }
    emb_load ld;
    st = emb__load_begin(&ld, ds, list, path, date, err);
    ld.end_line = root ? emb__xml_line(root) : 0;  /* where "no entities" is told */
    if (st == EMBARGO_OK) st = walk(&ld, root);
    xmlFreeDoc(doc);
    return emb__load_end(&ld, st);
}

unsigned long emb__xml_line(const xmlNode *n) {
    long l = xmlGetLineNo(n);
    return l > 0 ? (unsigned long)l : 0;
}

embargo_status emb__xml_fail(emb_load *ld, const xmlNode *n, const char *what) {
    xmlChar *path = xmlGetNodePath(n);
    embargo_status st = emb__load_fail(ld, emb__xml_line(n), 0, "%s at %s", what,
                                       path ? (const char *)path : (const char *)n->name);
    if (path) xmlFree(path);
    return st;
}

embargo_status emb__xml_unexpected(emb_load *ld, const xmlNode *child, const xmlNode *parent) {
    char what[200];
    if (child->type == XML_ELEMENT_NODE)
        snprintf(what, sizeof(what), "element <%.60s> is out of place in <%.60s>",
                 (const char *)child->name, (const char *)parent->name);
    else
        snprintf(what, sizeof(what), "unexpected text in <%.60s>", (const char *)parent->name);
    return emb__xml_fail(ld, child, what);
}

const xmlNode *emb__xml_element(emb_load *ld, const xmlNode *parent, const xmlNode *c,
                                embargo_status *st) {
    for (; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) return c;
        if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) continue;
        const char *p = (const char *)c->content;
        if (p && !emb__all_space(p, strlen(p))) {
            *st = emb__xml_unexpected(ld, c, parent);
            return NULL;
        }
    }
    return NULL;
}

embargo_status emb__xml_text(emb_load *ld, const xmlNode *parent, const xmlNode *list, emb_buf *b) {
    for (const xmlNode *c = list; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) emb__buf_append(b, c->content, strlen((const char *)c->content));
        } else if (c->type == XML_ENTITY_REF_NODE) {
            xmlEntityPtr e = xmlGetPredefinedEntity(c->name);
            if (!e) return emb__xml_fail(ld, c, "entity reference");
            emb__buf_append(b, e->content, strlen((const char *)e->content));
        } else if (c->type == XML_ELEMENT_NODE) {
            return emb__xml_unexpected(ld, c, parent);
        }
    }
    return b->oom ? EMBARGO_ENOMEM : EMBARGO_OK;
}
