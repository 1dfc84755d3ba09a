/// One `multi_heap` instance: an allocator over one registered memory region,
/// modelled after ESP-IDF's `multi_heap_*` API. Every allocator variant heapfit
/// simulates (each TLSF flavour, the pre-TLSF best-fit allocator, poisoning
/// wrappers) conforms to this protocol, so `heap_caps` and the tests can treat
/// them alike.
///
/// Addresses are absolute (the region's start address plus an offset), as the
/// real heap would return them, so simulated pointers can be compared with
/// boot logs and heap dumps.
public protocol HeapAllocator: Sendable {
    /// Absolute address of the first byte of the region (where `heap_t` lives).
    var regionStart: Int { get }
    /// Length of the region in bytes, as passed to `multi_heap_register`.
    var regionSize: Int { get }
    /// `heap->free_bytes`: what `heap_caps_get_free_size` sums.
    var freeBytes: Int { get }
    /// `heap->minimum_free_bytes`: the low-water mark of `freeBytes`.
    var minimumFreeBytes: Int { get }

    /// `multi_heap_malloc`. Returns nil where the real heap returns NULL.
    mutating func malloc(_ size: Int) -> Int?
    /// `heap_caps_calloc` on this heap: malloc of `count * size`, nil on overflow.
    mutating func calloc(_ count: Int, _ size: Int) -> Int?
    /// `multi_heap_realloc`: nil pointer mallocs, size 0 frees (and returns nil).
    mutating func realloc(_ pointer: Int?, _ size: Int) -> Int?
    /// `multi_heap_aligned_alloc_offs`: the byte at `pointer + offset` is aligned.
    mutating func alignedAlloc(_ size: Int, alignment: Int, offset: Int) -> Int?
    /// `multi_heap_free`. Freeing nil is a no-op, as in C.
    mutating func free(_ pointer: Int?)
    /// `multi_heap_aligned_free` (`heap_caps_aligned_free`): frees a block from `alignedAlloc`.
    /// TLSF frees aligned blocks like any other; the pre-TLSF allocator must find the real start.
    mutating func alignedFree(_ pointer: Int?)
    /// `multi_heap_get_info`, with the figures the real release reports.
    func info() -> HeapInfo
    /// `largest_free_block` as `multi_heap_get_info` reports it, without a full walk where the
    /// allocator can tell from its own structures.
    var largestFreeBlock: Int { get }
    /// Usable size of an allocated block (`multi_heap_get_allocated_size`).
    func allocatedSize(_ pointer: Int) -> Int
    /// Walks every block, free list and bitmap; the first broken invariant, or nil.
    func check() -> InvariantViolation?
    /// Every block in address order, used and free (`multi_heap_walk`); see `HeapBlock`.
    func walk() -> [HeapBlock]
}

extension HeapAllocator {
    public mutating func calloc(_ count: Int, _ size: Int) -> Int? {
        let (total, overflow) = count.multipliedReportingOverflow(by: size)
        // heap_caps_calloc: a product that overflows size_t (32-bit) gives NULL.
        guard !overflow, count >= 0, size >= 0, total <= Int(UInt32.max) else { return nil }
        return malloc(total)
    }

    public mutating func alignedFree(_ pointer: Int?) { free(pointer) }

    public var largestFreeBlock: Int { info().largestFreeBlock }

    /// `multi_heap_aligned_alloc` (offset 0).
    public mutating func alignedAlloc(_ size: Int, alignment: Int) -> Int? {
        alignedAlloc(size, alignment: alignment, offset: 0)
    }

    /// One past the last byte of the region.
    public var regionEnd: Int { regionStart + regionSize }
}

/// What `multi_heap_get_info` fills in (`multi_heap_info_t`).
public struct HeapInfo: Equatable, Sendable, Codable {
    public var totalFreeBytes: Int
    public var totalAllocatedBytes: Int
    public var largestFreeBlock: Int
    public var minimumFreeBytes: Int
    public var allocatedBlocks: Int
    public var freeBlocks: Int
    public var totalBlocks: Int

    public init(totalFreeBytes: Int, totalAllocatedBytes: Int, largestFreeBlock: Int,
                minimumFreeBytes: Int, allocatedBlocks: Int, freeBlocks: Int, totalBlocks: Int) {
        self.totalFreeBytes = totalFreeBytes
        self.totalAllocatedBytes = totalAllocatedBytes
        self.largestFreeBlock = largestFreeBlock
        self.minimumFreeBytes = minimumFreeBytes
        self.allocatedBlocks = allocatedBlocks
        self.freeBlocks = freeBlocks
        self.totalBlocks = totalBlocks
    }
}

/// The first broken invariant `check()` found: where, and what.
public struct InvariantViolation: Error, Equatable, Sendable, CustomStringConvertible {
    /// Absolute address of the block (or list head) concerned, when there is one.
    public var address: Int?
    public var message: String

    public init(address: Int?, _ message: String) {
        self.address = address
        self.message = message
    }

    public var description: String {
        if let address { return "\(message) at 0x\(String(address, radix: 16, uppercase: true))" }
        return message
    }
}
