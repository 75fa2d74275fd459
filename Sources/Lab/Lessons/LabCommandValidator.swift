import Lessons
import RNNEngine

/// Checks a lesson's command lines against the lab's command table, without running them.
///
/// A line is tokenized and parsed exactly as the session would, and the words `train`,
/// `race` and `feed` read themselves (a task's length, a generated input's length, the
/// training settings) are checked by the code those commands run; a problem names the
/// 1-based column of the word at fault: the command name when it is unknown or may not
/// run from a lesson, the option or value the command cannot take (`lsmt` in
/// `model lsmt`, `x` in `--unit x`, `1000000000` in `train adding 1000000000`), the
/// quote left open or a control character, else (a word missing) the command name.
public struct LabCommandValidator: CommandValidator {
    /// The commands lessons may use.
    public let table: CommandTable

    /// Creates a validator for these commands (all of the lab's by default).
    public init(table: CommandTable = CommandTable(LabCommands.all)) {
        self.table = table
    }

    /// What is wrong with a value a check or an answer names (unknown name or selector),
    /// or nil when the session could resolve it.
    public func problem(in reference: ValueReference) -> String? {
        Session.valueNameProblem(reference)
    }

    /// The interval the numbers of `reference` lie in whatever the lab holds: a sigmoid
    /// gate's [0, 1], a tanh gate's [−1, 1] (``LabState/valueBounds(of:)``); nil for any
    /// other value, and for one the lab cannot resolve.
    public func valueBounds(of reference: ValueReference) -> ClosedRange<Double>? {
        problem(in: reference) == nil ? LabState.valueBounds(of: reference.name) : nil
    }

    /// Why `reference` is more than one number whatever the lab holds: a quantity of
    /// `show`, a series over steps and units, named without a selector. Nil when it may be
    /// one number (a session number such as `params`, or any selector: `h[t=3]` is one
    /// number for a model of one unit).
    public func severalNumbersProblem(in reference: ValueReference) -> String? {
        guard reference.selectors.isEmpty, !LabState.sessionNumbers.contains(reference.name),
              let quantity = CellKind.allCases.lazy.compactMap({ try? Quantity.parse(reference.name, kind: $0) }).first
        else { return nil }
        let example = quantity.isPerStepScalar ? "\(reference)[t=-1]" : "\(reference)[t=-1, unit=0]"
        let every = quantity.isPerStepScalar ? "its value at every step" : "its value at every step and unit"
        return "`\(reference)` is \(every), not one number: select one, as in `\(example)`, or reduce it, as in `max(\(reference))`"
    }

    /// The names of the models `lines` make, run in order in an empty lab: a `model`'s
    /// `--name` or the name the lab gives it (`lstm`, then `lstm2`), a `load`'s `--name`,
    /// `race-KIND` for a race; nil when a line makes a model whose name only running it
    /// tells (a `load` without `--name` takes the checkpoint's). Lines that would fail
    /// make none.
    public func modelNames(madeBy lines: [String]) -> Set<String>? {
        var state = LabState()
        for line in lines {
            guard let tokens = try? Tokenizer.tokenize(line), let first = tokens.first,
                  let command = table.command(named: first.text),
                  let parsed = try? command.parse(Array(tokens.dropFirst())) else { continue }
            var made: [String] = []
            switch command.name {
            case "model":
                guard let kind = parsed.string("kind") else { continue }
                made = [parsed.string("name") ?? state.freshModelName(kind)]
            case "load":
                guard let name = parsed.string("name") else { return nil }
                made = [name]
            case "race":
                made = ((try? RacePlan.kinds(in: parsed.strings("kinds"))) ?? []).map { "race-\($0.rawValue)" }
            case "compare":
                made = (try? parsed.string("keep").map { try Comparison.keptNames($0, existing: []).names }) ?? []
            default:
                continue
            }
            for name in made where state.model(named: name) == nil {
                state.models.append(LabModel(name: name, settings: nil, network: nil))
            }
        }
        return Set(state.models.map(\.name))
    }

    /// What is wrong with `line` as a lesson command, or nil when the lab would accept it.
    public func problem(in line: String) -> CommandProblem? {
        let tokens: [Token]
        do {
            tokens = try Tokenizer.tokenize(line)
        } catch {
            // at the control character, else at the quote left open
            let stray = Array(line).firstIndex { $0.unicodeScalars.contains(where: Tokenizer.isStray) }
            return CommandProblem(message: error.message, column: stray.map { $0 + 1 } ?? Tokenizer.scan(line).openQuoteColumn ?? 1)
        }
        guard let first = tokens.first else {
            return CommandProblem(message: "an empty command", column: 1)
        }
        let commandColumn = column(ofToken: 0, in: line)
        guard let command = table.command(named: first.text) else {
            return CommandProblem(message: LabError.unknownCommand(first.text, known: table.allNames).message,
                                  column: commandColumn)
        }
        if let refusal = LabLessonHost.refusal(for: line, table: table) {
            return CommandProblem(message: refusal, column: commandColumn)
        }
        let arguments = Array(tokens.dropFirst())
        do {
            let parsed = try command.parse(locatingFaultIn: arguments)
            return unknownName(in: parsed, command: command, tokens: tokens, line: line)
                ?? modelNameProblem(in: parsed, tokens: tokens, line: line)
                ?? wordsProblem(in: parsed, command: command, arguments: arguments, line: line)
        } catch {
            let faultColumn = error.wordIndex.map { column(ofToken: $0 + 1, in: line) } ?? commandColumn
            return CommandProblem(message: error.error.message, column: faultColumn)
        }
    }

