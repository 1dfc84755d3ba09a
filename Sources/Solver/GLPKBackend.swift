import CGLPK

/// The GLPK backend of the solver. The MIP formulation arrives with the optimiser
/// issue; for now this proves the library links and reports its version.
public enum GLPKBackend {
    /// The linked GLPK version, e.g. "5.0".
    public static var version: String { String(cString: hf_glpk_version()) }
}
