@_exported import Model
import Simulator

/// The CLI imports Advisor only: the model's values (diagnostics, the catalogue, versions) come with it,
/// and what it needs of the scenario core is named here.
public typealias FirmwareResolution = Simulator.FirmwareResolution
