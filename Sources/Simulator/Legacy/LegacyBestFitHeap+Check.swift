extension LegacyBestFitHeap {
    /// `multi_heap_check` (v4.2), plus what it leaves implicit: `first_block` and `last_block`
    /// intact, the free list in strictly ascending order and ending in `last_block`,
    /// and `minimum_free_bytes ≤ free_bytes`. Returns the first broken invariant.
    public func check() -> InvariantViolation? {
        let first = firstBlock
        guard word(first) & Self.freeFlag != 0, word(first) & Self.nextBlockMask == heapAddress + Self.heapHeaderSize
        else { return InvariantViolation(address: first, "first_block is not free or does not point to heap + 24") }
        guard word(lastBlock) == Self.freeFlag, nextFree(lastBlock) == 0
        else { return InvariantViolation(address: lastBlock, "last_block is not free with NULL next and NULL next_free") }
        if let broken = checkBlockChain() ?? checkFreeIndex() { return broken }
        if minimumFreeBytes > freeBytes {
            return InvariantViolation(address: heapAddress, "minimum_free_bytes \(minimumFreeBytes) > free_bytes \(freeBytes)")
        }
        return nil
    }

    /// The physical walk from `first_block` to `last_block`: blocks in ascending order, aligned, no two
    /// free ones adjacent, the free list visiting exactly the free blocks in order, `free_bytes` their sum.
    private func checkBlockChain() -> InvariantViolation? {
        let first = firstBlock
        var prev = 0
        var prevWasFree = false
        var expectedFree = 0  // 0: no free block seen yet (first_block is the first one)
        var countedFree = 0
        var b = first
        while b != 0 {
            if b == prev { return InvariantViolation(address: b, "block points to itself") }
            if b < prev { return InvariantViolation(address: b, "block is before the previous block 0x\(hex(prev))") }
            if b > lastBlock || b < first { return InvariantViolation(address: b, "block is outside the heap") }
            if (b - heapAddress) & 3 != 0 { return InvariantViolation(address: b, "block is not 4-aligned") }
            if word(b) & 2 != 0 { return InvariantViolation(address: b, "header bit 1 is set") }
            if isFree(b) {
                if prevWasFree && prev != first && !isLast(b) {
                    return InvariantViolation(address: b, "two adjacent free blocks, 0x\(hex(prev)) and this one")
                }
                if expectedFree != 0 && expectedFree != b {
                    return InvariantViolation(address: b, "free list skips this free block (expected next free 0x\(hex(expectedFree)))")
                }
                if !isLast(b) {
                    let next = nextFree(b)
                    if next <= b { return InvariantViolation(address: b, "next_free 0x\(hex(next)) is not above the block") }
                    if next > lastBlock { return InvariantViolation(address: b, "next_free 0x\(hex(next)) is outside the heap") }
                    if b != first && dataSize(b) < 4 {
                        return InvariantViolation(address: b, "free block has no room for next_free")
                    }
                }
                expectedFree = nextFree(b)
                if b != first { countedFree += dataSize(b) }
            } else if expectedFree == b {
                return InvariantViolation(address: b, "free list points to a block in use")
            }
            prevWasFree = isFree(b)
            prev = b
            b = nextBlock(b)
        }
        if prev != lastBlock { return InvariantViolation(address: prev, "block chain ends before last_block") }
        if expectedFree != 0 { return InvariantViolation(address: expectedFree, "free list runs past last_block") }
        if countedFree != freeBytes {
            return InvariantViolation(address: heapAddress, "free_bytes is \(freeBytes) but free blocks hold \(countedFree)")
        }
        return nil
    }

    /// The model's free index mirrors the free list exactly (first_block and last_block excluded).
    private func checkFreeIndex() -> InvariantViolation? {
        var position = 0
        var f = nextFree(firstBlock)
        while f != lastBlock && f != 0 {
            guard position < freeIndex.count, freeIndex.addresses[position] == f, freeIndex.sizes[position] == dataSize(f)
            else { return InvariantViolation(address: f, "free index entry \(position) does not match the free list") }
            position += 1
            f = nextFree(f)
        }
        if position != freeIndex.count {
            return InvariantViolation(address: nil, "free index holds \(freeIndex.count) blocks, the free list \(position)")
        }
        return nil
    }

    private func hex(_ value: Int) -> String { String(value, radix: 16, uppercase: true) }
}
