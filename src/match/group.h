/*
 * group.h - finding the same person or organisation on several lists
 * (private). The index builder calls this once the names are indexed: the
 * search needs the index it groups.
 */
#ifndef EMB_GROUP_H
#define EMB_GROUP_H

#include "embargo.h"
#include "../index/format.h"

/* Fills groups[0 .. entities-1] of index ix: each entity's primary name is
 * screened against the other lists, and pairs that embargo_index_same_entity
 * accepts are joined, strongest name score first, as long as a group holds
 * one entry per list. */
embargo_status emb__group_entities(const embargo_index *ix, emb_ix_group *groups,
                                   const embargo_build_options *opts);

#endif
