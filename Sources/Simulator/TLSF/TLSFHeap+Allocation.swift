// The multi_heap entry points over TLSF (multi_heap.c @ v5.x, tlsf.c @ ba64d19;
// docs/domain/esp-idf-heap.md §1.5 and §2.1).

extension TLSFHeap {
    /// `multi_heap_malloc_impl`: NULL for size 0; `free_bytes` drops by the block plus its 4 B header.
    public mutating func malloc(_ size: Int) -> Int? {
        makeUnique()
        guard size > 0, hasPool else { return nil }
        guard let offset = tlsfMalloc(size) else { return nil }
        charge(offset)
        return regionStart + offset
    }

    /// `tlsf_malloc`.
    @inline(__always) mutating func tlsfMalloc(_ size: Int) -> Int? {
        let adjust = Self.adjustRequestSize(size, align: TLSFLayout.alignSize, geometry: geometry)
        guard adjust > 0, let (block, trimTo) = locateFree(adjust) else { return nil }
        return prepareUsed(block, trimTo)
    }

    /// `multi_heap_free_impl`.
    public mutating func free(_ pointer: Int?) {
        makeUnique()
        guard let pointer, let offset = offsetOfLivePointer(pointer) else { return }
        // multi_heap_free_impl credits without touching the low-water mark.
        freeWord = freeWord &+ UInt32(blockSize(Self.block(offset)) + headerCharge)
        tlsfFree(offset)
    }

    /// `tlsf_free`: immediate two-sided coalescing, then insertion at the list head.
    @inline(__always) mutating func tlsfFree(_ offset: Int) {
        var block = Self.block(offset)
        markFree(block)
        block = mergePrev(block)
        block = mergeNext(block)
        insertBlock(block)
    }

    /// `multi_heap_realloc_impl` over `tlsf_realloc`: accounting moves by old − new block size.
    public mutating func realloc(_ pointer: Int?, _ size: Int) -> Int? {
        makeUnique()
        guard let pointer else { return malloc(size) }
        guard let offset = offsetOfLivePointer(pointer) else { return nil }
        if size == 0 {
            // tlsf_realloc frees the block, but multi_heap_realloc_impl updates free_bytes
            // only for a non-NULL result: the bytes are never credited back (real traces).
            reallocToZeroLeak += blockSize(Self.block(offset)) + headerCharge
            tlsfFree(offset)
            return nil
        }
        let previous = blockSize(Self.block(offset))
        guard let result = tlsfRealloc(offset, size) else { return nil }
        adjustFreeBytes(by: previous - blockSize(Self.block(result)))
        return regionStart + result
    }

    /// `tlsf_realloc` for a live block and a non-zero size: grow in place into a
    /// free neighbour, shrink in place, or malloc + copy + free.
    mutating func tlsfRealloc(_ offset: Int, _ size: Int) -> Int? {
        let block = Self.block(offset)
        let next = nextBlock(block)
        let current = blockSize(block)
        let combined = current + blockSize(next) + TLSFLayout.blockHeaderOverhead
        let adjust = Self.adjustRequestSize(size, align: TLSFLayout.alignSize, geometry: geometry)
        guard adjust > 0 else { return nil }
        if adjust > current && (!isFree(next) || adjust > combined) {
            guard let moved = tlsfMalloc(size) else { return nil }
            tlsfFree(offset)
            return moved
        }
        if adjust > current {
            _ = mergeNext(block)
            markUsed(block)
        }
        trimUsed(block, adjust)
        return offset
    }

    /// `multi_heap_aligned_alloc_impl_offs` over `tlsf_memalign_offs`: the byte at
    /// `pointer + offset` is aligned to `alignment` (a power of two).
    public mutating func alignedAlloc(_ size: Int, alignment: Int, offset: Int) -> Int? {
        makeUnique()
        guard size > 0, hasPool, alignment > 0, alignment & (alignment - 1) == 0, offset >= 0,
              let result = tlsfMemalign(size: size, alignment: alignment, offset: offset) else { return nil }
        charge(result)
        return regionStart + result
    }

