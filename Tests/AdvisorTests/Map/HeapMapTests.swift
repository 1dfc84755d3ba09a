import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// `heapfit map`: the snapshot is taken at the moment asked for, and the SVG draws it to scale.
@Suite("heap map: snapshot and SVG")
struct HeapMapTests {
    func map(_ workload: String, board: String = "ESP32_GENERIC", idf: IDFVersion = IDFVersion(5, 4, 2), firmware: String? = nil,
             initialHeap: Int? = nil, at moment: MapMoment = .automatic, timeline: Bool = false) throws -> HeapMapReport {
        let request = MapRequest(simulation: SimulationRequest(board: board, idf: idf, firmware: firmware, workload: workload,
                                                               initialHeap: initialHeap),
                                 moment: moment, timeline: timeline)
        return try MapCommand.run(request, catalogue: try CatalogueLoader.load(path: repositoryCatalogue), library: shippedLibrary)
    }

    /// Σ free bytes of the DEFAULT|INTERNAL heaps: `heap_caps_get_free_size` as the replay samples it.
    func internalFree(_ s: HeapSnapshot) -> Int {
        s.heaps.filter { $0.caps.isSuperset(of: [.default, .internal]) }.reduce(0) { $0 + $1.freeBytes }
    }

    func blocks(_ s: HeapSnapshot, ownedBy owner: String) -> [(HeapSnapshot.Region, HeapBlock)] {
        s.heaps.flatMap { r in r.blocks.filter { $0.owner == owner }.map { (r, $0.block) } }
    }

    @Test func thePeakIsTheMomentOfLeastFreeInternalMemory() throws {
        let r = try map("https-get-x2")
        #expect(r.result.fits)
        #expect(r.moment == .peak(free: r.result.minimumInternalFree))
        #expect(r.snapshot.event == r.result.minimumInternalFreeEvent && r.snapshot.event > 0)
        // The heaps in the snapshot add up to the low-water mark the replay recorded.
        #expect(internalFree(r.snapshot) == r.result.minimumInternalFree)
        #expect(r.stepLabel == r.result.minimumInternalFreeStep)
        // At the peak the first handshake holds its 16717 B IN buffer (16384 + 333, mp#8940).
        let inBuffer = try #require(blocks(r.snapshot, ownedBy: "tls1/in_buf").first)
        #expect(inBuffer.1.used && inBuffer.1.size >= 16717)
        #expect(r.instanceComponents["tls1"] == "tls-session" && r.instanceComponents["sock1"] == "tcp-socket")
        #expect(r.instanceComponents["idf-startup"] != nil)
    }

    @Test func aStepEndMatchesThatStepsRecord() throws {
        let fits = try map("https-get-x2")
        let closed = try #require(fits.result.steps.first { $0.label == "GET #1: closed" })
        let r = try map("https-get-x2", at: .step(closed.step + 1))
        #expect(r.moment == .stepEnd(number: closed.step + 1))
        #expect(r.stepLabel == "GET #1: closed")
        #expect(internalFree(r.snapshot) == closed.idfInternalFree)
        #expect(blocks(r.snapshot, ownedBy: "tls1/in_buf").isEmpty)  // closed: given back
        // The Python heap as mem_info() sees it at that step's end.
        let used = r.snapshot.gcAreas.flatMap(\.runs).filter(\.used).reduce(0) { $0 + $1.bytes }
        let total = r.snapshot.gcAreas.reduce(0) { $0 + $1.poolEnd - $1.poolStart }
        #expect(used == closed.gc.used && total == closed.gc.total)
        // Each area lies in the IDF block that holds it, owned by the Python heap.
        for area in r.snapshot.gcAreas {
            let holder = r.snapshot.heaps.flatMap(\.blocks).first { $0.block.start <= area.systemAllocation && area.systemAllocation < $0.block.end }
            #expect(holder?.owner?.hasPrefix("Python GC heap") == true)
        }
    }

    @Test func aFailureIsDrawnWithTheHeapsTheRequestSaw() throws {
        let r = try map("tls-x2-concurrent", initialHeap: 100 * 1024)
        guard case .failure(let f) = r.moment else {
            Issue.record("expected the failure, got \(r.moment)")
            return
        }
        #expect(f.size == 16717 && f.allocation == "tls_b/in_buf")
        #expect(r.snapshot.event == r.result.events)
        #expect(!f.largestAvailable.isEmpty)
        for candidate in f.largestAvailable {
            let region = try #require(r.snapshot.heaps.first { $0.start == candidate.start })
            #expect(region.largestFreeBlock == candidate.largestFreeBlock && region.freeBytes == candidate.free)
        }
    }

