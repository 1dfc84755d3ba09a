/// The pre-TLSF `multi_heap` allocator of ESP-IDF v4.1–v4.2.x (`components/heap/multi_heap.c`,
/// blob f51f807 in every tag v4.1–v4.2.5; v4.0 is the same minus aligned alloc).
/// See `docs/domain/esp-idf-heap.md` §2.4.
///
/// Memory is a 32-bit word array indexed by `(address − heapAddress) / 4`. Block headers
/// and `next_free` pointers live in those words exactly where the C code keeps them, so
/// every address this type returns is the one the real allocator returns.
///
/// Layout (32-bit target):
/// - `heap_t` at `heapAddress`: lock, free_bytes, minimum_free_bytes, last_block (kept as
///   Swift properties), then `first_block` (8 B, in memory): a fake free block of data
///   size 4 that heads the free list and is never allocated or merged.
/// - real blocks from `heapAddress + 24`: a header word (next block's address | free bit0);
///   a free block keeps `next_free` in its first data word.
/// - `last_block`, 8 B at the aligned end: header 0x1 (free, no next), `next_free` NULL.
///   It is the tail of the free list and has data size 0.
///
/// `freeIndex` repeats the free list as contiguous arrays so the best-fit scan and the
/// "previous free block" search avoid pointer chasing; `check()` verifies it against the words.
///
/// Calls the C code would trap on (`MULTI_HEAP_ASSERT` → abort: freeing a free block or
/// a pointer that is no block) change nothing here and are recorded in `lastAbort`.
public struct LegacyBestFitHeap: HeapAllocator {
    /// `sizeof(heap_t)`: lock, free_bytes, minimum_free_bytes, last_block, first_block.
    public static let heapHeaderSize = 24
    /// `sizeof(heap_block_t)`: header word + `next_free`/data word. Also the size of `last_block`.
    public static let blockStructSize = 8
    /// `sizeof(block->header)`: the per-block overhead of an allocation.
    public static let blockHeaderSize = 4
    /// What `multi_heap_register` keeps for itself: heap_t, first block's header, last block.
    public static let registerOverhead = heapHeaderSize + blockHeaderSize + blockStructSize

    static let freeFlag = 1
    static let nextBlockMask = ~3

    public let regionStart: Int
    public let regionSize: Int
    /// Where `heap_t` lives: `regionStart` aligned up to 4 (`multi_heap_register`).
    public let heapAddress: Int
    /// `heap->last_block`: the aligned region end minus 8.
    public let lastBlock: Int
    public private(set) var freeBytes: Int
    public private(set) var minimumFreeBytes: Int
    /// The last call the real heap would have aborted on (`MULTI_HEAP_ASSERT`), if any.
    public private(set) var lastAbort: InvariantViolation?

    /// The heap's memory as 32-bit words; word 0 is at `heapAddress`.
    var words: [UInt32]
    /// The free list again, as contiguous arrays (a cache of the words; see `LegacyFreeIndex`).
    var freeIndex = LegacyFreeIndex()

    /// `&heap->first_block`.
    public var firstBlock: Int { heapAddress + 16 }

    /// `multi_heap_register(start, size)`: nil where the real one returns NULL.
    public init?(start: Int, size: Int) {
        let u32 = Int(UInt32.max)
        guard start >= 0, start <= u32, size >= 0, size <= u32 else { return nil }
        // ALIGN_UP / ALIGN on uintptr_t: the sums wrap at 2^32 on the target.
        let alignedStart = ((start + 3) & ~3) & u32
        let end = ((start + size) & u32) & ~3
        let alignedSize = end - alignedStart
        guard end >= alignedStart, alignedSize >= Self.heapHeaderSize + 2 * Self.blockStructSize,
              alignedStart != 0  // a heap_t at address 0 is the NULL handle
        else { return nil }

        regionStart = start
        regionSize = size
        heapAddress = alignedStart
        lastBlock = end - Self.blockStructSize
        words = [UInt32](repeating: 0, count: alignedSize / 4)
        freeBytes = alignedSize - Self.registerOverhead
        minimumFreeBytes = freeBytes
        lastAbort = nil
        let firstFree = alignedStart + Self.heapHeaderSize
        setWord(firstFree, lastBlock | Self.freeFlag)
        setWord(firstFree + 4, lastBlock)
        setWord(lastBlock, Self.freeFlag)  // free, next NULL
        setWord(lastBlock + 4, 0)
        setWord(firstBlock, firstFree | Self.freeFlag)
        setWord(firstBlock + 4, firstFree)
        freeIndex.insert(firstFree, size: freeBytes)
    }

