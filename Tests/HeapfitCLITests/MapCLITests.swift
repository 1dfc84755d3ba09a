import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `heapfit map` run as a user runs it: the built binary, the SVG it prints or writes, its exit code.
@Suite("heapfit map (end to end)")
struct MapCLITests {
    static let scenario = ["map", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", "https-get-x2"]

    /// Whether `text` is well-formed XML (Foundation's XMLParser).
    func parses(_ text: String) -> Bool { XMLParser(data: Data(text.utf8)).parse() }

    /// `class="heap-bar"` rects: one per registered heap.
    func bars(_ svg: String) -> Int { svg.components(separatedBy: "class=\"heap-bar\"").count - 1 }

    func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "heapfit-map-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func printsAnSVGThatParses() throws {
        let r = try runHeapfit(Self.scenario + ["--timeline"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(parses(r.stdout))
        // ESP32_GENERIC on 5.4.2 registers 7 heaps (heapfit heaps lists them).
        #expect(bars(r.stdout) == 7)
        #expect(r.stdout.contains("At the IDF peak: "))
        #expect(r.stdout.contains("class=\"timeline-free\""))
    }

    @Test func writesWithOutAndNeverOverwritesWithoutForce() throws {
        let dir = try temporaryDirectory()
        let out = dir + "/map.svg"
        let first = try runHeapfit(Self.scenario + ["--out", out])
        #expect(first.status == 0)
        #expect(first.stdout == "Wrote \(out): the heap map (open it in a browser).\n")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(parses(written) && bars(written) == 7)

        let again = try runHeapfit(Self.scenario + ["--at", "step:3", "--out", out])
        #expect(again.status == 2)
        #expect(again.stderr == "heapfit map: \(out) already exists; heapfit does not overwrite it. "
                + "Pass --force to replace it, or choose another --out path.\n")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == written)

        let forced = try runHeapfit(Self.scenario + ["--at", "step:3", "--out", out, "--force"])
        #expect(forced.status == 0)
        let replaced = try String(contentsOfFile: out, encoding: .utf8)
        #expect(replaced != written && replaced.contains("At the end of step 3 "))
        // Atomic write: no temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["map.svg"])
    }

    @Test func aFailingWorkloadIsDrawnAtItsFailureAndExitsOne() throws {
        let r = try runHeapfit(["map", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", "tls-x2-concurrent",
                                "--initial-heap", "100K"])
        #expect(r.status == 1)
        #expect(parses(r.stdout))
        #expect(r.stdout.contains("<g id=\"failing-request\""))
        #expect(r.stdout.contains("tls_b/in_buf asks 16717 B"))
        #expect(r.stdout.contains("class=\"failure-mark\""))
    }

    @Test(arguments: [
        (["--at", "soon"], "'soon' given with --at is not a moment"),
        (["--at", "failure"], "fits: no allocation fails, so there is no failure to draw"),
        (["--at", "step:99"], "--at step:99 is not a top-level step of the workload"),
        (["--force"], "--force is given without --out"),
        (["--set", "NO_SUCH_KNOB=1"], "Unknown knob NO_SUCH_KNOB"),
    ])
    func badInputExitsTwo(extra: [String], message: String) throws {
        let r = try runHeapfit(Self.scenario + extra)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("heapfit map: "))
        #expect(r.stderr.contains(message))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}
