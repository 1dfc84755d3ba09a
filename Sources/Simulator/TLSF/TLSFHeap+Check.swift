// `tlsf_check` + `tlsf_check_pool` + multi_heap's accounting, as one walker that
// reports the first broken invariant instead of a count.

extension TLSFHeap {
    public func check() -> InvariantViolation? {
        guard hasPool else { return flBitmap == 0 ? nil : InvariantViolation(address: nil, "a heap without a pool has free lists") }
        let lists = checkFreeLists()
        if let violation = lists.violation { return violation }
        return checkPhysicalBlocks(listed: lists.listed) ?? checkAccounting()
    }

    /// A violation at `block` (pool offset), reported at its address.
    private func fail(_ block: Int?, _ message: String) -> InvariantViolation {
        InvariantViolation(address: block.map { regionStart + $0 }, message)
    }

    /// Free lists and bitmaps agree, and every listed block is free, coalesced and well indexed;
    /// `listed` counts the blocks in the lists.
    private func checkFreeLists() -> (listed: Int, violation: InvariantViolation?) {
        let g = geometry
        func fail(_ block: Int?, _ message: String) -> (listed: Int, violation: InvariantViolation?) {
            (0, self.fail(block, message))
        }
        var listed = 0
        for fl in 0..<g.flCount {
            let flSet = flBitmap & (1 << UInt32(fl)) != 0
            if flSet != (slBitmap(fl) != 0) { return fail(nil, "first-level bit \(fl) disagrees with its second-level map") }
            for sl in 0..<g.slCount {
                let slSet = slBitmap(fl) & (1 << UInt32(sl)) != 0
                var block = head(fl * g.slCount + sl)
                if !slSet {
                    if block != Self.null { return fail(Int(block), "list [\(fl)][\(sl)] has a block but its bit is clear") }
                    continue
                }
                if block == Self.null { return fail(nil, "list [\(fl)][\(sl)] is marked non-empty but is empty") }
                var previous = Self.null
                while block != Self.null {
                    let b = Int(block)
                    guard b >= firstBlock, b < regionSize else { return fail(b, "free-list link out of the pool") }
                    if !isFree(b) { return fail(b, "block in a free list is not marked free") }
                    if isPrevFree(b) { return fail(b, "free block follows a free block (not coalesced)") }
                    let next = nextBlock(b)
                    if isFree(next) { return fail(b, "free block precedes a free block (not coalesced)") }
                    if !isPrevFree(next) { return fail(next, "block after a free block lacks the prev-free flag") }
                    if blockSize(b) < TLSFLayout.blockSizeMin { return fail(b, "free block below the minimum size") }
                    if mappingInsert(blockSize(b)) != (fl, sl) { return fail(b, "free block indexed in the wrong list") }
                    if prevFree(b) != previous { return fail(b, "free list back link is wrong") }
                    previous = block
                    block = nextFree(b)
                    listed += 1
                    if listed > regionSize / 16 { return fail(nil, "free list has a cycle") }
                }
            }
        }
        return (listed, nil)
    }

    /// The physical walk: flags chain, prev_phys links, sizes within the pool, byte conservation, and
    /// as many free blocks as the lists hold.
    private func checkPhysicalBlocks(listed: Int) -> InvariantViolation? {
        let g = geometry
        var block = firstBlock
        var prevWasFree = false
        var freeCount = 0
        var accounted = 0
        let sentinelLimit = regionSize - TLSFLayout.blockStartOffset
        while true {
            guard block >= firstBlock, block <= sentinelLimit else { return fail(block, "block outside the pool") }
            if isPrevFree(block) != prevWasFree { return fail(block, "prev-free flag is wrong") }
            if isLast(block) { break }
            let size = blockSize(block)
            if size < TLSFLayout.blockSizeMin { return fail(block, "block smaller than block_size_min") }
            if size % TLSFLayout.alignSize != 0 { return fail(block, "block size not a multiple of 4") }
            accounted += size + TLSFLayout.blockHeaderOverhead
            if isFree(block) { freeCount += 1 }
            let next = nextBlock(block)
            if isFree(block) && prevPhys(next) != block { return fail(next, "prev_phys_block does not point back") }
            prevWasFree = isFree(block)
            block = next
        }
        if isFree(block) { return fail(block, "sentinel block is marked free") }
        if freeCount != listed { return fail(nil, "\(listed) blocks in free lists but \(freeCount) free blocks in the pool") }
        // Every byte of the pool is in exactly one block: blocks + headers + the sentinel's size word.
        let poolBytes = (regionSize - TLSFLayout.multiHeapHeaderSize - g.controlSize - TLSFLayout.poolOverhead) & ~3
        if accounted != poolBytes + TLSFLayout.blockHeaderOverhead {
            return fail(nil, "blocks cover \(accounted) B, the pool holds \(poolBytes + 4) B")
        }
        return nil
    }

    /// multi_heap accounting: free_bytes = the fresh figure less every used block (and its header
    /// where the release counts it), less what realloc(p, 0) never credited back.
    private func checkAccounting() -> InvariantViolation? {
        let g = geometry
        var usedSum = 0
        var block = firstBlock
        while !isLast(block) {
            if !isFree(block) { usedSum += blockSize(block) + headerCharge }
            block = nextBlock(block)
        }
        let expectedFree = regionSize - TLSFLayout.multiHeapHeaderSize - g.controlSize - usedSum - reallocToZeroLeak
        if freeWord != UInt32(truncatingIfNeeded: expectedFree) { return fail(nil, "free_bytes is \(freeBytes) but the blocks say \(expectedFree)") }
        // After realloc(p, 0) has leaked, free_bytes can wrap below zero unsigned and come back
        // under a low-water mark that never saw it: the real heap ends up there too.
        if reallocToZeroLeak == 0 && minimumWord > freeWord { return fail(nil, "minimum_free_bytes \(minimumFreeBytes) above free_bytes \(freeBytes)") }
        return nil
    }
}