    /// A quantity (`show zz`) or equation (`explain q`) that no kind of model has, which
    /// the session could only refuse when the line runs.
    private func unknownName(in parsed: ParsedArguments, command: CommandSpec, tokens: [Token], line: String) -> CommandProblem? {
        for positional in command.positionals {
            guard let value = parsed.string(positional.name) else { continue }
            let known: [String]
            switch positional.completion {
            case .quantities: known = Quantity.names(for: nil)
            case .shownQuantities: known = Quantity.names(for: nil) + WeightsView.spectraNames + NextTokenView.names
            case .equations: known = CellKind.allCases.flatMap { Quantity.equationNames(for: $0) }
            default: continue
            }
            guard !known.contains(value), !Quantity.isAlias(value) else { continue }
            let hint = Suggestion.nearest(to: value, among: known).map { " — did you mean '\($0)'?" } ?? ""
            let index = tokens.lastIndex { $0.text == value } ?? 0
            return CommandProblem(message: "\(command.name): no model has a quantity '\(LabError.shortened(value))'\(hint)",
                                  column: column(ofToken: index, in: line))
        }
        return nil
    }

    /// A `--name` the lab refuses as a model's name (`model gru --name größe`), at the name.
    private func modelNameProblem(in parsed: ParsedArguments, tokens: [Token], line: String) -> CommandProblem? {
        guard let name = parsed.string("name") else { return nil }
        do {
            _ = try validModelName(name)
            return nil
        } catch {
            let index = tokens.lastIndex { $0.text == name || $0.text == "--name=\(name)" } ?? 0
            return CommandProblem(message: error.message, column: column(ofToken: index, in: line))
        }
    }

    /// What `train`, `race` or `feed` would refuse in the words it reads itself, which
    /// the argument spec leaves as text: a task's length (`train adding 1000000000`), a
    /// generated input's (`feed random 20000`), the training settings. The commands' own
    /// code judges them, without reading a `--file` or needing a model, so lint and the lab
    /// share their limits. The problem is at the length (or the task's first word), else at
    /// the command name.
    private func wordsProblem(in parsed: ParsedArguments, command: CommandSpec, arguments: [Token], line: String) -> CommandProblem? {
        let positions = positionalWordIndices(arguments, command: command)
        /// The column of positional word `position` (from 0), else of the command name.
        func column(ofPositional position: Int) -> Int {
            positions.indices.contains(position) ? self.column(ofToken: positions[position] + 1, in: line) : 1
        }
        /// Reads a task from `words` (its name first) with the options of `parsed`.
        func trainingPlan(_ words: [String], command name: String) throws {
            let choice = try TaskChoice.parse(
                name: words.first ?? "", arguments: Array(words.dropFirst()), file: parsed.string("file"),
                corpus: parsed.string("corpus"), window: parsed.int("window"), command: name,
                allowedFileRoots: nil, readingFile: false)
            _ = try TrainingOptions.configuration(from: parsed, choice: choice, command: name)
        }
        var fault = 0  // the positional word at fault
        do {
            switch command.name {
            case "train":
                fault = parsed.strings("arguments").isEmpty ? 0 : 1
                try trainingPlan([parsed.string("task") ?? ""] + parsed.strings("arguments"), command: "train")
            case "race":
                let words = parsed.strings("kinds")
                let kinds = try RacePlan.kinds(in: words)
                fault = words.count > kinds.count + 1 ? kinds.count + 1 : kinds.count
                try trainingPlan(Array(words.dropFirst(kinds.count)), command: "race")
            case "feed":
                let words = parsed.strings("input")
                guard parsed.string("file") == nil else { return nil }
                if parsed.flag("numbers") {
                    _ = try InputBuilder.numbers(words)
                } else if words.count == 2, InputBuilder.generators.contains(words[0]), words[0] != "quotes" {
                    fault = 1
                    _ = try InputBuilder.generatedLength(words[0], words[1])
                } else if words.count == 1, !InputBuilder.generators.contains(words[0]) {
                    _ = try InputBuilder.text(words[0], vocabulary: nil)
                }
            default:
                return nil
            }
        } catch {
            let message = (error as? LabError)?.message ?? "\(error)"
            return CommandProblem(message: message, column: column(ofPositional: fault))
        }
        return nil
    }

    /// The indices, among `arguments`, of the positional words, as the command's parser
    /// tells them from options and their values.
    private func positionalWordIndices(_ arguments: [Token], command: CommandSpec) -> [Int] {
        var indices: [Int] = []
        var onlyPositionals = false
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            defer { index += 1 }
            if onlyPositionals || token.startsQuoted || !isOptionLike(token.text) {
                indices.append(index)
            } else if token.text == "--" {
                onlyPositionals = true
            } else {
                let (optionWord, inlineValue) = splitOption(token.text)
                if inlineValue == nil, command.option(named: String(optionWord.dropFirst(2)))?.isFlag == false { index += 1 }
            }
        }
        return indices
    }

    /// The 1-based column where word `index` of `line` starts.
    ///
    /// The number of words in a prefix never shrinks as the prefix grows, so the start is
    /// found by bisection over prefix lengths.
    func column(ofToken index: Int, in line: String) -> Int {
        let characters = Array(line)
        func wordCount(_ length: Int) -> Int {
            let scan = Tokenizer.scan(String(characters[..<length]))
            return scan.tokens.count + (scan.partial == nil ? 0 : 1)
        }
        var low = 0, high = characters.count
        while low < high {
            let middle = (low + high) / 2
            if wordCount(middle) > index { high = middle } else { low = middle + 1 }
        }
        return max(low, 1)
    }
}
