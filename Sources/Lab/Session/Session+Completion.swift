#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Session {
    /// Tab completion candidates for the word ending at the cursor.
    ///
    /// `cursor` counts the characters of `line` before the cursor. Each candidate replaces
    /// that word whole (for `--color=al` the candidates read `--color=always`). The first
    /// word completes to command names; later words to the command's options, option
    /// values and positional values, from the sources its spec names.
    ///
    /// Inside an open quote (`load "my fi`) the candidates are quoted the same way, and a
    /// complete one closes the quote: `"my file.safetensors"`, so names with spaces work.
    /// Outside quotes, a candidate that would not read as one word (a space, a quote, `#`)
    /// is quoted in double quotes: `load my` completes to `load "my file.safetensors"`.
    public func complete(line: String, cursor: Int) -> [String] {
        let scan = Tokenizer.scan(String(line.prefix(max(0, cursor))))
        let candidates = unquotedCandidates(scan)
        func quoted(_ candidate: String, in quote: Character) -> String {
            var quoted = String(quote)
            for character in candidate {
                if character == "\\" || character == quote { quoted.append("\\") }
                quoted.append(character)
            }
            return candidate.hasSuffix("/") ? quoted : quoted + String(quote)
        }
        guard let quote = scan.openQuote, scan.partial?.startsQuoted == true else {
            return candidates.map { candidate in
                candidate.contains(where: { " \t\"'\\#".contains($0) }) ? quoted(candidate, in: "\"") : candidate
            }
        }
        return candidates.map { quoted($0, in: quote) }
    }

    /// ``complete(line:cursor:)``'s candidates for the scanned text before the cursor, as
    /// they read without quotes.
    private func unquotedCandidates(_ scan: Tokenizer.Scan) -> [String] {
        let word = scan.partial?.text ?? ""
        guard let commandToken = scan.tokens.first else {
            return matching(table.names, word)
        }
        guard let command = table.command(named: commandToken.text) else { return [] }
        let arguments = Array(scan.tokens.dropFirst())

        // A value for the option just before the word: `--color al`.
        if let last = arguments.last, !last.startsQuoted, last.text.hasPrefix("--"),
           !last.text.contains("="),
           let option = command.option(named: String(last.text.dropFirst(2))), !option.isFlag {
            return matching(candidates(for: option.completion, word: word), word)
        }
        // A value written inline: `--color=al`.
        if word.hasPrefix("--"), case let (name, value?) = splitOption(word) {
            guard let option = command.option(named: String(name.dropFirst(2))) else { return [] }
            return matching(candidates(for: option.completion, word: value), value).map { name + "=" + $0 }
        }
        let given = Set(arguments.filter { $0.text.hasPrefix("--") }.map { splitOption($0.text).0 })
        let optionWords = command.options.map { "--" + $0.name }.filter { !given.contains($0) }
        if word.hasPrefix("-") {
            return matching(optionWords, word)
        }
        // Which positional the word fills: count the values before it, skipping options.
        var positionalIndex = 0
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if !token.startsQuoted && isOptionLike(token.text) {
                let (name, inline) = splitOption(token.text)
                if inline == nil, let option = command.option(named: String(name.dropFirst(2))),
                   !option.isFlag {
                    index += 1
                }
            } else {
                positionalIndex += 1
            }
        }
        var values: [String] = []
        if let positional = positional(at: positionalIndex, of: command) {
            values = matching(candidates(for: positional.completion, word: word), word)
        }
        if values.isEmpty && word.isEmpty {
            return optionWords
        }
        return values
    }

    private func positional(at index: Int, of command: CommandSpec) -> PositionalSpec? {
        if index < command.positionals.count { return command.positionals[index] }
        if let last = command.positionals.last, last.isRepeating { return last }
        return nil
    }

    /// The candidates a completion source offers now.
    public func candidates(for source: CompletionSource, word: String = "") -> [String] {
        switch source {
        case .none: []
        case .choices(let choices): choices
        case .commands: table.names
        case .models: modelNames
        case .quantities: quantityNames
        // the head's predictions, for a model that has a head to predict with
        case .shownQuantities: quantityNames + WeightsView.spectraNames + (state.currentModel?.head == nil ? [] : ["next"])
        case .equations: Quantity.equationNames(for: state.currentModel?.network?.kind ?? state.currentModel?.settings?.kind)
        case .lessons: lessonIds
        case .files: fileCandidates(word)
        }
    }

    private func matching(_ candidates: [String], _ word: String) -> [String] {
        candidates.filter { $0.hasPrefix(word) }
    }

    /// Entries of the folder named by the word's directory part; folders end in `/`.
    private func fileCandidates(_ word: String) -> [String] {
        let slash = word.lastIndex(of: "/")
        let folderPart = slash.map { String(word[...$0]) } ?? ""
        let namePrefix = slash.map { String(word[word.index(after: $0)...]) } ?? word
        // `~/` and `$HOME/` complete in the home folder and stay as typed
        guard let folder = opendir(folderPart.isEmpty ? "." : FileAccess.expandingHome(folderPart)) else { return [] }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder), names.count < 1000 {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != "..", name.hasPrefix(namePrefix) else { continue }
            if name.hasPrefix(".") && !namePrefix.hasPrefix(".") { continue }
            let isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            names.append(folderPart + name + (isFolder ? "/" : ""))
        }
        return names.sorted()
    }
}