    // MARK: words and blocks

    @inline(__always) func word(_ address: Int) -> Int { Int(words[(address - heapAddress) >> 2]) }

    @inline(__always) mutating func setWord(_ address: Int, _ value: Int) {
        words[(address - heapAddress) >> 2] = UInt32(truncatingIfNeeded: value)
    }

    /// `get_next_block`: 0 for `last_block`.
    @inline(__always) func nextBlock(_ block: Int) -> Int { word(block) & Self.nextBlockMask }
    @inline(__always) func isFree(_ block: Int) -> Bool { word(block) & Self.freeFlag != 0 }
    @inline(__always) func isLast(_ block: Int) -> Bool { nextBlock(block) == 0 }
    @inline(__always) func nextFree(_ block: Int) -> Int { word(block + 4) }
    @inline(__always) mutating func setNextFree(_ block: Int, _ value: Int) { setWord(block + 4, value) }

    /// `block_data_size`: bytes between this header and the next block; 0 for `last_block`.
    @inline(__always) func dataSize(_ block: Int) -> Int {
        let next = nextBlock(block)
        return next == 0 ? 0 : next - block - Self.blockHeaderSize
    }

    /// `ALIGN_UP` on a 32-bit `size_t` (wraps to 0 near 2^32); nil for a value no size_t holds.
    @inline(__always) static func alignUp(_ size: Int) -> Int? {
        guard size >= 0, size <= Int(UInt32.max) else { return nil }
        return ((size + 3) & ~3) & Int(UInt32.max)
    }

    /// `assert_valid_block` plus "must be in use, not first/last" (free, realloc, get_allocated_size).
    /// Also rejects unaligned blocks, which the word model cannot hold.
    func usedBlock(forPointer pointer: Int) -> Int? {
        let block = pointer - Self.blockHeaderSize
        guard block > firstBlock, block < lastBlock, (block - heapAddress) & 3 == 0, !isFree(block) else { return nil }
        let next = nextBlock(block)
        guard next > block, next <= lastBlock else { return nil }
        return block
    }

    mutating func recordAbort(_ pointer: Int, _ call: String) {
        lastAbort = InvariantViolation(address: pointer, "\(call): not an allocated block (the real heap aborts)")
    }

    /// `get_prev_free_block`: the closest free block below `block` (possibly `first_block`).
    /// The C code walks the free list; the index gives the same block by binary search.
    func prevFreeBlock(_ block: Int) -> Int {
        freeIndex.below(block) ?? firstBlock
    }

    /// `merge_adjacent(a, b)`: a takes over b. Never merges `first_block` or `last_block`.
    mutating func merge(_ a: Int, _ b: Int) -> Int {
        if isLast(b) { return a }
        if a == firstBlock { return b }
        let aFree = isFree(a), bFree = isFree(b)
        let bothFree = aFree && bFree
        if !bothFree && (aFree || bFree) {
            // The result is in use: take the free one off the list.
            let freeBlock = aFree ? a : b
            setNextFree(prevFreeBlock(freeBlock), nextFree(freeBlock))
            freeBytes -= dataSize(freeBlock)
            freeIndex.remove(freeBlock)
        }
        setWord(a, nextBlock(b) | (bothFree ? Self.freeFlag : 0))
        if bothFree {
            setNextFree(a, nextFree(b))
            freeBytes += Self.blockHeaderSize  // b's header becomes free space
            freeIndex.remove(b)
            freeIndex.update(a, to: a, size: dataSize(a))
        }
        return a
    }

