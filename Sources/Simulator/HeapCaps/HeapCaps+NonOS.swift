import Model

extension HeapCaps {
    /// A chip without ESP-IDF (ESP8266, NONOS SDK): one system heap and no `heap_caps` layer, so no
    /// `heap_t` array is taken from it. The heap answers every request for DEFAULT, INTERNAL, 8BIT and
    /// 32BIT memory, as the SDK's `pvPortMalloc` does for all of them.
    public init(nonOS chip: ChipLayout, heap: any HeapAllocator, typeName: String) {
        self.chip = chip
        self.makeHeap = { _, _ in nil }
        self.heapSizeMax = chip.heapSizeMax
        let caps: [MemoryCaps] = [[.default, .internal, .bits8, .bits32, .dma], [], []]
        heaps = [RegisteredHeap(caps: caps, start: heap.regionStart, end: heap.regionStart + heap.regionSize,
                                typeName: typeName, heap: heap)]
        heapArray = 0
    }
}
