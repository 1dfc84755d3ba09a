import Foundation

/// Reads a file a user named, bounded: only a regular file (never a device, a FIFO or a folder,
/// which could block or never end — `include: /dev/zero`), and never one larger than `limit`,
/// which is refused by its size before a byte is read.
public enum InputFile {
    /// Largest YAML file heapfit reads (a workload, a component, knobs.yaml, boards.yaml): the shipped
    /// boards.yaml is ~46 KB and the largest shipped component ~14 KB, so 4 MiB is ~90× the largest real one.
    public static let yamlLimit = 4 << 20
    /// Largest file `heapfit import` reads: far above any serial capture of a boot, a REPL session or a size report.
    public static let importLimit = 64 << 20

    /// The bytes of `path`; `what` names the file in diagnostics ("the workload", "the board catalogue"),
    /// `fix` says what to do when it cannot be read at all.
    public static func read(_ path: String, what: String, limit: Int, fix: String = "Check the path") throws(Diagnostic) -> Data {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw Diagnostic("Cannot read \(path)", expected: "a readable file", fix: fix)
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw Diagnostic("\(path) is not a regular file (it is a folder, a device or a pipe), so it cannot be \(what)",
                             expected: "a regular file", fix: fix)
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else {
            throw Diagnostic("\(path) is \(size) bytes, more than the \(limit >> 20) MiB heapfit reads as \(what)",
                             file: path, expected: "a file of at most \(limit >> 20) MiB",
                             fix: "Cut the file down to the part heapfit needs (this limit guards against the wrong file)")
        }
        guard let data = FileManager.default.contents(atPath: path), data.count <= limit else {
            throw Diagnostic("Cannot read \(path)", expected: "a readable file", fix: fix)
        }
        return data
    }
}