    mutating func tlsfMemalign(size: Int, alignment: Int, offset: Int) -> Int? {
        let align = TLSFLayout.alignSize
        let adjust = Self.adjustRequestSize(size, align: align, geometry: geometry)
        let offAdjust = (offset + align - 1) & ~(align - 1)
        // A gap smaller than a header plus the offset cannot be given back as a free block.
        let gapMinimum = TLSFLayout.blockHeaderSize + offAdjust
        let sizeWithGap = Self.adjustRequestSize(adjust + alignment + gapMinimum - offAdjust, align: alignment,
                                                 geometry: geometry)
        let searchSize = (adjust > 0 && alignment > align) ? sizeWithGap : adjust
        guard adjust > 0, var (block, _) = locateFree(searchSize) else { return nil }
        // Alignment is of the absolute address, as on the chip.
        let pointer = regionStart + Self.pointer(block)
        var aligned = (pointer + alignment - 1) & ~(alignment - 1)
        var gap = aligned - pointer
        if (gap != 0 && gap < gapMinimum) || (gap == 0 && offAdjust != 0 && alignment > align) {
            let nextAligned = aligned + max(gapMinimum - gap, alignment)
            aligned = (nextAligned + alignment - 1) & ~(alignment - 1)
            gap = aligned - pointer
        }
        if gap != 0 { block = trimFreeLeading(block, gap - offAdjust) }
        return prepareUsed(block, adjust)
    }

    /// `multi_heap_get_allocated_size_impl` = `tlsf_block_size`.
    public func allocatedSize(_ pointer: Int) -> Int {
        guard let offset = offsetOfLivePointer(pointer) else { return 0 }
        return blockSize(Self.block(offset))
    }

    /// `multi_heap_get_info_impl`: walks the pool, then reports `largest_free_block`
    /// through the release's formula and `total_allocated_bytes` from the accounting.
    public func info() -> HeapInfo {
        var allocated = 0, free = 0, largest = 0
        var block = firstBlock
        while hasPool && !isLast(block) {
            let size = blockSize(block)
            if isFree(block) {
                free += 1
                largest = max(largest, size)
            } else {
                allocated += 1
            }
            block = nextBlock(block)
        }
        // The per-block header is taken out where free_bytes counts it (v4.4.2+; verified on
        // a v4.4.4 dump: 6052 − 4 − 4·34 = 5912, domain §5.3).
        let totalAllocated = Int(UInt32(truncatingIfNeeded: poolSize - geometry.controlSize - freeBytes - allocated * headerCharge))
        return HeapInfo(totalFreeBytes: freeBytes, totalAllocatedBytes: totalAllocated,
                        largestFreeBlock: TLSFLargestBlock.report(largest, variant: variant, geometry: geometry),
                        minimumFreeBytes: minimumFreeBytes, allocatedBlocks: allocated, freeBlocks: free,
                        totalBlocks: allocated + free)
    }

    /// `largest_free_block` from the highest non-empty list, as `info()` would report it.
    public var largestFreeBlock: Int {
        TLSFLargestBlock.report(largestFreeBlockRaw, variant: variant, geometry: geometry)
    }

    /// The size of the largest free block as TLSF holds it (before any reporting formula).
    public var largestFreeBlockRaw: Int {
        guard hasPool, flBitmap != 0 else { return 0 }
        let fl = Int.bitWidth - 1 - Int(flBitmap).leadingZeroBitCount
        let sl = Int.bitWidth - 1 - Int(slBitmap(fl)).leadingZeroBitCount
        var best = 0
        var block = head(fl * geometry.slCount + sl)
        while block != Self.null {
            best = max(best, blockSize(Int(block)))
            block = nextFree(Int(block))
        }
        return best
    }
}
