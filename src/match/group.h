/*
 * group.h - finding the same person or organisation on several lists
 * (private). The index builder calls this once the names are indexed: the
 * search needs the index it groups.
 */
#ifndef EMB_GROUP_H
#define EMB_GROUP_H

#include "embargo.h"
#include "../index/format.h"

/* Fills groups[0 .. entities-1] of index ix: candidate pairs come from
 * screening the names of the entities of every list but the largest against
 * the other lists, and from entries of one list that share a name or a
 * document number; pairs that embargo_index_same_entity accepts are joined,
 * strongest first, while no two members' birth dates contradict and no list
 * appears twice but for its own duplicates (docs/index-format.md). */
embargo_status emb__group_entities(const embargo_index *ix, emb_ix_group *groups,
                                   const embargo_build_options *opts);

#endif
