import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// The GC recording of the seed report's real program (truth/gc/micropython-1.24.1-nfc-player-https.yaml,
/// MicroPython v1.24.1's gc.c run 32-bit) replayed through the model: workload nfc-player-https
/// must grow the heap where the recording grew it, by the size it grew, and nowhere else.
struct GCRecording {
    struct Run { var heapSize: Int; var events: [String] }
    var runs: [Run]

    static func load(_ name: String) throws -> GCRecording {
        let root = URL(fileURLWithPath: repositoryCatalogue).deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("truth/gc/\(name).yaml"), encoding: .utf8)
        var runs: [Run] = []
        for line in text.split(separator: "\n").map(String.init) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("- heapsize: "), let n = Int(t.dropFirst("- heapsize: ".count)) {
                runs.append(Run(heapSize: n, events: []))
            } else if t.hasPrefix("- {"), !runs.isEmpty {
                runs[runs.count - 1].events.append(t)
            }
        }
        return GCRecording(runs: runs)
    }

    /// The recorded `total:` at the step whose line contains `name`.
    static func total(_ run: Run, step name: String) -> Int? {
        guard let line = run.events.first(where: { $0.contains("step: \"\(name)\"") }),
              let r = line.range(of: "total: ") else { return nil }
        return Int(line[r.upperBound...].prefix { $0.isNumber })
    }

    /// Sizes passed to MP_PLAT_ALLOC_HEAP before the step named `name`.
    static func areasAdded(_ run: Run, before name: String) -> [Int] {
        var sizes: [Int] = []
        for line in run.events {
            if line.contains("step: \"\(name)\"") { break }
            if let r = line.range(of: "area_added: ") { sizes.append(Int(line[r.upperBound...].prefix { $0.isNumber }) ?? -1) }
        }
        return sizes
    }
}

@Test(arguments: [53248, 55296, 57344, 59392, 61440])
func nfcPlayerGrowthMatchesTheRecording(heapSize: Int) throws {
    let recording = try GCRecording.load("micropython-1.24.1-nfc-player-https")
    let run = try #require(recording.runs.first { $0.heapSize == heapSize })
    // IDF 5.2.2 (a release micropython-1.24 lists) with a 4 KiB TLS input buffer so that the IDF
    // side never fails and the whole program replays: the GC side does not depend on either while
    // the IDF's largest block exceeds the new area (it does here: 90 KiB before the growth).
    let r = try simulate("nfc-player-https", idf: IDFVersion(5, 2, 2), firmware: "micropython-1.24", initialHeap: heapSize,
                         knobs: [("MBEDTLS_SSL_IN_CONTENT_LEN", 4096)])
    #expect(r.result.firstFailure == nil)
    // One ATB byte (4 blocks, 64 B) per area: the unix port's malloc and the IDF place the area's start differently.
    let tolerancePerArea = 64
    let recordedGrowth = GCRecording.areasAdded(run, before: "main.py imported")
    let imported = try step(r, "main.py imported")
    #expect(imported.gc.areas == 1 + recordedGrowth.count, "areas after main.py's compile at \(heapSize) B")
    let recordedTotal = try #require(GCRecording.total(run, step: "main.py imported"))
    #expect(abs(imported.gc.total - recordedTotal) <= tolerancePerArea * imported.gc.areas,
            "GC total \(imported.gc.total) vs recorded \(recordedTotal) at \(heapSize) B")
    // Growth happens while main.py compiles, nowhere before it.
    let beforeCompile = try step(r, "Wi-Fi connected")
    #expect(beforeCompile.gc.areas == 1)
    // And nothing grows afterwards up to the first handshake: the recording's total at GET #1 is the one after the compile.
    let atFirstGET = try step(r, "GET #1: connect")
    let recordedAtGET = try #require(GCRecording.total(run, step: "TLS handshake api.airtable.com"))
    #expect(atFirstGET.gc.areas == imported.gc.areas)
    #expect(abs(atFirstGET.gc.total - recordedAtGET) <= tolerancePerArea * atFirstGET.gc.areas)
    // To the end: the added area is never given back (compiled code lives in it), none is added.
    let last = try step(r, "GET #2: closed")
    let recordedAtEnd = try #require(GCRecording.total(run, step: "end"))
    #expect(last.gc.areas == imported.gc.areas)
    #expect(abs(last.gc.total - recordedAtEnd) <= tolerancePerArea * last.gc.areas)
}
