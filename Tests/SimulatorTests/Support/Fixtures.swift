import Foundation

/// `Tests/Fixtures`, found from this source file so tests run from any directory.
let fixturesDirectory: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // SimulatorTests
    .deletingLastPathComponent()  // Tests
    .appendingPathComponent("Fixtures")

/// Files in a fixtures subfolder with the given extension, sorted by name.
func fixtureFiles(in folder: String, withExtension ext: String) -> [URL] {
    let dir = fixturesDirectory.appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { $0.hasSuffix("." + ext) }.sorted().map { dir.appendingPathComponent($0) }
}
