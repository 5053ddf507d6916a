"""Sets of documents as Python ints (bit n: the document at rank n), for both engines.

AND, OR and counting (`int.bit_count`) run in C; these helpers cover what Python does not
offer: listing members in order, building a set from ranks, and paging a set whose newest
members (a snapshot's *tail*) are ordered by key rather than by rank.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from itertools import islice

_POP = bytes(bin(i).count("1") for i in range(256))
_BITS = tuple(tuple(b for b in range(8) if i >> b & 1) for i in range(256))
# DIGIT_TABLES[code] turns a byte string of value codes into "1" where the code is `code`
# (then `int(…, 2)` reads it as a set): a facet value's set in two C calls.
DIGIT_TABLES = tuple(bytes(49 if c == code else 48 for c in range(256)) for code in range(256))


def set_bits(bitmap: int, nbytes: int, skip: int = 0, limit: int | None = None) -> list[int]:
    """Positions of set bits in increasing order, after skipping `skip` of them."""
    result: list[int] = []
    if not bitmap:
        return result
    data = bitmap.to_bytes(nbytes, "little")
    pop, bits = _POP, _BITS
    for index, byte in enumerate(data):
        if not byte:
            continue
        if skip:
            count = pop[byte]
            if skip >= count:
                skip -= count
                continue
            positions = bits[byte][skip:]
            skip = 0
        else:
            positions = bits[byte]
        base = index << 3
        for bit in positions:
            result.append(base + bit)
            if limit is not None and len(result) >= limit:
                return result
    return result


def bitmap_of(ranks: Iterable[int], nbytes: int) -> int:
    """The set of these ranks."""
    bits = bytearray(nbytes)
    for rank in ranks:
        bits[rank >> 3] |= 1 << (rank & 7)
    return int.from_bytes(bits, "little")


def static_page(bitmap: int, tail_mask: int, nbytes: int, skip: int, limit: int,
                key: Callable[[int], object]) -> list[int]:
    """Members of `bitmap` in static order, paged: ranks outside `tail_mask` are already in
    that order; the tail's are merged in by `key`."""
    if not bitmap & tail_mask:
        return set_bits(bitmap, nbytes, skip, limit)
    head = set_bits(bitmap & ~tail_mask, nbytes, 0, skip + limit)
    tail = set_bits(bitmap & tail_mask, nbytes)
    return list(islice(heapq.merge(head, tail, key=key), skip, skip + limit))


def sorted_page(bitmap: int, chunks: list[int], head_key: Callable[[int], object],
                tail_mask: int, nbytes: int, skip: int, limit: int,
                key: Callable[[int], object]) -> list[int]:
    """Members of `bitmap` by price or date, paged (ties in the static order).

    `chunks` are the base's ranks in that order, cut into consecutive slices as sets: the
    base's members come slice by slice, each slice sorted by `head_key` (its value; ties
    keep rank order, which is the static order); the tail's few members are merged in by
    the full `key` (value, then static order).
    """
    need = skip + limit
    head_bits = bitmap & ~tail_mask
    head: list[int] = []
    for chunk in chunks:
        part = head_bits & chunk
        if part:
            members = set_bits(part, nbytes)
            members.sort(key=head_key)
            head += members
            if len(head) >= need:
                break
    tail_bits = bitmap & tail_mask
    if not tail_bits:
        return head[skip:need]
    tail = sorted(set_bits(tail_bits, nbytes), key=key)
    return list(islice(heapq.merge(head[:need], tail, key=key), skip, need))
