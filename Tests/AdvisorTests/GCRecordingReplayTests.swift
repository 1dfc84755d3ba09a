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
    static func total(_ run: Run, step name: String) -> Int? { figure("total", run, step: name) }

    /// The recorded `used:` at the step whose line contains `name`.
    static func used(_ run: Run, step name: String) -> Int? { figure("used", run, step: name) }

    /// The number after `field: ` on the line of the step named `name`.
    static func figure(_ field: String, _ run: Run, step name: String) -> Int? {
        guard let line = run.events.first(where: { $0.contains("step: \"\(name)\"") }),
              let r = line.range(of: "\(field): ") else { return nil }
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

/// Workload https-get-x2's Python side is its recording's (truth/gc/micropython-1.24.1-https-get-x2.yaml): live bytes
/// after the imports and after the end's collection are the recorded ones to the byte, and each request allocates what
/// the recording shows between "collected after imports" and the first "closed" — less what the recording's stubs
/// put in the SSL and socket objects, which the tls-session and tcp-socket components hold instead (their sizes from
/// the mbedTLS structs), plus those components' own GC objects.
@Test func httpsGetX2PythonSideIsTheRecording() throws {
    let run = try #require(try GCRecording.load("micropython-1.24.1-https-get-x2").runs.first)
    let r = try simulate("https-get-x2", idf: IDFVersion(5, 2, 2), firmware: "micropython-1.24", initialHeap: run.heapSize)
    #expect(r.result.firstFailure == nil)
    let afterImports = try #require(GCRecording.used(run, step: "collected after imports"))
    #expect(try step(r, "import network, requests, json").gc.used == afterImports)
    #expect(try step(r, "Wi-Fi connected").gc.used == afterImports)
    let atEnd = try #require(GCRecording.used(run, step: "collected at end"))
    #expect(r.result.gcAtEnd.used == atEnd)
    // One request, before any collection: recorded 9472 B with stub SSL objects of 1920 + 336 B and a 16 B unix socket.
    let recordedRequest = try #require(GCRecording.used(run, step: "closed")) - afterImports
    let stubs = 1920 + 336 + 16
    let components = 2336 + 32  // tls-session's ssl_objects (1748 + 568 → 2336 in blocks), tcp-socket's socket_object
    let peakOfRequest = try step(r, "GET #1: reply kept").gc.used - afterImports
    #expect(peakOfRequest == recordedRequest - stubs + components, "one request's GC bytes: \(peakOfRequest)")
    // The components' objects are freed at close; what the request left live is the kept reply.
    #expect(try step(r, "GET #1: closed").gc.used - afterImports == peakOfRequest - components)
}
