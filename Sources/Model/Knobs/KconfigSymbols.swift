/// Which Kconfig option names exist in each ESP-IDF release, for the names heapfit uses
/// (`workloads/kconfig/symbols.txt`; its README says how it was made from espressif/esp-idf).
public struct KconfigSymbols: Hashable, Sendable {
    /// One release's names and the renames its `sdkconfig.rename*` files declare.
    public struct Release: Hashable, Sendable {
        public var tag: IDFVersion
        public var names: Set<String>
        /// Old name → new name.
        public var renamed: [String: String]
    }

    /// Every name the file covers (`names:`): a name outside it is not known either way.
    public var covered: Set<String>
    /// By release, oldest first.
    public var releases: [Release]
    public var file: String

    /// The release to check `idf` against: the same tag, else the newest listed one before it (an
    /// unlisted patch release is closest to its predecessor), else the oldest listed.
    public func release(for idf: IDFVersion) -> Release? {
        releases.last { $0.tag <= idf } ?? releases.first
    }

    /// Reads the file's text: `names: A B …`, `vTAG: A B …`, `vTAG renamed: OLD>NEW …`, `#` comments.
    public static func parse(text: String, file: String) throws(Diagnostic) -> KconfigSymbols {
        var covered = Set<String>()
        var byTag: [IDFVersion: Release] = [:]
        var number = 0
        // "\r\n" is one Character in Swift: split on it as well as on "\n", or CRLF files are one line.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let line = raw.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw Diagnostic("'\(Sdkconfig.excerpt(line))' is not a line of a Kconfig name list", file: file, line: number,
                                 expected: "names: …, vTAG: … or vTAG renamed: …", fix: "Regenerate the file with generate.sh")
            }
            let head = line[..<colon]
            let words = line[line.index(after: colon)...].split(separator: " ").map(String.init)
            if head == "names" { covered.formUnion(words); continue }
            let parts = head.split(separator: " ")
            guard let first = parts.first, first.hasPrefix("v"), let tag = IDFVersion(parsing: String(first.dropFirst())),
                  parts.count == 1 || (parts.count == 2 && parts[1] == "renamed") else {
                throw Diagnostic("'\(head)' is not an ESP-IDF tag", file: file, line: number,
                                 expected: "vTAG or vTAG renamed, e.g. v5.4.2", fix: "Regenerate the file with generate.sh")
            }
            var release = byTag[tag] ?? Release(tag: tag, names: [], renamed: [:])
            if parts.count == 1 {
                release.names.formUnion(words)
            } else {
                for pair in words {
                    let names = pair.split(separator: ">")
                    guard names.count == 2 else {
                        throw Diagnostic("'\(pair)' is not OLD>NEW", file: file, line: number, fix: "Regenerate the file with generate.sh")
                    }
                    release.renamed[String(names[0])] = String(names[1])
                }
            }
            byTag[tag] = release
        }
        return KconfigSymbols(covered: covered, releases: byTag.values.sorted { $0.tag < $1.tag }, file: file)
    }
}
