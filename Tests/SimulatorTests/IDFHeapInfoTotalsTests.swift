import Model
import Testing
@testable import Simulator

/// `esp32.idf_heap_info(esp32.HEAP_DATA)` lists published by MicroPython users (docs/domain/micropython-heap.md §4, §7),
/// reproduced through the catalogue: the totals column always, and the free/largest columns of heaps the
/// firmware had not touched yet (the rest depend on firmware allocations, which issue 4 models).
@Suite("idf_heap_info totals of published MicroPython boots")
struct IDFHeapInfoTotalsTests {
    func boot(_ chip: String, _ idf: IDFVersion, _ f: Features, dram: Int, rtc: Int = 0) throws -> HeapCaps {
        let c = try repoCatalogue()
        let layout = try #require(c.chip(named: chip)).layout(idf: idf, features: f, file: c.file)
        let placement = try StaticPlacement(chip: layout, staticDRAM: dram, staticIRAM: nil, staticRTC: rtc)
        return try BootSequence.run(chip: layout, placement: placement).caps
    }

    // mp#7214, ESP32 GENERIC (Bluetooth on), IDF v4.3 era: [(7288,176,0,176),(16648,5608,4096,40),
    // (94064,5684,4096,5664),(15072,13448,8192,13448),(113840,112216,65536,112216)].
    // Static DRAM derived from the 94064 B heap: 0x3FFE0000 − 94064 − 0x3FFBDB60 = 46384.
    @Test func esp32OnIDF43() throws {
        let caps = try boot("ESP32", IDFVersion(4, 3), Features(bluetooth: true), dram: 46384)
        let info = caps.idfHeapInfo(caps: .bits8)
        // No 240 B heap: the static TLSF control block (1604 B, FL_INDEX_MAX 18) does not fit it, so
        // multi_heap_register fails and the heap stays unregistered (heap_caps_init keeps it, unlisted).
        #expect(info.map(\.total) == [7288, 16648, 94064, 15072, 113840])
        // The D/IRAM heaps are untouched at boot: free = total − 20 − 1604; v4.3's largest_free_block is a
        // power of two (espressif/esp-idf#7808).
        #expect(info[3] == IDFHeapInfo(total: 15072, free: 13448, largestFreeBlock: 8192, minimumFree: 13448))
        #expect(info[4] == IDFHeapInfo(total: 113840, free: 112216, largestFreeBlock: 65536, minimumFree: 112216))
        #expect(caps.check() == nil)
    }

    // mp#7214, ESP32-S2 GENERIC_S2 (no PSRAM then), IDF v4.3 era: [(8148,140,0,140),(197736,38728,32768,34264),
    // (14864,13108,8192,13108)] — RTCRAM first (the RTC region is the first entry up to v4.4), the main heap,
    // then the start-up stack block cut at the ROM reserve 0x3FFFFA10.
    // Derived: main heap start 0x3FFFC000 − 197736 = 0x3FFCBB98, dram0_0_seg at 0x3FFB2000 (8 KB I-cache, no
    // D-cache: the v4.x default without PSRAM) → 105368; RTC fast data 0x2000 − 8148 = 44.
    @Test func s2OnIDF43() throws {
        let f = Features(rtcFastHeap: true, memprot: false, icache: 8 * 1024, dcache: 0)
        let caps = try boot("ESP32-S2", IDFVersion(4, 3), f, dram: 105_368, rtc: 44)
        let info = caps.idfHeapInfo(caps: .bits8)
        #expect(info.map(\.total) == [8148, 197736, 14864])
        // The stack heap is untouched at boot: 14864 − 20 − 1736 (static control, FL_INDEX_MAX 19).
        #expect(info[2] == IDFHeapInfo(total: 14864, free: 13108, largestFreeBlock: 8192, minimumFree: 13108))
    }

    // mp#12952 (IDF 5.0.2) through the whole boot sequence: same totals as the heap_caps test, via the catalogue board.
    @Test func esp32GenericOnIDF502() throws {
        let caps = try boot("ESP32", IDFVersion(5, 0, 2), Features(bluetooth: true), dram: 53304)
        #expect(caps.idfHeapInfo(caps: .bits8).map(\.total) == [240, 7288, 16648, 87144, 15072, 113840])
    }
}