    /// `split_if_necessary`: `block` (in use) keeps `size` bytes. A free next block (not
    /// `last_block`) takes the surplus, however small, without a new header; otherwise a new
    /// free block is made only if `data ≥ size + 8`.
    /// `indexPosition`: where `block` still sits in `freeIndex` (malloc), so a new free block can
    /// take its entry instead of a remove plus an insert.
    mutating func split(_ block: Int, _ size: Int, prevFree knownPrevFree: Int?, indexPosition: Int? = nil) {
        let blockSize = dataSize(block)
        let newBlock = block + Self.blockHeaderSize + size
        let next = nextBlock(block)
        let prevFree: Int
        if isFree(next) && !isLast(next) {
            let nextHeader = word(next), nextNextFree = nextFree(next)
            setWord(newBlock, nextHeader)
            setNextFree(newBlock, nextNextFree)
            prevFree = knownPrevFree ?? prevFreeBlock(block)
            freeBytes += blockSize - size
            if let indexPosition { freeIndex.remove(at: indexPosition) }
            freeIndex.update(next, to: newBlock, size: dataSize(newBlock))
        } else {
            if blockSize < size + Self.blockStructSize {
                if let indexPosition { freeIndex.remove(at: indexPosition) }
                return
            }
            prevFree = knownPrevFree ?? prevFreeBlock(block)
            setWord(newBlock, word(block) | Self.freeFlag)
            setNextFree(newBlock, nextFree(prevFree))
            freeBytes += dataSize(newBlock)
            if let indexPosition {
                freeIndex.replace(at: indexPosition, with: newBlock, size: dataSize(newBlock))
            } else {
                freeIndex.insert(newBlock, size: dataSize(newBlock))
            }
        }
        setWord(block, newBlock)
        setNextFree(prevFree, newBlock)
    }

    @inline(__always) mutating func updateMinimum() {
        if freeBytes < minimumFreeBytes { minimumFreeBytes = freeBytes }
    }

    // MARK: the multi_heap API

    public mutating func malloc(_ size: Int) -> Int? {
        guard let size = Self.alignUp(size), size != 0 else { return nil }
        // Checked before the scan, under the lock.
        if freeBytes < size { return nil }

        // Best fit over the address-ordered free list; the lowest address wins a tie and an
        // exact fit ends the scan. last_block (data 0) is on the list but never fits.
        guard let position = freeIndex.bestFit(size) else { return nil }
        let best = freeIndex.addresses[position], bestSize = freeIndex.sizes[position]
        let bestPrev = position == 0 ? firstBlock : freeIndex.addresses[position - 1]

        setNextFree(bestPrev, nextFree(best))
        setWord(best, word(best) & ~Self.freeFlag)
        freeBytes -= bestSize
        split(best, size, prevFree: bestPrev, indexPosition: position)
        updateMinimum()
        return best + Self.blockHeaderSize
    }

    public mutating func free(_ pointer: Int?) {
        guard let pointer else { return }
        guard let block = usedBlock(forPointer: pointer) else { return recordAbort(pointer, "free") }
        let next = nextBlock(block)
        // Insert in address order after the closest free block below.
        let prevFree = prevFreeBlock(block)
        setNextFree(block, nextFree(prevFree))
        setNextFree(prevFree, block)
        setWord(block, word(block) | Self.freeFlag)
        freeBytes += dataSize(block)
        freeIndex.insert(block, size: dataSize(block))

        var merged = block
        if nextBlock(prevFree) == block { merged = merge(prevFree, block) }
        if isFree(next) { _ = merge(merged, next) }
    }

    /// `multi_heap_realloc`. A nil pointer mallocs. Size 0 frees and returns nil, as the C code
    /// does; so does any size whose `ALIGN_UP` wraps to 0 (> 0xFFFFFFFC on the 32-bit target).
    public mutating func realloc(_ pointer: Int?, _ size: Int) -> Int? {
        guard let pointer else { return malloc(size) }
        guard let block = usedBlock(forPointer: pointer) else {
            recordAbort(pointer, "realloc")
            return nil
        }
        guard let size = Self.alignUp(size) else { return nil }
        if size == 0 {
            free(pointer)
            return nil
        }

        var result: Int? = nil
        let origSize = dataSize(block)
        if size <= origSize {
            split(block, size, prevFree: nil)  // shrink in place
            result = pointer
        } else if freeBytes < size - origSize {
            return nil  // not enough free bytes in the whole heap
        } else {
            result = growInPlace(block, to: size)
        }

        if result == nil {
            // Move: malloc first (so the new block never overlaps the old), copy, free.
            result = malloc(size)
            if result != nil { free(pointer) }
        }
        updateMinimum()
        return result
    }

