import Lessons
import Rendering
import RNNEngine

// The lab described fact by fact, so that a lesson can say what a learner changed in the
// models its steps built (see LessonRunner.noteLearnerChanges).

extension LabState {
    /// The lab fact by fact: its current model, input and mode, then every model's kind,
    /// sizes, activation, seed, starting weights, dropout, training and a fingerprint of
    /// its weights. Cheap enough to take before and after every lesson command.
    var lessonDescription: LabDescription {
        var facts = [
            LabDescription.Fact(model: nil, name: "current model", value: currentModelName ?? "none"),
            LabDescription.Fact(model: nil, name: "input", value: input?.source ?? "none"),
            LabDescription.Fact(model: nil, name: "mode", value: mode.rawValue),
        ]
        for model in models { facts += model.lessonFacts }
        return LabDescription(facts: facts)
    }

    /// What `line` would set up afresh, whatever the lab held, if it ran in this lab now:
    /// the model a `model` makes (its `--name`, or the name the lab would give it) and the
    /// model a `load --name` makes, both made current; the current model a `use` picks, the
    /// input a `feed` gives, the mode a `mode` sets. Lines that would fail set up nothing.
    func setUp(by line: String, table: CommandTable) -> LabDescription.Scope {
        guard let tokens = try? Tokenizer.tokenize(line), let first = tokens.first,
              let command = table.command(named: first.text),
              let parsed = try? command.parse(Array(tokens.dropFirst())) else { return LabDescription.Scope() }
        switch command.name {
        case "model":
            guard let kind = parsed.string("kind") else { return LabDescription.Scope() }
            return LabDescription.Scope(models: [parsed.string("name") ?? freshModelName(kind)], labFacts: ["current model"])
        case "load":
            // without --name only the checkpoint tells the model's name
            return LabDescription.Scope(models: Set(parsed.string("name").map { [$0] } ?? []), labFacts: ["current model"])
        case "use":
            return LabDescription.Scope(labFacts: ["current model"])
        case "feed":
            return LabDescription.Scope(labFacts: ["input"])
        case "mode":
            return LabDescription.Scope(labFacts: parsed.string("mode") == nil ? [] : ["mode"])
        default:
            return LabDescription.Scope()
        }
    }
}

extension LabModel {
    /// This model's facts: what `model` and `set` choose (kind, sizes, activation, layer
    /// norm, seed, starting weights, dropout), the file it came from, how many training
    /// steps it took, and a fingerprint of its weights and output head, which tells apart
    /// what the others do not name (a `set W_hh[0,1] 0.5`, a training of as many steps
    /// with other settings).
    var lessonFacts: [LabDescription.Fact] {
        func fact(_ name: String, _ value: String, tellsWeightsOrigin: Bool = false) -> LabDescription.Fact {
            LabDescription.Fact(model: self.name, name: name, value: value, tellsWeightsOrigin: tellsWeightsOrigin)
        }
        func number(_ value: Double?) -> String { value.map(NumberFormat.shortest) ?? LabDescription.Difference.unset }
        let kind = network?.kind ?? settings?.kind
        var facts = [fact("kind", kind?.rawValue ?? "unknown")]
        facts.append(fact("input size", (network?.inputSize ?? settings?.inputSize).map(String.init) ?? "not set yet"))
        facts.append(fact("hidden size", String(network?.hiddenSize ?? settings?.hiddenSize ?? 0)))
        facts.append(fact("layers", String(network?.numLayers ?? settings?.layers ?? 1)))
        facts.append(fact("bidirectional", (network?.bidirectional ?? settings?.bidirectional ?? false) ? "yes" : "no"))
        if kind == .rnn, let activation = network?.nonlinearity ?? settings?.activation {
            facts.append(fact("activation", activation.rawValue))
        }
        facts.append(fact("layer norm", (network?.layerNorm ?? settings?.layerNorm ?? false) ? "on" : "off"))
        if let settings {
            facts.append(fact("seed", String(settings.seed), tellsWeightsOrigin: true))
            facts.append(fact("init", settings.initialization.rawValue, tellsWeightsOrigin: true))
            facts.append(fact("radius", number(settings.radius), tellsWeightsOrigin: true))
            if kind == .lstm { facts.append(fact("forget bias", number(settings.forgetBias), tellsWeightsOrigin: true)) }
        }
        facts.append(fact("dropout", NumberFormat.shortest(dropout.between)))
        facts.append(fact("recurrent dropout", NumberFormat.shortest(dropout.recurrent)))
        facts.append(fact("input dropout", NumberFormat.shortest(dropout.input)))
        if let sourceFile { facts.append(fact("file", sourceFile, tellsWeightsOrigin: true)) }
        facts.append(fact("training steps", String(lossHistory.count)))
        facts.append(LabDescription.Fact(model: name, name: "weights", value: weightsFingerprint, isFingerprint: true))
        return facts
    }

    /// A number that tells these weights (and output head) from others within one run of
    /// the lab: equal weights give equal fingerprints. Each value is rounded to Float32
    /// first (about 7 digits), so that a round trip of rounding size (`set radius 1.2`,
    /// then `set radius 1.5` again) leaves the lesson's numbers, and the fingerprint, as
    /// they were. Not saved anywhere.
    var weightsFingerprint: String {
        var hasher = Hasher()
        func combine(_ values: [Double]) {
            hasher.combine(values.count)
            for value in values { hasher.combine(Float(value).bitPattern) }
        }
        if let network {
            for (name, tensor) in network.parameters.pairs {
                hasher.combine(name)
                hasher.combine(tensor.shape)
                combine(tensor.values)
            }
        }
        if let head {
            combine(head.weight.values)
            combine(head.bias)
        }
        return String(hasher.finalize(), radix: 16)
    }
}
