import Simulator

/// What the command line needs of the scenario core, named through Advisor (the CLI imports Advisor only).
public typealias FirmwareResolution = Simulator.FirmwareResolution
