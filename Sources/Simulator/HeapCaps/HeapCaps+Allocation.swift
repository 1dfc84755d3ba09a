import Model

/// Allocation paths of `heap_caps_base.c` / `heap_caps.c` (esp-idf v5.4.2; domain §3.2).
extension HeapCaps {
    /// `UNALIGNED_MEM_ALIGNMENT_BYTES`: alignments up to this go through plain `multi_heap_malloc`.
    static let unalignedAlignment = 4

    /// `heap_caps_malloc(size, caps)`.
    public mutating func malloc(_ size: Int, caps: MemoryCaps) -> Int? {
        alignedAllocBase(alignment: Self.unalignedAlignment, size: size, caps: caps)
    }

    /// `heap_caps_calloc`: nil when `n × size` overflows `size_t` (32-bit).
    public mutating func calloc(_ n: Int, _ size: Int, caps: MemoryCaps) -> Int? {
        let (total, overflow) = n.multipliedReportingOverflow(by: size)
        guard !overflow, n >= 0, size >= 0, total <= Int(UInt32.max) else { return nil }
        return malloc(total, caps: caps)
    }

    /// `heap_caps_aligned_alloc`: nil for an alignment of 0 or not a power of two, or size 0.
    public mutating func alignedAlloc(_ size: Int, alignment: Int, caps: MemoryCaps) -> Int? {
        guard (try? Self.checkAlignment(alignment)) != nil, size > 0, size <= heapSizeMax else { return nil }
        return alignedAllocBase(alignment: alignment, size: size, caps: caps)
    }

    /// `heap_caps_aligned_check_args` as a diagnostic, for callers that must explain the refusal.
    public static func checkAlignment(_ alignment: Int) throws(Diagnostic) {
        guard alignment > 0, alignment & (alignment - 1) == 0 else {
            throw Diagnostic("Alignment \(alignment) is not a power of two",
                             expected: "a power of two such as 4, 8, 16 or 64 (heap_caps_aligned_alloc returns NULL otherwise)",
                             fix: "Use a power-of-two alignment")
        }
    }

    /// `heap_caps_malloc_default` = `malloc()`.
    public mutating func mallocDefault(_ size: Int) -> Int? {
        guard let limit = extmemLimit else { return malloc(size, caps: [.default, .internal]) }
        let first: MemoryCaps = size <= limit ? [.default, .internal] : [.default, .spiram]
        if let p = malloc(size, caps: first) { return p }
        return size > 0 ? malloc(size, caps: .default) : nil
    }

    /// `calloc()`: `heap_caps_calloc` with the default caps (newlib `heap.c`), same routing as malloc.
    public mutating func callocDefault(_ n: Int, _ size: Int) -> Int? {
        let (total, overflow) = n.multipliedReportingOverflow(by: size)
        guard !overflow, n >= 0, size >= 0, total <= Int(UInt32.max) else { return nil }
        return mallocDefault(total)
    }

    /// `heap_caps_aligned_alloc_default` = `memalign()` / `posix_memalign()`.
    public mutating func alignedAllocDefault(_ size: Int, alignment: Int) -> Int? {
        guard let limit = extmemLimit else { return alignedAlloc(size, alignment: alignment, caps: [.default, .internal]) }
        guard (try? Self.checkAlignment(alignment)) != nil, size > 0 else { return nil }
        let first: MemoryCaps = size <= limit ? [.default, .internal] : [.default, .spiram]
        return alignedAllocBase(alignment: alignment, size: size, caps: first)
            ?? alignedAllocBase(alignment: alignment, size: size, caps: .default)
    }

    /// `heap_caps_realloc_default` = `realloc()`.
    public mutating func reallocDefault(_ pointer: Int?, _ size: Int) -> Int? {
        guard let limit = extmemLimit else { return realloc(pointer, size, caps: [.default, .internal]) }
        let first: MemoryCaps = size <= limit ? [.default, .internal] : [.default, .spiram]
        if let p = realloc(pointer, size, caps: first) { return p }
        return size > 0 ? realloc(pointer, size, caps: .default) : nil
    }

    /// `heap_caps_aligned_alloc_base`: priorities 0…2, and within each the list order.
    mutating func alignedAllocBase(alignment: Int, size: Int, caps wanted: MemoryCaps) -> Int? {
        var caps = wanted
        var size = size
        guard size > 0, size <= heapSizeMax else { return nil }
        if caps.contains(.exec) {
            // EXEC memory is never byte-accessible or DMA-capable.
            if caps.contains(.bits8) || caps.contains(.dma) { return nil }
            caps.insert(.bits32)
        }
        if caps.contains(.bits32) { size = (size + 3) & ~3 }
        for prio in 0..<3 {
            for i in heaps.indices where heaps[i].heap != nil {
                guard !heaps[i].caps[prio].intersection(caps).isEmpty, heaps[i].allCaps.isSuperset(of: caps) else { continue }
                if caps.contains(.exec), let diram = chip.diram, diram.containsDRAM(heaps[i].start) {
                    // EXEC from D/IRAM: a 4 B larger block, handed out through its IRAM alias whose
                    // preceding word holds the DRAM address (dram_alloc_to_iram_addr, SOC_DIRAM_INVERTED).
                    if let p = allocate(in: i, size: size + 4, alignment: alignment) {
                        let alias = diram.iramAddress(ofDRAM: p + size) + 4
                        iramAliases[alias] = p
                        return alias
                    }
                } else if let p = allocate(in: i, size: size, alignment: alignment) {
                    return p
                }
            }
        }
        return nil
    }

    private mutating func allocate(in i: Int, size: Int, alignment: Int) -> Int? {
        alignment <= Self.unalignedAlignment
            ? heaps[i].heap?.malloc(size)
            : heaps[i].heap?.alignedAlloc(size, alignment: alignment, offset: 0)
    }

    /// `heap_caps_free`: finds the heap owning the address (through the IRAM alias table for EXEC blocks).
    public mutating func free(_ pointer: Int?) {
        guard var p = pointer else { return }
        if let dram = iramAliases.removeValue(forKey: p) { p = dram }
        guard let i = heapIndex(containing: p) else { return }
        heaps[i].heap?.free(p)
    }

    /// `heap_caps_realloc`: in place when the owning heap has the caps (and alignment ≤ 4), otherwise
    /// allocate elsewhere, copy, free. An IRAM-alias pointer always moves.
    public mutating func realloc(_ pointer: Int?, _ size: Int, caps: MemoryCaps) -> Int? {
        guard let p = pointer else { return malloc(size, caps: caps) }
        if size == 0 {
            free(p)
            return nil
        }
        guard size <= heapSizeMax else { return nil }
        let aliased = iramAliases[p] != nil
        let dram = iramAliases[p] ?? p
        guard let i = heapIndex(containing: dram) else { return nil }
        if !aliased, heaps[i].allCaps.isSuperset(of: caps), let r = heaps[i].heap?.realloc(p, size) {
            return r
        }
        guard let moved = malloc(size, caps: caps) else { return nil }
        free(p)
        return moved
    }
}
