/// One block of a heap as `tlsf_walk_pool` / `multi_heap_walk` hands it to its walker
/// (tlsf.c @ espressif/tlsf ba64d19: `walker(block_to_ptr(block), block_size(block), !block_is_free(block))`),
/// plus the header bytes in front of the data that belong to the block, so that consecutive
/// blocks tile the pool: `[start, end)` of one is followed by the next one's `start`.
public struct HeapBlock: Hashable, Sendable, Codable {
    /// The data pointer (`block_to_ptr`): what malloc returned, for a used block.
    public var address: Int
    /// Data bytes (`block_size`), what the block offers or holds.
    public var size: Int
    public var used: Bool
    /// Bytes of this block's own header before `address` (the TLSF size word; the best-fit header word).
    public var header: Int

    /// A block whose data starts at `address`, with `header` bytes of its own in front.
    public init(address: Int, size: Int, used: Bool, header: Int) {
        self.address = address
        self.size = size
        self.used = used
        self.header = header
    }

    /// The first byte the block occupies (its header).
    public var start: Int { address - header }
    /// One past its last data byte.
    public var end: Int { address + size }
}

extension TLSFHeap {
    /// `tlsf_walk_pool`: every block from the first to the sentinel (excluded), in address order.
    /// A block's header is its size word, 4 B before the data; its `prev_phys_block` word lies in
    /// the previous block's data (tlsf_block_functions.h), so blocks tile the pool without gaps.
    public func walk() -> [HeapBlock] {
        var blocks: [HeapBlock] = []
        var block = firstBlock
        while hasPool && !isLast(block) {
            blocks.append(HeapBlock(address: regionStart + Self.pointer(block), size: blockSize(block), used: !isFree(block),
                                    header: TLSFLayout.blockHeaderOverhead))
            block = nextBlock(block)
        }
        return blocks
    }
}

extension LegacyBestFitHeap {
    /// Every real block between `first_block` (inside `heap_t`) and `last_block`, in address order
    /// (the walk of `multi_heap_get_info_impl`, multi_heap.c @ v4.2.5).
    public func walk() -> [HeapBlock] {
        var blocks: [HeapBlock] = []
        var b = nextBlock(firstBlock)
        while !isLast(b) {
            blocks.append(HeapBlock(address: b + Self.blockHeaderSize, size: dataSize(b), used: !isFree(b),
                                    header: Self.blockHeaderSize))
            b = nextBlock(b)
        }
        return blocks
    }
}

extension PoisonedHeap {
    /// The raw blocks underneath: `multi_heap_walk` (multi_heap.c @ v5.4.2) walks the TLSF pool
    /// directly, so a used block includes its 8 B poison head and 4 B tail.
    public func walk() -> [HeapBlock] { base.walk() }
}
