#!/usr/bin/env python3
"""Page types in Ignite part files (4 KiB pages after a one-page header): a histogram per type, and
for data pages (type 1) their free space, to see where a page store's bytes beyond the live data go."""
import struct, sys, glob, os, collections
PS = 4096
NAMES = {0: 'zero/unused', 1: 'data', 2: 'bplus_meta', 5: 'data_ref_inner', 6: 'data_ref_leaf',
         11: 'meta', 12: 'page_list_meta', 13: 'page_list_node', 14: 'part_meta', 15: 'tracking',
         16: 'cacheid_ref_inner', 17: 'cacheid_ref_leaf', 9: 'pending_inner', 10: 'pending_leaf',
         27: 'part_cnt', 28: 'data_meta'}
types = collections.Counter(); free_hist = collections.Counter(); files = 0; total = 0
for f in sys.argv[1:]:
    with open(f, 'rb') as fh:
        data = fh.read()
    files += 1
    for off in range(PS, len(data) - PS + 1, PS):
        t, = struct.unpack_from('<H', data, off)
        types[t] += 1; total += 1
        if t == 1:
            free, = struct.unpack_from('<H', data, off + 48)
            free_hist[min(free // 512, 8)] += 1
print(f"{files} files, {total} pages ({total*PS/1e6:.1f} MB)")
for t, n in types.most_common():
    print(f"  type {t:3d} {NAMES.get(t, '?'):18s} {n:7d} pages {n*PS/1e6:7.1f} MB")
print("data pages by free space (512 B buckets; 8 = >= 4 KiB):")
for b in sorted(free_hist):
    print(f"  {b*512:5d}+ B free: {free_hist[b]}")
