/// A `multi_heap` over one region, running ESP-IDF's TLSF (v4.3 and later).
///
/// The region is simulated as 32-bit words, and the allocator keeps its block
/// headers in them exactly where the C code keeps them (`prev_phys_block` in the
/// last word of the previous block, the size word with its two flag bits, the
/// free-list links in free blocks), so every returned address, block size and
/// free count matches the real heap. The control structure (bitmaps and list
/// heads) is kept beside the words but accounted for in front of the pool.
///
/// Layout of a region (docs/domain/esp-idf-heap.md §2.1):
/// `heap_t` (20 B) · control (`tlsf_size()`) · pool (first header at pool − 4) · sentinel.
public struct TLSFHeap: HeapAllocator {
    public let variant: TLSFVariant
    public let geometry: TLSFGeometry
    public let regionStart: Int
    public let regionSize: Int
    /// `heap->free_bytes` and `heap->minimum_free_bytes` are 32-bit `size_t`s: they wrap
    /// (after `realloc(p, 0)` leaks) and are compared unsigned, exactly as on the chip.
    var freeWord: UInt32
    var minimumWord: UInt32
    public var freeBytes: Int { Int(freeWord) }
    public var minimumFreeBytes: Int { Int(minimumWord) }
    /// `heap->pool_size`: region length − sizeof(heap_t).
    public let poolSize: Int
    /// Offset (from the region start) of the pool handed to `tlsf_add_pool`.
    public let poolOffset: Int
    /// False when `tlsf_add_pool` refused the pool but `multi_heap_register` still
    /// returned the heap (pool of 12–19 B, or larger than the static `1 << FL_INDEX_MAX`):
    /// the heap exists, reports its free bytes, and every malloc returns NULL.
    public let hasPool: Bool
    /// Bytes `free_bytes` moves by per block beyond the block itself (0 or 4).
    let headerCharge: Int
    /// Bytes `realloc(p, 0)` freed without crediting `free_bytes` (a real multi_heap quirk).
    public internal(set) var reallocToZeroLeak = 0

    /// The simulated memory of the region, one element per 4 bytes, then the second-level
    /// bitmaps and the heads of the free lists (`fl * slCount + sl`; `TLSFHeap.null` when empty).
    /// Shared between copies until one of them changes (`makeUnique()`).
    var memory: TLSFMemory
    var flBitmap: UInt32 = 0

    /// Marks an empty list or the end of one (`&control->block_null` in C).
    static let null = UInt32.max
    static let freeBit: UInt32 = 1
    static let prevFreeBit: UInt32 = 2

    /// `multi_heap_register(start, size)`; nil where the real call returns NULL.
    public init?(variant: TLSFVariant, start: Int, size: Int) {
        let header = TLSFLayout.multiHeapHeaderSize
        guard start >= 0, start % TLSFLayout.alignSize == 0, size > header + TLSFLayout.blockSizeMin,
              size <= Int(UInt32.max), let g = variant.geometry(forBytes: size - header) else { return nil }
        let poolOffset = header + g.controlSize
        // tlsf_create needs room for the control block and one minimum block.
        guard size - header >= g.controlSize + TLSFLayout.blockSizeMin else { return nil }
        // tlsf_add_pool: pool_bytes = align_down(bytes − 8, 4) must lie in [block_size_min,
        // block_size_max]; when it does not, the pool is refused with only a printf.
        let poolBytes = (size - header - g.controlSize - TLSFLayout.poolOverhead) & ~(TLSFLayout.alignSize - 1)
        self.hasPool = poolBytes >= TLSFLayout.blockSizeMin && poolBytes <= g.blockSizeMax
        self.headerCharge = variant.countsBlockHeader ? TLSFLayout.blockHeaderOverhead : 0

        self.variant = variant
        self.geometry = g
        self.regionStart = start
        self.regionSize = size
        self.poolSize = size - header
        self.poolOffset = poolOffset
        self.freeWord = UInt32(size - header - g.controlSize)
        self.minimumWord = freeWord
        self.memory = TLSFMemory(wordCount: (size + 3) / 4 + 4, flCount: g.flCount, slCount: g.slCount, null: Self.null)

        guard hasPool else { return }
        // The first free block's header sits 4 B before the pool so that its
        // prev_phys_block word falls outside the pool.
        let first = poolOffset - TLSFLayout.blockHeaderOverhead
        setSizeWord(first, UInt32(poolBytes) | Self.freeBit)
        insertBlock(first)
        let sentinel = linkNext(first)
        setSizeWord(sentinel, Self.prevFreeBit)  // size 0, used, previous free
    }

