import Model

/// Writes a file the way a user can trust: the whole text or nothing (written to a temporary file in the
/// same directory, then moved into place), and never over an existing file unless told to.
public enum OutputFile {
    /// - Parameter force: replace `path` if it exists; otherwise an existing file is a diagnostic.
    public static func write(_ text: String, to path: String, force: Bool) throws(Diagnostic) {
        try AtomicFileWriter.write([(path, text)], force: force)
    }
}
