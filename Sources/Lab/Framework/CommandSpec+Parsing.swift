import Lessons

extension CommandSpec {
    /// Matches the words after the command name against the spec and validates them.
    ///
    /// Words starting with `--` are options (`--name value` or `--name=value`); `--` alone
    /// ends the options. Numbers such as `-1` or `-0.5` are values. Each error names the
    /// command, the argument and what it expected.
    public func parse(_ tokens: [Token]) throws(LabError) -> ParsedArguments {
        do {
            return try parse(locatingFaultIn: tokens)
        } catch {
            throw error.error
        }
    }

    /// Whether the words after the command name ask for its help, as most command-line tools
    /// read them: `--help` or `-h`, unquoted and before any `--` (`train --help` shows what
    /// `help train` shows, whatever else the line holds, and runs nothing).
    public func asksForHelp(_ tokens: [Token]) -> Bool {
        for token in tokens where !token.startsQuoted {
            if token.text == "--" { return false }
            if token.text == "--help" || token.text == "-h" { return true }
        }
        return false
    }

    /// Parses as `parse` does, and when the words do not fit, also says which word is at fault.
    func parse(locatingFaultIn tokens: [Token]) throws(ArgumentFault) -> ParsedArguments {
        var parsed = ParsedArguments()
        var positionalValues: [(text: String, index: Int)] = []
        var onlyPositionals = false
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let wordIndex = index
            index += 1
            if onlyPositionals || token.startsQuoted || !isOptionLike(token.text) {
                positionalValues.append((token.text, wordIndex))
                continue
            }
            if token.text == "--" {
                onlyPositionals = true
                continue
            }
            let (optionWord, inlineValue) = splitOption(token.text)
            guard optionWord.hasPrefix("--"), let option = option(named: String(optionWord.dropFirst(2))) else {
                throw ArgumentFault(LabError.unknownOption(optionWord, command: self), at: wordIndex)
            }
            if parsed.values[option.name] != nil || parsed.flags.contains(option.name) {
                throw ArgumentFault(LabError("\(name): --\(option.name) is given twice; give it once"), at: wordIndex)
            }
            guard let kind = option.kind else {
                if inlineValue != nil {
                    throw ArgumentFault(LabError("\(name): --\(option.name) is a flag and takes no value"), at: wordIndex)
                }
                parsed.flags.insert(option.name)
                continue
            }
            var value: String
            let valueIndex: Int
            if let inlineValue {
                (value, valueIndex) = (inlineValue, wordIndex)
            } else if index < tokens.count {
                (value, valueIndex) = (tokens[index].text, index)
                index += 1
            } else {
                throw ArgumentFault(LabError("\(name): --\(option.name) needs a value (\(kind.placeholder))"), at: wordIndex)
            }
            // a list written with spaces: the numbers after the value are more of it
            while option.runsOn, index < tokens.count, !tokens[index].startsQuoted, Tokenizer.isNumber(tokens[index].text) {
                value += "," + tokens[index].text
                index += 1
            }
            try validate(value, kind: kind, label: "--\(option.name)", at: valueIndex)
            parsed.values[option.name] = [value]
        }
        try bindPositionals(positionalValues, into: &parsed)
        for option in options where option.kind != nil && parsed.values[option.name] == nil {
            if let defaultValue = option.defaultValue {
                parsed.values[option.name] = [defaultValue]
                parsed.defaulted.insert(option.name)
            }
        }
        return parsed
    }

    /// Binds the positional words (with their indices among all the words) in order.
    private func bindPositionals(_ values: [(text: String, index: Int)], into parsed: inout ParsedArguments) throws(ArgumentFault) {
        var remaining = values[...]
        for positional in positionals {
            let label = positional.name.uppercased()
            if positional.isRepeating {
                for value in remaining { try validate(value.text, kind: positional.kind, label: label, at: value.index) }
                if remaining.isEmpty && !positional.isOptional {
                    throw ArgumentFault(LabError("\(name): missing \(label) (usage: \(usage))"), at: nil)
                }
                if !remaining.isEmpty { parsed.values[positional.name] = remaining.map(\.text) }
                remaining = []
                break
            }
            guard let value = remaining.popFirst() else {
                if positional.isOptional { continue }
                throw ArgumentFault(LabError("\(name): missing \(label) (usage: \(usage))"), at: nil)
            }
            try validate(value.text, kind: positional.kind, label: label, at: value.index)
            parsed.values[positional.name] = [value.text]
        }
        if let extra = remaining.first {
            throw ArgumentFault(LabError("\(name): unexpected argument '\(LabError.shortened(extra.text))' (usage: \(usage))"), at: extra.index)
        }
    }

    /// Validates the value of word `index`.
    private func validate(_ value: String, kind: ValueKind, label: String, at index: Int) throws(ArgumentFault) {
        do {
            try validate(value, kind: kind, label: label)
        } catch {
            throw ArgumentFault(error, at: index)
        }
    }

    private func validate(_ value: String, kind: ValueKind, label: String) throws(LabError) {
        if let fault = kind.fault(in: value) { throw LabError("\(name): \(label) \(fault)") }
    }
}

/// Words a command cannot take, and which of them is at fault.
struct ArgumentFault: Error {
    /// What is wrong, as the lab says it.
    var error: LabError
    /// The index, among the words after the command name, of the word at fault; nil when
    /// a word is missing.
    var wordIndex: Int?

    init(_ error: LabError, at wordIndex: Int?) {
        self.error = error
        self.wordIndex = wordIndex
    }
}

/// Whether an unquoted word is an option rather than a value: it starts with `-` and is
/// not a number.
func isOptionLike(_ text: String) -> Bool {
    text.hasPrefix("-") && text.count > 1 && !Tokenizer.isNumber(text)
}

/// Splits `--name=value` into `--name` and `value`.
func splitOption(_ text: String) -> (String, String?) {
    guard let equals = text.firstIndex(of: "=") else { return (text, nil) }
    return (String(text[..<equals]), String(text[text.index(after: equals)...]))
}
