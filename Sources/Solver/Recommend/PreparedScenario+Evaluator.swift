import Simulator

/// The simulator's scenario is what the optimiser replays (`PreparedScenario.replay(heapKiB:knobs:)`).
extension PreparedScenario: ScenarioEvaluator {}
