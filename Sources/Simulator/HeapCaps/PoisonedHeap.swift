/// Heap poisoning layered over any allocator (`multi_heap_poisoning.c` @ v5.4;
/// docs/domain/esp-idf-heap.md §2.2). LIGHT and COMPREHENSIVE both wrap each allocation
/// in an 8 B head {0xABBA1234, size} and a 4 B tail 0xBAAD5678, so the allocator
/// underneath sees `size + 12`; COMPREHENSIVE also fills memory with patterns
/// (no effect on sizes) and never reallocates in place.
public struct PoisonedHeap<Base: HeapAllocator>: HeapAllocator {
    /// `POISON_OVERHEAD` = sizeof(poison_head_t) + sizeof(poison_tail_t).
    public static var overhead: Int { 12 }
    /// `sizeof(poison_head_t)`: the returned pointer is this far into the block.
    public static var headSize: Int { 8 }

    public private(set) var base: Base
    public let level: PoisoningLevel
    /// `multi_heap_get_allocated_size` returns the raw block (no −12) up to v4.4.4 and in v5.0–v5.0.1.
    public let reportsRawAllocatedSize: Bool

    /// v4.2 has no `aligned_alloc_offs`: its poisoning aligns the block start and returns
    /// it + 8, so the caller's pointer is 8 B past the alignment (multi_heap_poisoning.c @ v4.2.5).
    public let alignsBlockStart: Bool

    public init(_ base: Base, level: PoisoningLevel, reportsRawAllocatedSize: Bool = false,
                alignsBlockStart: Bool = false) {
        self.base = base
        self.level = level
        self.reportsRawAllocatedSize = reportsRawAllocatedSize
        self.alignsBlockStart = alignsBlockStart
    }

    public var regionStart: Int { base.regionStart }
    public var regionSize: Int { base.regionSize }
    /// `multi_heap_free_size` subtracts the overhead of one more allocation (clamped at 0).
    public var freeBytes: Int { max(base.freeBytes - Self.overhead, 0) }
    public var minimumFreeBytes: Int { max(base.minimumFreeBytes - Self.overhead, 0) }

    public mutating func malloc(_ size: Int) -> Int? {
        guard size > 0, size <= Int(UInt32.max) - Self.overhead,
              let raw = base.malloc(size + Self.overhead) else { return nil }
        return raw + Self.headSize
    }

    public mutating func alignedAlloc(_ size: Int, alignment: Int, offset: Int) -> Int? {
        guard size > 0, size <= Int(UInt32.max) - Self.overhead,
              let raw = alignsBlockStart
                ? (offset == 0 ? base.alignedAlloc(size + Self.overhead, alignment: alignment, offset: 0) : nil)
                : base.alignedAlloc(size + Self.overhead, alignment: alignment, offset: offset + Self.headSize)
        else { return nil }
        return raw + Self.headSize
    }

    public mutating func alignedFree(_ pointer: Int?) {
        guard let pointer else { return }
        base.alignedFree(pointer - Self.headSize)
    }

    public mutating func free(_ pointer: Int?) {
        guard let pointer else { return }
        base.free(pointer - Self.headSize)
    }

    public mutating func realloc(_ pointer: Int?, _ size: Int) -> Int? {
        guard let pointer else { return malloc(size) }
        if size == 0 {
            free(pointer)
            return nil
        }
        guard size <= Int(UInt32.max) - Self.overhead else { return nil }
        if level == .comprehensive {
            // MULTI_HEAP_POISONING_SLOW: always a new block, a copy, and a free.
            guard let moved = malloc(size) else { return nil }
            free(pointer)
            return moved
        }
        guard let raw = base.realloc(pointer - Self.headSize, size + Self.overhead) else { return nil }
        return raw + Self.headSize
    }

    public func allocatedSize(_ pointer: Int) -> Int {
        let raw = base.allocatedSize(pointer - Self.headSize)
        return reportsRawAllocatedSize ? raw : max(raw - Self.overhead, 0)
    }

    /// `multi_heap_get_info` with the overhead taken out of every figure.
    public func info() -> HeapInfo {
        var info = base.info()
        info.totalAllocatedBytes -= info.allocatedBlocks * Self.overhead
        info.largestFreeBlock = max(info.largestFreeBlock - Self.overhead, 0)
        info.totalFreeBytes = max(info.totalFreeBytes - Self.overhead, 0)
        info.minimumFreeBytes = max(info.minimumFreeBytes - Self.overhead, 0)
        return info
    }

    public var largestFreeBlock: Int { max(base.largestFreeBlock - Self.overhead, 0) }

    public func check() -> InvariantViolation? { base.check() }
}

/// Builds the heap a given allocator variant registers over a region.
public enum HeapFactory {
    /// `multi_heap_register` for `variant` (wrapped in poisoning when enabled);
    /// nil where the real call returns NULL.
    public static func make(_ variant: AllocatorVariant, poisoning: PoisoningLevel = .disabled,
                            start: Int, size: Int) -> (any HeapAllocator)? {
        switch variant {
        case .tlsf(let tlsf):
            guard let heap = TLSFHeap(variant: tlsf, start: start, size: size) else { return nil }
            return poisoning == .disabled ? heap
                : PoisonedHeap(heap, level: poisoning, reportsRawAllocatedSize: tlsf.poisonedSizeIncludesOverhead)
        case .legacyBestFit:
            guard let heap = LegacyBestFitHeap(start: start, size: size) else { return nil }
            return poisoning == .disabled ? heap : PoisonedHeap(heap, level: poisoning, alignsBlockStart: true)
        }
    }
}