    @Test func momentsThatDoNotExistAreDiagnosed() throws {
        #expect { try map("https-get-x2", at: .failure) } throws: { error in
            (error as? Diagnostic)?.what.contains("fits: no allocation fails") == true
        }
        #expect { try map("https-get-x2", at: .step(999)) } throws: { error in
            (error as? Diagnostic)?.what == "--at step:999 is not a top-level step of the workload"
        }
        #expect { try map("tls-x2-concurrent", initialHeap: 100 * 1024, at: .step(8)) } throws: { error in
            (error as? Diagnostic)?.what.contains("before step 8 ends") == true
        }
        #expect(MapMoment(parsing: "step:0") == nil && MapMoment(parsing: "Peak") == .peak && MapMoment(parsing: "step:3") == .step(3))
    }

    @Test func theSVGHasOneBarPerHeapAndBlocksToScale() throws {
        let r = try map("https-get-x2")
        let svg = try #require(ParsedSVG(HeapMapSVGEmitter.render(r)), "not well-formed XML")
        let root = try #require(svg.root)
        #expect(root.name == "svg" && root.attributes["xmlns"] == "http://www.w3.org/2000/svg" && root.attributes["version"] == "1.1")
        #expect(root.attributes["viewBox"] == "0 0 1400 \(root.attributes["height"] ?? "?")")
        let bars = svg.all("rect", class: "heap-bar")
        #expect(bars.count == r.snapshot.heaps.count)
        // The largest internal heap fills the 1352 px bar width: 1 px = 113840 / 1352 B on ESP32 (D/IRAM 0x3FFE4350).
        let largest = try #require(r.snapshot.heaps.map { $0.end - $0.start }.max())
        #expect(largest == 113840)
        let bytesPerPixel = Double(largest) / 1352
        for (bar, region) in zip(bars, r.snapshot.heaps.sorted { $0.start < $1.start }) {
            #expect(bar.groups.last == "heap-\(Hex.padded(region.start))")
            #expect(abs((bar.number("width") ?? 0) - Double(region.end - region.start) / bytesPerPixel) < 0.006)
        }
        // The IN buffer: its rect is as wide as its bytes (data + 4 B header) and where its address says.
        let (region, block) = try #require(blocks(r.snapshot, ownedBy: "tls1/in_buf").first)
        let rect = try #require(svg.all("rect", class: "block").first { $0.tooltip?.hasPrefix("tls1/in_buf [tls-session] ") == true })
        #expect(abs((rect.number("width") ?? 0) - Double(block.size + 4) / bytesPerPixel) < 0.006)
        #expect(abs((rect.number("x") ?? 0) - (24 + Double(block.start - region.start) / bytesPerPixel)) < 0.006)
        #expect(rect.tooltip?.contains("\(Hex.address(block.address)), \(block.size) B") == true)
        // Every block is drawn, the tiniest at least 1 px wide.
        let blockRects = svg.all("rect", class: "block")
        #expect(blockRects.count == r.snapshot.heaps.reduce(0) { $0 + $1.blocks.count })
        #expect(blockRects.allSatisfy { ($0.number("width") ?? 0) >= 1 })
        #expect(svg.all("rect", class: "gc-pool").count == r.snapshot.gcAreas.count)
        #expect(svg.elements.contains { $0.attributes["id"] == "failing-request" } == false)
    }

    @Test func aFailingMapMarksTheRequest() throws {
        let r = try map("tls-x2-concurrent", initialHeap: 100 * 1024, timeline: true)
        guard case .failure(let f) = r.moment else {
            Issue.record("expected the failure")
            return
        }
        let svg = try #require(ParsedSVG(HeapMapSVGEmitter.render(r)))
        let header = svg.elements.filter { $0.groups.contains("failing-request") }.map(\.text).joined(separator: " ")
        #expect(header.contains("tls_b/in_buf asks 16717 B"))
        // One red outline per heap the request could use that has any free block: its largest one.
        let marks = svg.all("rect", class: "failure-mark")
        let withFree = f.largestAvailable.filter { c in
            r.snapshot.heaps.first { $0.start == c.start }?.blocks.contains { !$0.block.used } == true
        }
        #expect(marks.count == withFree.count && !marks.isEmpty)
        for mark in marks {
            #expect(withFree.contains { mark.groups.last == "heap-\(Hex.padded($0.start))" })
            #expect(mark.tooltip?.hasPrefix("largest free block") == true)
        }
        // The timeline draws each changing heap twice (free, largest) with the failing moment as a last point.
        let free = svg.all("polyline", class: "timeline-free")
        #expect(!free.isEmpty && free.count == svg.all("polyline", class: "timeline-largest").count)
        let points = free.first?.attributes["points"]?.split(separator: " ").count
        #expect(points == r.result.steps.count + 1)
    }

    @Test func aHeapInsideAnotherKeepsItsOwnBlocksOwners() throws {
        // ESP32_GENERIC-SPIRAM: the 32 KiB internal DMA reserve pool is a heap registered inside a DRAM block.
        let r = try map("https-get-x2", board: "ESP32_GENERIC-SPIRAM")
        let pool = try #require(r.snapshot.heaps.first { $0.typeName == "runtime" && $0.caps.contains(.dma) && !$0.caps.contains(.default) })
        let holder = try #require(r.snapshot.heaps.flatMap(\.blocks).first {
            $0.block.used && $0.block.start <= pool.start && pool.start < $0.block.end
        })
        #expect(holder.owner == nil)  // the pool's memory, not the allocations made inside it
        #expect(pool.blocks.contains { $0.owner?.hasPrefix("tls1/") == true })
        // An allocation is drawn once: the IN buffer is one block in one heap.
        #expect(blocks(r.snapshot, ownedBy: "tls1/in_buf").count == 1)
        let svg = try #require(ParsedSVG(HeapMapSVGEmitter.render(r)))
        #expect(svg.elements.contains { $0.text.hasPrefix("internal DMA reserve pool  \(Hex.address(pool.start))") })
    }

    @Test func aPythonFailureMarksTheLongestFreeRun() throws {
        // MicroPython 1.19 has no split heap: 66 KB of objects do not fit a 20 KiB heap (1.19 lists IDF 4.4).
        let r = try map("gc-grow-once", idf: IDFVersion(4, 4), firmware: "micropython-1.19", initialHeap: 20 * 1024)
        guard case .failure(let f) = r.moment, f.heap == .python else {
            Issue.record("expected a Python failure, got \(r.moment)")
            return
        }
        let svg = try #require(ParsedSVG(HeapMapSVGEmitter.render(r)))
        let marks = svg.all("rect", class: "failure-mark")
        #expect(marks.count == r.snapshot.gcAreas.count)
        let longest = r.snapshot.gcAreas[0].largestFreeRun
        #expect(longest == f.largestAvailable.first?.largestFreeBlock)
        #expect(marks.first?.tooltip?.hasSuffix(", \(longest) B") == true)
    }

    @Test func theSameScenarioGivesTheSameBytes() throws {
        let a = HeapMapSVGEmitter.render(try map("https-get-x2", timeline: true))
        let b = HeapMapSVGEmitter.render(try map("https-get-x2", timeline: true))
        #expect(a == b)
        #expect(!a.contains("nan") && !a.contains("inf"))
    }

    @Test func componentsKeepTheirColourAndDiffer() {
        let names = ["ble", "espnow", "http-server", "idf-startup", "micropython-startup", "mqtt", "softap", "tcp-socket",
                     "tls-session", "udp-socket", "webrepl", "wifi-sta"]
        let all = HeapMapPalette(components: names)
        #expect(Set(names.map { all.colour(of: $0) }).count == names.count)
        // Alone or among others, a component is drawn in the colour its name hashes to.
        let alone = HeapMapPalette(components: ["tls-session"])
        #expect(alone.colour(of: "tls-session") == HeapMapPalette.components[Int(HeapMapPalette.fnv1a("tls-session") % 16)])
        #expect(HeapMapPalette.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)  // FNV-1a 64 test vector for "a"
    }

    @Test func numbersHaveAFixedPrecision() {
        #expect(SVGDocument.number(84.2011) == "84.2")
        #expect(SVGDocument.number(1) == "1")
        #expect(SVGDocument.number(2.05) == "2.05")
        #expect(SVGDocument.number(-3.14159) == "-3.14")
        #expect(SVGDocument.number(-0.004) == "0")
        #expect(SVGDocument.escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
    }
}
