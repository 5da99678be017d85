/* eu.c - STUB: replaced by the loader's implementation (issue 4). */
#include "loader.h"
static int no_sniff(const char *p, const unsigned char *h, size_t n) { (void)p; (void)h; (void)n; return 0; }
static embargo_status no_load(embargo_dataset *ds, const char *p, embargo_error *e) { (void)ds; (void)p; (void)e; return EMBARGO_ENOTFOUND; }
const emb_loader emb__eu_fsf_loader = {"eu-fsf-xml", no_sniff, no_load};
const emb_loader emb__eu_journal_loader = {"eu-journal-csv", no_sniff, no_load};
