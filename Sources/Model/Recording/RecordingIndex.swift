import Foundation
import Yams

/// An index of recordings (`truth/mbedtls/index.yaml`): per recorded program version, the ESP-IDF
/// releases that ship it and its recordings by key (`rsa3-none`, `rsa3-none+keep0`).
public struct RecordingIndex: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        /// The recorded program's version (`3.6.2`).
        public var version: String
        /// The ESP-IDF releases whose firmware ships that version.
        public var idf: [IDFVersion]
        /// Key → path of the recording file.
        public var files: [String: String]
        public var line: Int
    }

    public var file: String
    public var entries: [Entry]

    /// The entry of the version `idf` ships, or nil when no entry lists the release.
    public func entry(for idf: IDFVersion) -> Entry? {
        entries.first { $0.idf.contains(idf) }
    }

    /// Reads the index at `file`; recording paths are relative to its folder.
    public static func read(_ file: String) throws(Diagnostic) -> RecordingIndex {
        let (root, r) = try WorkloadLoader.compose(file)
        let top = try r.mapping(root, "the recording index")
        let folder = (file as NSString).deletingLastPathComponent
        var entries: [Entry] = []
        var seen: [IDFVersion: String] = [:]
        for item in try r.sequence(try r.required(top, "versions", in: root), "versions") {
            let m = try r.mapping(item, "a version entry")
            let version = try r.string(m, "version", in: item)
            var releases: [IDFVersion] = []
            for v in try r.sequence(try r.required(m, "idf", in: item), "idf") {
                guard let text = v.scalar?.string, let release = IDFVersion(parsing: text) else {
                    throw r.fail(v, "`\(v.scalar?.string ?? "?")` is not an IDF release", expected: "a release such as 5.4.1")
                }
                if let other = seen[release] {
                    throw r.fail(v, "IDF \(release) is listed for both \(other) and \(version)",
                                 expected: "each release under the one version it ships")
                }
                seen[release] = version
                releases.append(release)
            }
            var files: [String: String] = [:]
            for (k, v) in try r.mapping(try r.required(m, "recordings", in: item), "recordings") {
                guard let key = k.scalar?.string, let path = v.scalar?.string else {
                    throw r.fail(k, "A recording entry is not `key: path`", expected: "e.g. rsa3-none: 3.6.2/rsa3-none.txt")
                }
                let full = (folder as NSString).appendingPathComponent(path)
                guard FileManager.default.fileExists(atPath: full) else {
                    throw r.fail(v, "Recording \(path) does not exist", expected: "a file next to the index",
                                 fix: "Correct the path or add the recording")
                }
                files[key] = full
            }
            entries.append(Entry(version: version, idf: releases, files: files, line: item.mark?.line ?? 0))
        }
        return RecordingIndex(file: file, entries: entries)
    }
}
