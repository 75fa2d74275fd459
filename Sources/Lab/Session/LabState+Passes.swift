import RNNEngine

// Keeping every model's forward pass in step with the current input.

extension LabState {
    /// Runs every model on the current input; returns one-line notes (re-created models,
    /// models that cannot read the input).
    mutating func refreshAllPasses() throws(LabError) -> [String] {
        var notes: [String] = []
        for index in models.indices {
            notes += try refreshPass(at: index)
        }
        return notes
    }

    /// Runs the model called `name` on the current input again (after `set`, `load`, ...).
    mutating func refreshPass(named name: String) throws(LabError) -> [String] {
        guard let index = models.firstIndex(where: { $0.name == name }) else { return [] }
        return try refreshPass(at: index)
    }

    private mutating func refreshPass(at index: Int) throws(LabError) -> [String] {
        var model = models[index]
        defer { models[index] = model }
        model.gradient = nil
        model.pass = nil
        guard let input else { return [] }
        let width = input.example.inputs.first?.count ?? 0
        var notes: [String] = []
        if model.network == nil, var settings = model.settings {
            settings.inputSize = width
            model.network = try ModelFactory.network(for: settings, inputSize: width)
            model.settings = settings
        } else if let network = model.network, network.inputSize != width {
            guard var settings = model.settings else {
                return ["\(model.name) reads \(network.inputSize) features per step and this input has \(width): it was not run (feed an input of width \(network.inputSize))"]
            }
            settings.inputSize = width
            model.network = try ModelFactory.network(for: settings, inputSize: width)
            model.settings = settings
            notes.append("\(model.name) read \(network.inputSize) features per step; re-created for this input's \(width) with the same seed \(settings.seed)")
        }
        guard let network = model.network else { return notes }
        do {
            model.pass = try network.forward(inputSequence(for: network), mask: input.mask)
        } catch {
            throw LabError("\(model.name): \(error)")
        }
        return notes
    }

    /// The current input as `network` reads it (one-hot when it is text).
    func inputSequence(for network: RecurrentNetwork) -> InputSequence {
        guard let input else { return .dense(Matrix(rows: 0, columns: network.inputSize)) }
        return input.example.inputSequence
    }
}