    /// Offset of the first block header (`pool − block_header_overhead`).
    var firstBlock: Int { poolOffset - TLSFLayout.blockHeaderOverhead }

    /// Copy on write: every `multi_heap` call that changes the heap calls this first, once.
    @inline(__always) mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&memory) { memory = memory.copy() }
    }

    @inline(__always) func word(_ i: Int) -> UInt32 { memory[i] }
    @inline(__always) func setWord(_ i: Int, _ v: UInt32) { memory[i] = v }
    /// Second-level bitmap of first-level list `fl`.
    @inline(__always) func slBitmap(_ fl: Int) -> UInt32 {
        precondition(UInt(bitPattern: fl) < UInt(bitPattern: geometry.flCount))
        return memory[memory.slBase + fl]
    }
    @inline(__always) func setSLBitmap(_ fl: Int, _ v: UInt32) {
        precondition(UInt(bitPattern: fl) < UInt(bitPattern: geometry.flCount))
        memory[memory.slBase + fl] = v
    }
    /// Head of free list `index` (`fl * slCount + sl`).
    @inline(__always) func head(_ index: Int) -> UInt32 {
        precondition(UInt(bitPattern: index) < UInt(bitPattern: memory.count - memory.headBase))
        return memory[memory.headBase + index]
    }
    @inline(__always) func setHead(_ index: Int, _ v: UInt32) {
        precondition(UInt(bitPattern: index) < UInt(bitPattern: memory.count - memory.headBase))
        memory[memory.headBase + index] = v
    }

    // MARK: - Block header access (offsets from the region start)

    @inline(__always) func sizeWord(_ block: Int) -> UInt32 { word((block &+ 4) >> 2) }
    @inline(__always) mutating func setSizeWord(_ block: Int, _ value: UInt32) { setWord((block &+ 4) >> 2, value) }
    @inline(__always) func blockSize(_ block: Int) -> Int { Int(sizeWord(block) & ~3) }
    @inline(__always) mutating func setBlockSize(_ block: Int, _ size: Int) {
        setSizeWord(block, UInt32(truncatingIfNeeded: size) | (sizeWord(block) & 3))
    }
    @inline(__always) func isFree(_ block: Int) -> Bool { sizeWord(block) & Self.freeBit != 0 }
    @inline(__always) func isPrevFree(_ block: Int) -> Bool { sizeWord(block) & Self.prevFreeBit != 0 }
    @inline(__always) func isLast(_ block: Int) -> Bool { blockSize(block) == 0 }
    @inline(__always) func prevPhys(_ block: Int) -> Int { Int(word(block >> 2)) }
    @inline(__always) func nextFree(_ block: Int) -> UInt32 { word((block &+ 8) >> 2) }
    @inline(__always) func prevFree(_ block: Int) -> UInt32 { word((block &+ 12) >> 2) }
    @inline(__always) mutating func setNextFree(_ block: Int, _ v: UInt32) { setWord((block &+ 8) >> 2, v) }
    @inline(__always) mutating func setPrevFree(_ block: Int, _ v: UInt32) { setWord((block &+ 12) >> 2, v) }
    /// `block_next`: the header following this block's data.
    @inline(__always) func nextBlock(_ block: Int) -> Int {
        block &+ (TLSFLayout.blockStartOffset - TLSFLayout.blockHeaderOverhead) &+ blockSize(block)
    }
    /// `block_link_next`: writes this block's address into the next block's prev_phys word.
    @discardableResult @inline(__always)
    mutating func linkNext(_ block: Int) -> Int {
        let next = nextBlock(block)
        setWord(next >> 2, UInt32(truncatingIfNeeded: block))
        return next
    }
    @inline(__always) mutating func markFree(_ block: Int) {
        let next = linkNext(block)
        setSizeWord(next, sizeWord(next) | Self.prevFreeBit)
        setSizeWord(block, sizeWord(block) | Self.freeBit)
    }
    @inline(__always) mutating func markUsed(_ block: Int) {
        let next = nextBlock(block)
        setSizeWord(next, sizeWord(next) & ~Self.prevFreeBit)
        setSizeWord(block, sizeWord(block) & ~Self.freeBit)
    }
    @inline(__always) mutating func setPrevFreeFlag(_ block: Int, _ free: Bool) {
        let w = sizeWord(block)
        setSizeWord(block, free ? w | Self.prevFreeBit : w & ~Self.prevFreeBit)
    }
    @inline(__always) static func pointer(_ block: Int) -> Int { block &+ TLSFLayout.blockStartOffset }
    @inline(__always) static func block(_ pointer: Int) -> Int { pointer &- TLSFLayout.blockStartOffset }

    // MARK: - Size classes and free lists

    /// Index of the highest set bit (`tlsf_fls`).
    @inline(__always) static func fls(_ x: Int) -> Int { (Int.bitWidth - 1) &- x.leadingZeroBitCount }

    /// `mapping_insert`: the (fl, sl) list a block of `size` bytes belongs to.
    @inline(__always) func mappingInsert(_ size: Int) -> (Int, Int) {
        let g = geometry
        // small_block_size / sl_index_count = 1 << (fl_index_shift − sl_index_count_log2) = ALIGN_SIZE.
        if size < g.smallBlockSize { return (0, size >> (g.flShift &- g.slLog2)) }
        let f = Self.fls(size)
        return (f &- (g.flShift &- 1), (size >> (f &- g.slLog2)) ^ (1 << g.slLog2))
    }

    /// `adjust_request_size`: 0 for 0 or for anything at or above the largest block.
    static func adjustRequestSize(_ size: Int, align: Int, geometry: TLSFGeometry) -> Int {
        guard size > 0, size <= Int(UInt32.max) else { return 0 }
        // size_t is 32 bits on the target: align_up wraps for sizes near 4 GiB.
        let aligned = Int((UInt32(size) &+ UInt32(align - 1)) & ~UInt32(align - 1))
        guard aligned < geometry.blockSizeMax else { return 0 }
        return max(aligned, TLSFLayout.blockSizeMin)
    }

    /// `search_suitable_block`: the head of the lowest non-empty list at or above (fl, sl).
    @inline(__always) func searchSuitableBlock(fl: Int, sl: Int) -> (block: Int, fl: Int, sl: Int)? {
        var fl = fl
        var slMap = slBitmap(fl) & (UInt32.max << UInt32(sl))
        if slMap == 0 {
            let flMap = flBitmap & (UInt32.max << UInt32(fl + 1))
            if flMap == 0 { return nil }
            fl = flMap.trailingZeroBitCount
            slMap = slBitmap(fl)
        }
        let sl = slMap.trailingZeroBitCount
        return (Int(head(fl &* geometry.slCount &+ sl)), fl, sl)
    }

    @inline(__always) mutating func removeFreeBlock(_ block: Int, fl: Int, sl: Int) {
        let prev = prevFree(block), next = nextFree(block)
        if next != Self.null { setPrevFree(Int(next), prev) }
        if prev != Self.null { setNextFree(Int(prev), next) }
        let index = fl &* geometry.slCount &+ sl
        if head(index) == UInt32(truncatingIfNeeded: block) {
            setHead(index, next)
            if next == Self.null {
                setSLBitmap(fl, slBitmap(fl) & ~(1 << UInt32(sl)))
                if slBitmap(fl) == 0 { flBitmap &= ~(1 << UInt32(fl)) }
            }
        }
    }

    /// `insert_free_block`: pushes at the head of its list (LIFO).
    @inline(__always) mutating func insertFreeBlock(_ block: Int, fl: Int, sl: Int) {
        let index = fl &* geometry.slCount &+ sl
        let current = head(index)
        setNextFree(block, current)
        setPrevFree(block, Self.null)
        if current != Self.null { setPrevFree(Int(current), UInt32(truncatingIfNeeded: block)) }
        setHead(index, UInt32(truncatingIfNeeded: block))
        flBitmap |= 1 << UInt32(fl)
        setSLBitmap(fl, slBitmap(fl) | 1 << UInt32(sl))
    }

    @inline(__always) mutating func removeBlock(_ block: Int) {
        let (fl, sl) = mappingInsert(blockSize(block))
        removeFreeBlock(block, fl: fl, sl: sl)
    }

    @inline(__always) mutating func insertBlock(_ block: Int) {
        let (fl, sl) = mappingInsert(blockSize(block))
        insertFreeBlock(block, fl: fl, sl: sl)
    }

    // MARK: - Split and merge

    @inline(__always) func canSplit(_ block: Int, _ size: Int) -> Bool {
        blockSize(block) >= TLSFLayout.blockHeaderSize &+ size
    }

    /// `block_split`: keeps `size` bytes in `block`; the rest becomes a free block.
    @inline(__always) mutating func split(_ block: Int, _ size: Int) -> Int {
        let remaining = Self.pointer(block) &+ size &- TLSFLayout.blockHeaderOverhead
        let remainSize = blockSize(block) &- (size &+ TLSFLayout.blockHeaderOverhead)
        setSizeWord(remaining, UInt32(truncatingIfNeeded: remainSize))
        setBlockSize(block, size)
        markFree(remaining)
        return remaining
    }

    /// `block_absorb`: `block` (physically after `prev`) becomes part of `prev`.
    @inline(__always) mutating func absorb(_ prev: Int, _ block: Int) -> Int {
        setSizeWord(prev, sizeWord(prev) &+ UInt32(truncatingIfNeeded: blockSize(block) &+ TLSFLayout.blockHeaderOverhead))
        linkNext(prev)
        return prev
    }

    @inline(__always) mutating func mergePrev(_ block: Int) -> Int {
        guard isPrevFree(block) else { return block }
        let prev = prevPhys(block)
        removeBlock(prev)
        return absorb(prev, block)
    }

    @inline(__always) mutating func mergeNext(_ block: Int) -> Int {
        let next = nextBlock(block)
        guard isFree(next) else { return block }
        removeBlock(next)
        return absorb(block, next)
    }

    @inline(__always) mutating func trimFree(_ block: Int, _ size: Int) {
        guard canSplit(block, size) else { return }
        let remaining = split(block, size)
        linkNext(block)
        setPrevFreeFlag(remaining, true)
        insertBlock(remaining)
    }

    mutating func trimUsed(_ block: Int, _ size: Int) {
        guard canSplit(block, size) else { return }
        var remaining = split(block, size)
        setPrevFreeFlag(remaining, false)
        remaining = mergeNext(remaining)
        insertBlock(remaining)
    }

    /// `block_trim_free_leading`: frees the first `size` bytes of a free block, returns the rest.
    mutating func trimFreeLeading(_ block: Int, _ size: Int) -> Int {
        guard canSplit(block, size) else { return block }
        let remaining = split(block, size - TLSFLayout.blockHeaderOverhead)
        setPrevFreeFlag(remaining, true)
        linkNext(block)
        insertBlock(block)
        return remaining
    }

    /// `block_locate_free`: takes the block off its list; also returns the size to trim to.
    @inline(__always) mutating func locateFree(_ size: Int) -> (block: Int, size: Int)? {
        guard size > 0 else { return nil }
        let (fl, sl, allocationSize) = mappingSearch(size)
        guard fl < geometry.flCount, let found = searchSuitableBlock(fl: fl, sl: sl) else { return nil }
        removeFreeBlock(found.block, fl: found.fl, sl: found.sl)
        return (found.block, allocationSize)
    }

    @inline(__always) mutating func prepareUsed(_ block: Int, _ size: Int) -> Int {
        trimFree(block, size)
        markUsed(block)
        return Self.pointer(block)
    }

    // MARK: - multi_heap accounting

    @inline(__always) mutating func charge(_ pointer: Int) {
        adjustFreeBytes(by: -(blockSize(Self.block(pointer)) + headerCharge))
    }

    /// Moves `free_bytes` with 32-bit wrap-around and updates the low-water mark.
    @inline(__always) mutating func adjustFreeBytes(by delta: Int) {
        freeWord = freeWord &+ UInt32(truncatingIfNeeded: delta)
        if freeWord < minimumWord { minimumWord = freeWord }
    }

    /// Validates a pointer a caller hands back; the real heap asserts (aborts) instead.
    func offsetOfLivePointer(_ pointer: Int) -> Int? {
        let offset = pointer - regionStart
        let block = Self.block(offset)
        guard hasPool, offset & 3 == 0, block >= firstBlock, offset < regionSize, !isFree(block), !isLast(block) else { return nil }
        return offset
    }
}
