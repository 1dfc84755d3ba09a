import Foundation
import Testing
@testable import Model

/// A folder with a recording index, one recording, and a component `rec.yaml` whose `recording:`
/// operation is `operation` (YAML lines under `open:`).
private func fixture(_ operation: String, parameters: String = "  chain: {choices: [rsa3, ec2], default: rsa3}") throws -> String {
    let dir = NSTemporaryDirectory() + "recording-op-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir + "/components", withIntermediateDirectories: true)
    try "heapfit-recording 1\nphase setup\n+100 in_buf\n+20\n= live 120 blocks 2 peak 120\nphase close\n<0\n<1\n"
        .write(toFile: dir + "/rsa3.txt", atomically: true, encoding: .utf8)
    try "versions:\n  - version: \"1.0\"\n    idf: [5.4]\n    recordings: {rsa3: rsa3.txt}\n"
        .write(toFile: dir + "/index.yaml", atomically: true, encoding: .utf8)
    try "component: rec\nsource: test\nparameters:\n\(parameters)\nopen:\n\(operation)\n"
        .write(toFile: dir + "/components/rec.yaml", atomically: true, encoding: .utf8)
    return dir
}

private func load(_ dir: String, with: String = "") throws -> Workload {
    let loader = WorkloadLoader(library: dir)
    let open = with.isEmpty ? "rec" : "{component: rec, with: {\(with)}}"
    return try loader.workload(text: "workload: w\nsource: test\nsteps:\n  - open: \(open)\n", file: dir + "/w.yaml")
}

@Suite("recording: operation")
struct RecordingOperationTests {
    @Test func readsTheOperationAndResolvesItForARelease() throws {
        let dir = try fixture("  - {recording: lib, index: ../index.yaml, key: \"{chain}\", phases: [setup], tags: {in_buf: \"size * 2\"}}")
        let w = try load(dir)
        let component = try #require(w.components["rec"])
        guard case .recording(let r) = component.open.first?.kind else { Issue.record("not a recording"); return }
        #expect(r.key == "{chain}" && r.phases == ["setup"] && r.resolved == nil)
        let resolved = try component.resolvingRecordings(idf: IDFVersion(5, 4))
        guard case .recording(let rr) = resolved.open.first?.kind else { Issue.record("not a recording"); return }
        #expect(rr.resolved?.version == "1.0")
        #expect(rr.heldBytes(bindings: ["chain": 0], choices: component.choices) == 220)
        #expect(throws: Diagnostic.self) { try component.resolvingRecordings(idf: IDFVersion(5, 3)) }
    }

    @Test(arguments: [
        ("  - {recording: lib, index: ../missing.yaml, key: \"{chain}\", phases: [setup]}", "", "does not exist"),
        ("  - {recording: lib, index: ../index.yaml, key: \"{verify}\", phases: [setup]}", "", "names `{verify}`, which is not a parameter"),
        ("  - {recording: lib, index: ../index.yaml, key: \"{chain}\", phases: [setup]}", "chain: ecc", "`ecc` is not a choice of rec's chain"),
        ("  - {recording: lib, index: ../index.yaml, key: \"{chain}\", phases: [setup]}", "chain: 5", "5 is not a choice of rec's chain"),
        ("  - {recording: lib, index: ../index.yaml, key: \"{chain}\", phases: [setup], tags: {in_buf: \"size +\"}}", "", "Bad tag in_buf expression"),
        ("  - {recording: lib#1, index: ../index.yaml, key: \"{chain}\", phases: [setup]}", "", "recording has no name"),
    ])
    func badOperationsAreDiagnosedWithFileAndLine(operation: String, with: String, message: String) throws {
        let dir = try fixture(operation)
        #expect {
            _ = try load(dir, with: with)
        } throws: { error in
            guard let d = error as? Diagnostic else { return false }
            return d.what.contains(message) && d.file != nil && d.line != nil
        }
    }
}
