import Foundation
import Model

extension KconfigSymbols {
    /// `kconfig/symbols.txt` of heapfit's workloads folder.
    public static func load(library: String) throws(Diagnostic) -> KconfigSymbols {
        let path = (library as NSString).appendingPathComponent("kconfig/symbols.txt")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic("Cannot read \(path)", expected: "the Kconfig name list shipped with heapfit",
                             fix: "Run heapfit from its checkout, or set HEAPFIT_WORKLOADS to its workloads/ folder")
        }
        return try parse(text: String(decoding: data, as: UTF8.self), file: path)
    }
}
