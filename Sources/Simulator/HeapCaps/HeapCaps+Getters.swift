import Model

/// The getters of `heap_caps.c` (esp-idf v5.4.2; domain §3.2) and what MicroPython reads from them.
extension HeapCaps {
    /// `heap_caps_get_free_size`: Σ free bytes over registered heaps having all of `caps`.
    public func freeSize(caps: MemoryCaps) -> Int {
        heaps.filter { $0.matches(caps) }.reduce(0) { $0 + ($1.heap?.freeBytes ?? 0) }
    }

    /// `heap_caps_get_minimum_free_size`.
    public func minimumFreeSize(caps: MemoryCaps) -> Int {
        heaps.filter { $0.matches(caps) }.reduce(0) { $0 + ($1.heap?.minimumFreeBytes ?? 0) }
    }

    /// `heap_caps_get_total_size`: Σ (end − start).
    public func totalSize(caps: MemoryCaps) -> Int {
        heaps.filter { $0.matches(caps) }.reduce(0) { $0 + $1.end - $1.start }
    }

    /// `heap_caps_get_largest_free_block`: the **max** of each heap's `largest_free_block`.
    public func largestFreeBlock(caps: MemoryCaps) -> Int {
        heaps.filter { $0.matches(caps) }.map { $0.heap?.largestFreeBlock ?? 0 }.max() ?? 0
    }

    /// `esp_get_free_heap_size()` = free size of `MALLOC_CAP_DEFAULT`.
    public var freeHeapSize: Int { freeSize(caps: .default) }
    /// `esp_get_minimum_free_heap_size()`.
    public var minimumFreeHeapSize: Int { minimumFreeSize(caps: .default) }

    /// `esp32.idf_heap_info(caps)`: one tuple per registered heap matching `caps`, in list order.
    public func idfHeapInfo(caps: MemoryCaps) -> [IDFHeapInfo] {
        heaps.compactMap { h in
            guard h.matches(caps), let heap = h.heap else { return nil }
            let info = heap.info()
            return IDFHeapInfo(total: h.end - h.start, free: info.totalFreeBytes,
                               largestFreeBlock: info.largestFreeBlock, minimumFree: info.minimumFreeBytes)
        }
    }
}
