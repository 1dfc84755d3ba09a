/// What the GC asks of the system it runs on when it grows or shrinks
/// (`MP_PLAT_ALLOC_HEAP`, `MP_PLAT_FREE_HEAP`, `gc_get_max_new_split`).
public protocol GCPlatform {
    /// `MP_PLAT_ALLOC_HEAP(size)`: a new area from the system heap, or nil.
    mutating func allocateArea(_ size: Int) -> Int?
    /// `MP_PLAT_FREE_HEAP(area)`.
    mutating func freeArea(_ address: Int)
    /// `gc_get_max_new_split()`: how big a new area could be.
    func maxNewSplit() -> Int
}

/// How the GC sizes a new area when an allocation fails after a collection
/// (`gc_try_add_heap`, docs/domain/micropython-heap.md §1.4).
public enum GCGrowthPolicy: String, Sendable, Hashable, Codable {
    /// No split heap (MicroPython ≤ 1.20, the ESP8266 port, Pycom): a failed allocation fails.
    case none
    /// MicroPython 1.21.0: total = Σ(pool_end − atb_start) + Σ(1 + 32), not rounded.
    case v1_21
    /// MicroPython 1.22.0+ (97b1313): total from the block count, rounded up to 16.
    case v1_22
}
