import Foundation
import Model
import Testing

/// `Tests/Fixtures`, found from this source file so tests run from any directory.
let importFixtures: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// A fixture under Tests/Fixtures as `ImportText` (named by its path relative to Fixtures).
func fixtureText(_ relative: String) throws -> ImportText {
    let url = importFixtures.appendingPathComponent(relative)
    let data = try #require(FileManager.default.contents(atPath: url.path), "missing fixture \(relative)")
    return ImportText(file: relative, contents: String(decoding: data, as: UTF8.self))
}

/// The diagnostic `body` throws, or nil (recorded as a test issue).
func diagnostic(_ body: () throws(Diagnostic) -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
    do {
        try body()
        Issue.record("expected a diagnostic", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
