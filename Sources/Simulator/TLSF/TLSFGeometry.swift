/// The shape of a TLSF control structure: how many first- and second-level
/// lists it has, and how many bytes it occupies in front of the pool.
/// `TLSF+StaticControl.swift` and `TLSF+DynamicControl.swift` derive it.
public struct TLSFGeometry: Hashable, Sendable {
    /// `fl_index_max`: the largest block is `1 << flIndexMax`.
    public let flIndexMax: Int
    /// `sl_index_count_log2`.
    public let slLog2: Int
    /// `fl_index_shift` = `slLog2 + 2` (ALIGN_SIZE_LOG2 is 2 on every target).
    public let flShift: Int
    /// `fl_index_count`.
    public let flCount: Int
    /// `sl_index_count`.
    public let slCount: Int
    /// `small_block_size`: requests below it all map to first-level list 0.
    public let smallBlockSize: Int
    /// `tlsf_size()`: bytes of the control structure.
    public let controlSize: Int

    init(flIndexMax: Int, slLog2: Int, controlSize: Int) {
        self.flIndexMax = flIndexMax
        self.slLog2 = slLog2
        self.flShift = slLog2 + TLSFLayout.alignSizeLog2
        self.flCount = flIndexMax - flShift + 1
        self.slCount = 1 << slLog2
        self.smallBlockSize = 1 << flShift
        self.controlSize = controlSize
    }

    /// `tlsf_block_size_max()`.
    public var blockSizeMax: Int { 1 << flIndexMax }
}

/// Constants of the TLSF block layout that every IDF flavour shares
/// (`tlsf_block_functions.h` @ ba64d19; `docs/domain/esp-idf-heap.md` §1.1).
public enum TLSFLayout {
    /// `ALIGN_SIZE_LOG2`: 4-byte alignment on every ESP target.
    public static let alignSizeLog2 = 2
    public static let alignSize = 1 << alignSizeLog2
    /// `block_header_overhead`: a used block exposes only its size word.
    public static let blockHeaderOverhead = 4
    /// Offset of the user pointer from the block header (`block_start_offset`).
    public static let blockStartOffset = 8
    /// `sizeof(block_header_t)`: prev_phys, size, next_free, prev_free.
    public static let blockHeaderSize = 16
    /// `block_size_min` = sizeof(block_header_t) − sizeof(block_header_t*).
    public static let blockSizeMin = 12
    /// `tlsf_pool_overhead()`: the first block's size word and the sentinel.
    public static let poolOverhead = 8
    /// `sizeof(heap_t)` in multi_heap.c (v4.3+): lock, free_bytes, minimum_free_bytes, pool_size, heap_data.
    public static let multiHeapHeaderSize = 20
}

extension TLSFVariant {
    /// The control structure this variant builds for a heap whose `tlsf_create`
    /// receives `bytes` (region length − 20); nil where `tlsf_create` fails.
    public func geometry(forBytes bytes: Int) -> TLSFGeometry? {
        switch control {
        case .fixed(let flIndexMax): return TLSFGeometry.staticControl(flIndexMax: flIndexMax)
        case .perPool: return TLSFGeometry.dynamicControl(bytes: bytes)
        }
    }
}