    /// The in-place part of a growing realloc: absorb the next block if free, and the previous
    /// block if it is a free neighbour (even when the next block alone was enough). The data
    /// then starts at the previous block, so the pointer may move down.
    mutating func growInPlace(_ block: Int, to size: Int) -> Int? {
        let next = nextBlock(block)
        let prev = prevFreeBlock(block)
        // first_block counts too (data 4), but merge() refuses it.
        let prevGrow = nextBlock(prev) == block ? dataSize(prev) : 0
        var merged = block
        if isFree(next) && dataSize(merged) + dataSize(next) + prevGrow >= size {
            merged = merge(merged, next)
        }
        if prevGrow > 0 && dataSize(merged) + prevGrow >= size {
            merged = merge(prev, merged)
        }
        guard dataSize(merged) >= size else { return nil }
        // memmove of the user data: not modelled, no heap structure lives in it.
        split(merged, size, prevFree: nil)
        return merged + Self.blockHeaderSize
    }

    /// `multi_heap_aligned_alloc` (v4.1–v4.2): malloc(`size + 4 + alignment − 1`), return the
    /// first `alignment`-aligned address ≥ block data + 4, and store (pointer − data) in the
    /// word before it. Free such a pointer with `alignedFree`, as `heap_caps_aligned_free` does.
    /// v4.2 has no `_offs` variant: a non-zero `offset` returns nil.
    public mutating func alignedAlloc(_ size: Int, alignment: Int, offset: Int) -> Int? {
        guard offset == 0, size > 0, alignment > 0, alignment & (alignment - 1) == 0 else { return nil }
        let request = size + Self.blockHeaderSize + (alignment - 1)
        // The C sum wraps at 2^32 (heap_caps rejects size > HEAP_SIZE_MAX before it can).
        guard request <= Int(UInt32.max), let head = malloc(request) else { return nil }
        let pointer = (head + Self.blockHeaderSize + alignment - 1) & ~(alignment - 1)
        setWord(pointer - 4, pointer - head)
        return pointer
    }

    /// `multi_heap_aligned_free`: read the offset word before `pointer`, free the block.
    public mutating func alignedFree(_ pointer: Int?) {
        guard let pointer else { return }
        guard pointer - 4 >= heapAddress + Self.heapHeaderSize, pointer - 4 < lastBlock,
              (pointer - heapAddress) & 3 == 0
        else { return recordAbort(pointer, "aligned free") }
        free(pointer - word(pointer - 4))
    }

    /// `multi_heap_get_allocated_size`: the block's data size (0 where the real one aborts).
    public func allocatedSize(_ pointer: Int) -> Int {
        guard let block = usedBlock(forPointer: pointer) else { return 0 }
        return dataSize(block)
    }

    /// `multi_heap_get_info`: walks every block between `first_block` and `last_block`;
    /// `largest_free_block` is the raw data size of the largest free block.
    public func info() -> HeapInfo {
        var info = HeapInfo(totalFreeBytes: 0, totalAllocatedBytes: 0, largestFreeBlock: 0,
                            minimumFreeBytes: minimumFreeBytes, allocatedBlocks: 0, freeBlocks: 0, totalBlocks: 0)
        var b = nextBlock(firstBlock)
        while !isLast(b) {
            info.totalBlocks += 1
            let size = dataSize(b)
            if isFree(b) {
                info.totalFreeBytes += size
                info.largestFreeBlock = max(info.largestFreeBlock, size)
                info.freeBlocks += 1
            } else {
                info.totalAllocatedBytes += size
                info.allocatedBlocks += 1
            }
            b = nextBlock(b)
        }
        return info
    }
}
