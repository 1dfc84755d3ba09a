import Foundation
import Testing
@testable import Model

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("Recordings")
struct RecordingTests {
    /// The text form: runs, transient pairs, absolute and relative frees, `copy` of earlier event lines.
    @Test func parsesEveryLineKind() throws {
        let text = """
            heapfit-recording 1
            # a comment
            knob MBEDTLS_SSL_IN_CONTENT_LEN 16384
            phase setup
            +100 in_buf
            +8x2
            ~32x2
            <2
            = live 108 blocks 2 peak 148
            phase handshake
            -2
            +4
            <0
            copy 2 2
            = live 100 blocks 1 peak 148
            """
        let r = try Recording.parse(text, file: "t.txt")
        #expect(r.phases == ["setup", "handshake"])
        #expect(r.knobs == ["MBEDTLS_SSL_IN_CONTENT_LEN": 16384])
        let events = r.events.map(\.event)
        #expect(events == [.alloc(id: 1, size: 100, tag: "in_buf"), .alloc(id: 2, size: 8, tag: nil), .alloc(id: 3, size: 8, tag: nil),
                           .alloc(id: 4, size: 32, tag: nil), .free(id: 4), .alloc(id: 5, size: 32, tag: nil), .free(id: 5),
                           .free(id: 3), .free(id: 2), .alloc(id: 6, size: 4, tag: nil), .free(id: 6),
                           .alloc(id: 7, size: 4, tag: nil), .free(id: 7)])
        #expect(r.checkpoints.map(\.after) == [8, 13])
        #expect(r.events(in: ["handshake"]).count == 5)
    }

    /// `recv` and `send` lines are events of their own, in order, and not event lines for `copy`.
    @Test func readsAndWritesAreEventsThatCopySkips() throws {
        let text = """
            heapfit-recording 1
            phase handshake
            send 240
            recv 5
            +8
            recv 4123
            +16
            copy 2 2
            send 75
            """
        let r = try Recording.parse(text, file: "t.txt")
        #expect(r.events.map(\.event) == [.sent(bytes: 240), .received(bytes: 5), .alloc(id: 1, size: 8, tag: nil),
                                          .received(bytes: 4123), .alloc(id: 2, size: 16, tag: nil),
                                          .alloc(id: 3, size: 8, tag: nil), .alloc(id: 4, size: 16, tag: nil), .sent(bytes: 75)])
    }

    @Test(arguments: [
        ("heapfit-recording 1\nphase a\nrecv 0", 3, "has no byte count"),
        ("heapfit-recording 1\nphase a\nsend many", 3, "has no byte count"),
        ("heapfit-recording 1\nrecv 5", 2, "comes before any `phase` line"),
        ("heapfit-recording 1\nphase a\n-1", 3, "frees no allocation that is held"),
        ("heapfit-recording 1\n+4", 2, "comes before any `phase` line"),
        ("heapfit-recording 1\nphase a\n+4\ncopy 5 1", 4, "does not point into the event lines"),
        ("heapfit-recording 1\nphase a\n+4q", 3, "Unknown line `+4q`"),
        ("recording\n", 1, "does not start with `heapfit-recording 1`"),
        ("heapfit-recording 1\nphase a\nphase a", 3, "Phase a appears twice"),
    ])
    func badLinesAreDiagnosedWithTheirLine(text: String, line: Int, message: String) {
        #expect {
            _ = try Recording.parse(text, file: "bad.txt")
        } throws: { error in
            guard let d = error as? Diagnostic else { return false }
            return d.file == "bad.txt" && d.line == line && d.what.contains(message)
        }
    }

    /// Every IDF release the catalogue knows has the mbedTLS version it ships in the index, with
    /// the six chain × verify recordings of MicroPython's configuration.
    @Test func indexCoversEveryCatalogueRelease() throws {
        let index = try RecordingIndex.read(repository.appendingPathComponent("truth/mbedtls/index.yaml").path)
        let catalogue = try CatalogueLoader.load(path: repository.appendingPathComponent("boards.yaml").path)
        for release in catalogue.idfReleases {
            let entry = index.entry(for: release)
            #expect(entry != nil, "IDF \(release) has no mbedTLS recordings")
            for key in ["rsa3-none", "rsa3-ca", "ec2-none", "ec2-ca", "mtls-none", "mtls-ca"] {
                #expect(entry?.files[key] != nil, "IDF \(release): no \(key)")
            }
        }
        #expect(index.entry(for: IDFVersion(5, 4, 1))?.version == "3.6.2")
        #expect(index.entry(for: IDFVersion(4, 4))?.version == "2.16.12")
        #expect(index.entry(for: IDFVersion(4, 4, 1))?.version == "2.28.0")
    }
}
