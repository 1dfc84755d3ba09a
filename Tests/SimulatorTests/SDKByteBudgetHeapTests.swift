import Testing
@testable import Simulator

/// The ESP8266 SDK heap as a byte budget: word-rounded charges, no header, unique addresses.
@Test func budgetChargesWordRoundedBytesAndGivesThemBack() {
    var heap = SDKByteBudgetHeap(start: 0x3FFF_0000, size: 1000)
    let a = heap.malloc(10)
    #expect(heap.freeBytes == 988)
    let b = heap.malloc(100)
    #expect(a != nil && b != nil && a != b)
    #expect(heap.freeBytes == 888)
    #expect(heap.largestFreeBlock == 888)
    heap.free(a)
    #expect(heap.freeBytes == 900)
    #expect(heap.minimumFreeBytes == 888)
    #expect(heap.malloc(901) == nil)
    #expect(heap.malloc(900) != nil)
    #expect(heap.freeBytes == 0)
    #expect(heap.check() == nil)
}

@Test func budgetReallocAndUniqueAddressesAcrossWrap() {
    var heap = SDKByteBudgetHeap(start: 0x1000, size: 64)
    var live: [Int] = []
    for _ in 0..<16 { if let p = heap.malloc(4) { live.append(p) } }
    #expect(Set(live).count == 16)
    #expect(live.allSatisfy { (0x1000..<0x1040).contains($0) })
    #expect(heap.malloc(1) == nil)
    heap.free(live[3])
    let again = heap.malloc(4)
    #expect(again == live[3])
    var h2 = SDKByteBudgetHeap(start: 0x1000, size: 64)
    let p = h2.malloc(8)
    #expect(h2.realloc(p, 20) == p)
    #expect(h2.freeBytes == 44)
    #expect(h2.realloc(p, 0) == nil)
    #expect(h2.freeBytes == 64)
    #expect(h2.check() == nil)
}
