#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The verdict on one answer.
public enum AnswerVerdict: Sendable, Equatable {
    /// Right.
    case correct
    /// Wrong; the text says how, when something useful can be said (e.g. "one of two").
    case wrong(String?)
    /// Not an answer to this question; the text says what form is expected.
    case unreadable(String)
}

extension Question {
    /// Judges a typed answer to a multiple-choice or numeric question.
    ///
    /// Multiple choice accepts `b`, `B`, `b)`, `2`, the option's text (with any dash for a
    /// dash), words found in one option only (`gru` for "the GRU"), and several choices in
    /// any order separated by commas or spaces (`b,d`, `d b`, `2 and 4`; options of one word
    /// by their texts, `forget output`), or, when several
    /// options are right, letters run together (`bd`).
    /// Numbers accept `0.60`, `.602`, `6.02e-1`, `−0.6`, `0,602`, and arithmetic such as
    /// `3/4`, `2^-3` or `log 4` (see ``readNumbers(_:)``). A numeric answer whose expected
    /// value is an expression reads it through `resolver`.
    public func judge(_ answer: String, resolver: (any ValueResolver)? = nil) -> AnswerVerdict {
        switch kind {
        case .choice(let options):
            return Self.judgeChoice(answer, options)
        case .number(let expected, let tolerance):
            let readings = Self.readNumbers(answer)
            guard !readings.isEmpty else {
                if let product = Self.productSpelledOut(answer) {
                    return .unreadable("a product needs `*` between its factors, as an answer has no implied multiplication: `\(product)`")
                }
                return .unreadable("answer with a number, e.g. 0.25, 2.5e-3, 3/4 or log 4")
            }
            let value: Double
            do {
                value = try expectedNumber(expected, resolver: resolver)
            } catch {
                return .unreadable("the expected value cannot be read from the session: \(error.message)")
            }
            if readings.contains(where: { tolerance.accepts($0, expected: value) || (acceptsDigitsShown && Self.isRounding($0, of: value)) }) {
                return .correct
            }
            // the author's own word on a likely mistake comes before the general ones below
            for mistake in mistakes {
                guard let wrong = try? expectedNumber(mistake.value, resolver: resolver),
                      !tolerance.accepts(wrong, expected: value) else { continue }
                if readings.contains(where: { tolerance.accepts($0, expected: wrong) }) { return .wrong(mistake.message) }
            }
            if readings.contains(where: { $0 != 0 && tolerance.accepts(-$0, expected: value) }) { return .wrong("check the sign") }
            if readings.contains(where: { Self.isReciprocal($0, of: value, within: tolerance) }) {
                return .wrong("that is 1 / the answer: check which is divided by which")
            }
            if readings.contains(where: { Self.isMultiple($0, 0.5, of: value, within: tolerance) }) {
                return .wrong("that is half the answer: is something counted once that comes twice?")
            }
            if readings.contains(where: { Self.isMultiple($0, 2, of: value, within: tolerance) }) {
                return .wrong("that is twice the answer: is something counted twice?")
            }
            // a fraction given as a percentage (50 for 0.5), or the decimal point a place off
            if abs(value) <= 1, readings.contains(where: { Self.isMultiple($0, 100, of: value, within: tolerance) }) {
                return .wrong("that is the answer × 100: the question asks for a fraction, not a percentage")
            }
            if readings.contains(where: { Self.isMultiple($0, 10, of: value, within: tolerance) }) {
                return .wrong("that is 10 times the answer: check the decimal point")
            }
            if readings.contains(where: { Self.isMultiple($0, 0.1, of: value, within: tolerance) }) {
                return .wrong("that is a tenth of the answer: check the decimal point")
            }
            return .wrong(nil)
        case .task:
            return .unreadable("this one is answered by running a lab command that does it; `hint` helps")
        }
    }

    /// Whether `typed` is clearly the reciprocal of `expected`: 1 / `typed` is within the
    /// tolerance, while `typed` itself is not near `expected` (within twice the tolerance).
    ///
    /// A typed number is rounded at its last digit, and its reciprocal carries that rounding:
    /// `0.28` for 3.6 ± 0.02 is 1 / 3.57. So 1 / `typed` may also be off by the relative
    /// rounding of `typed` (half a unit of its last digit), up to 5%.
    static func isReciprocal(_ typed: Double, of expected: Double, within tolerance: Tolerance) -> Bool {
        guard typed != 0, expected != 0, typed.isFinite else { return false }
        let slack = tolerance.slack(around: expected)
        guard abs(typed - expected) > 2 * slack else { return false }
        let allowed = max(slack, abs(expected) * min(0.05, relativeRounding(of: typed)))
        return Tolerance.absolute(allowed).accepts(1 / typed, expected: expected)
    }

    /// Whether `typed` is clearly `factor` times `expected` (half or twice it: one direction
    /// of two, one bias vector of two; 100 times a fraction, a percentage; 10 times or a
    /// tenth, the decimal point a place off): `typed` is within the tolerance of `factor · expected`,
    /// scaled by `factor`, while not itself near `expected` (within twice the tolerance), and
    /// the two ranges are apart (a tolerance as wide as the answer can't tell a factor of 2).
    static func isMultiple(_ typed: Double, _ factor: Double, of expected: Double, within tolerance: Tolerance) -> Bool {
        guard expected != 0, typed.isFinite else { return false }
        let slack = tolerance.slack(around: expected)
        guard abs(typed - expected) > 2 * slack, (1 + factor) * slack < abs(expected) * abs(1 - factor) else { return false }
        return abs(typed - factor * expected) <= factor * slack
    }

    /// Half a unit of the last of the fewest significant digits that write `value` exactly,
    /// relative to `value`: 0.28 has two, so 0.005 / 0.28.
    static func relativeRounding(of value: Double) -> Double {
        guard let digits = significantDigits(of: value) else { return 0 }
        let unit = pow(10, floor(log10(abs(value))) - Double(digits - 1))
        return unit / 2 / abs(value)
    }

    /// The fewest significant digits that write `value` exactly (`0.28` two, `6.0` one);
    /// nil for 0 and numbers that are not finite.
    static func significantDigits(of value: Double) -> Int? {
        guard value.isFinite, value != 0 else { return nil }
        return (1...17).first { digits in
            let written = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
                _ = withVaList([digits - 1, value]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.*e", $0) }
                return String(cString: buffer.baseAddress!)
            }
            return Double(written) == value
        }
    }

    /// Whether `typed`, of at least two significant digits, is `expected` rounded to them:
    /// `0.00027` for 2.73e-4, as a table that shows small values to two digits writes it.
    static func isRounding(_ typed: Double, of expected: Double) -> Bool {
        guard let digits = significantDigits(of: typed), digits >= 2 else { return false }
        return abs(typed - expected) <= relativeRounding(of: typed) * abs(typed) * (1 + 1e-9)
    }

    /// Evaluates a numeric question's expected value: a finite number, as a learner can
    /// type no other (the −inf of log10 of a gradient that is 0 in the session is refused).
    func expectedNumber(_ expected: CheckExpression, resolver: (any ValueResolver)?) throws(CheckEvaluationError) -> Double {
        var evaluator = CheckEvaluator(resolver: resolver ?? NoValues())
        let value = try evaluator.number(expected)
        guard value.isFinite else {
            let read = evaluator.readValues.map { "\($0.reference) = \(CheckFailure.format($0.values))" }
            let from = read.isEmpty ? "" : " (from \(read.joined(separator: ", ")))"
            throw CheckEvaluationError("it is \(value > 0 ? "inf" : "−inf")\(from), not a finite number, which no typed number matches")
        }
        return value
    }

    /// The right answer as a learner would type it (for `skip` and auto runs).
    public func rightAnswer(resolver: (any ValueResolver)? = nil) -> String {
        switch kind {
        case .choice(let options):
            let letters = options.indices.filter { options[$0].isCorrect }.map { Self.letter($0) }
            return letters.joined(separator: ",")
        case .number(let expected, _):
            if let value = try? expectedNumber(expected, resolver: resolver) { return "\(value)" }
            return "(cannot be read from the session)"
        case .task(let expected, _):
            return expected
        }
    }

    /// The right answer spelled out as ``rightAnswerText(resolver:)`` does, or why it
    /// cannot be: a numeric answer that cannot be read from the session, or is no finite
    /// number in it (what a `skip` then says instead of showing a number no one can type).
    public func shownAnswer(resolver: (any ValueResolver)? = nil) -> Result<String, CheckEvaluationError> {
        if case .number(let expected, _) = kind {
            do {
                _ = try expectedNumber(expected, resolver: resolver)
            } catch {
                return .failure(error)
            }
        }
        return .success(rightAnswerText(resolver: resolver))
    }

    /// The right answer spelled out: `b) forget` or `0.602 (± 0.005)` (`10` when it is exact) or the command.
    public func rightAnswerText(resolver: (any ValueResolver)? = nil) -> String {
        switch kind {
        case .choice(let options):
            return options.indices.filter { options[$0].isCorrect }
                .map { "\(Self.letter($0))) \(options[$0].text)" }.joined(separator: "; ")
        case .number(let expected, let tolerance):
            let slack: String
            switch tolerance {
            case .absolute(let value): slack = "± \(Self.plain(value))"
            case .relative(let percent): slack = "± \(Self.plain(percent))%"
            }
            // an exact answer (a count, `± 0`) is its number alone
            let exact = tolerance == .absolute(0) || tolerance == .relative(percent: 0)
            let suffix = exact ? "" : " (\(slack))"
            guard let value = try? expectedNumber(expected, resolver: resolver) else { return "\(rightAnswer(resolver: resolver))\(suffix)" }
            return "\(Self.rounded(value, within: tolerance))\(suffix)"
        case .task(let expected, _):
            return "`\(expected)`"
        }
    }

    /// `value` with the digits `tolerance` leaves meaningful: 0.759027624875551 within 2% is
    /// `0.759` (a digit past the percent), within ± 0.005 `0.759`, within ± 0.5 `0.8`.
    static func rounded(_ value: Double, within tolerance: Tolerance) -> String {
        guard value.isFinite, value != 0 else { return plain(value) }
        let decimals: Int
        switch tolerance {
        case .absolute(let slack):
            guard slack > 0 else { return plain(value) }
            decimals = Int((-log10(slack)).rounded(.up))
        case .relative(let percent):
            guard percent > 0 else { return plain(value) }
            let significant = max(2, Int((-log10(percent / 100)).rounded(.up)) + 1)
            decimals = significant - 1 - Int(log10(abs(value)).rounded(.down))
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            _ = withVaList([min(17, max(0, decimals)), value]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.*f", $0) }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// A whole number without `.0` (160, not 160.0); any other as Swift writes it.
    static func plain(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? "\(Int(number))" : "\(number)"
    }

    /// `a`, `b`, … for option index 0, 1, ….
    public static func letter(_ index: Int) -> String {
        guard index >= 0, index < 26, let scalar = Unicode.Scalar(97 + index) else { return "\(index + 1)" }
        return String(Character(scalar))
    }

    /// Lowercase, single spaces, dashes as `-`, without surrounding quotes and a final period.
    static func normalized(_ text: String) -> String {
        text.lowercased().replacingAll("–", with: "-").replacingAll("—", with: "-").replacingAll("−", with: "-")
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            .trimmingCharacters(in: "`'\".")
    }

    /// `text` with a hyphen between two letters read as a space, so that `many to one` and
    /// `many-to-one` name the same option (a minus before a digit stays).
    static func unhyphenated(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            let joinsWords = character == "-" && index > 0 && index + 1 < characters.count
                && characters[index - 1].isLetter && characters[index + 1].isLetter
            result.append(joinsWords ? " " : character)
        }
        return result
    }

    /// The one option whose text contains `typed` as whole words (`gru` in "the GRU"), or
    /// nil when none or several do.
    static func optionContaining(_ typed: String, _ options: [ChoiceOption]) -> Int? {
        let words = unhyphenated(typed).split(separator: " ")
        guard typed.count >= 2, !words.isEmpty else { return nil }
        let matches = options.indices.filter { index in
            let text = unhyphenated(normalized(options[index].text)).split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" || $0 == ")" })
            guard text.count >= words.count else { return false }
            return (0...(text.count - words.count)).contains { start in Array(text[start..<(start + words.count)]) == words }
        }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The options a typed list of letters or numbers names (`b`, `a c`, `a and c`, `2,4`),
    /// or nil when the text is not such a list.
    ///
    /// A number is an option's position, unless an option's text begins with a number
    /// ("1, shared by every step"): then a learner typing `1` means that option's own
    /// number, not the first option, and a number names the option that begins with it.
    /// When several options are right, letters may also be run together (`bd`, see
    /// ``runTogetherLetters(_:_:)``).
    static func chosenOptions(_ typed: String, _ options: [ChoiceOption]) -> Set<Int>? {
        let pieces = typed.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" || $0 == "&" || $0 == "/" })
            .map(String.init).filter { $0 != "and" && !$0.isEmpty }
        guard !pieces.isEmpty else { return nil }
        let numbered = startsWithNumbers(options)
        let severalRight = options.count(where: \.isCorrect) > 1
        var indices: Set<Int> = []
        for piece in pieces {
            let bare = piece.trimmingCharacters(in: ")].(")
            if bare.count == 1, let index = optionIndex(ofLetter: bare), index < options.count {
                indices.insert(index)
            } else if severalRight, let letters = runTogetherLetters(bare, options) {
                indices.formUnion(letters)
            } else if numbered, let number = readNumber(bare),
                      let option = options.indices.first(where: { leadingNumber(options[$0].text) == number }) {
                indices.insert(option)
            } else if !numbered, let number = Int(bare), number >= 1, number <= options.count {
                indices.insert(number - 1)
            } else {
                return nil
            }
        }
        return indices
    }

    /// The option index a lowercase letter names (`a` is 0), whatever the number of options.
    static func optionIndex(ofLetter letter: some StringProtocol) -> Int? {
        guard letter.count == 1, let scalar = letter.unicodeScalars.first, (97...122).contains(scalar.value) else { return nil }
        return Int(scalar.value) - 97
    }

    /// The options named by letters typed without a separator (`bd` for b and d), when that
    /// can mean nothing else: two letters or more, each an option's and none twice, and no
    /// word of an option's text (`bad` among the words of an option is that option's word).
    static func runTogetherLetters(_ piece: String, _ options: [ChoiceOption]) -> Set<Int>? {
        let indices = piece.map { optionIndex(ofLetter: String($0)) }
        guard indices.count > 1, Set(indices).count == indices.count,
              indices.allSatisfy({ $0.map { $0 < options.count } ?? false }) else { return nil }
        let words = options.flatMap { normalized($0.text).split(whereSeparator: { !$0.isLetter }) }
        guard !words.contains(where: { $0 == piece }) else { return nil }
        return Set(indices.compactMap { $0 })
    }

    /// Whether an option's text begins with a number, so that a typed number could mean it.
    static func startsWithNumbers(_ options: [ChoiceOption]) -> Bool {
        options.contains { leadingNumber($0.text) != nil }
    }

    /// The number an option's text begins with (8 in "8, one per step"), if it does.
    static func leadingNumber(_ text: String) -> Double? {
        let words = normalized(text).split(whereSeparator: { $0 == " " || $0 == "," || $0 == ":" || $0 == ";" })
        return words.first.flatMap { readNumber(String($0)) }
    }

    /// Whether `answer` can be read as an answer to this question, right or wrong: an
    /// option, or a number or arithmetic (`ln 4`) for a numeric question, whatever value
    /// the session holds. A task takes no typed answer.
    public func readsAsAnswer(_ answer: String) -> Bool {
        switch kind {
        case .choice(let options):
            if case .unreadable = Self.judgeChoice(answer, options) { return false }
            return true
        case .number:
            return !Self.readNumbers(answer).isEmpty
        case .task:
            return false
        }
    }

    /// Whether `answer` is a list of this multiple-choice question's letters or numbers,
    /// such as `a b` or `a and c`: typed while the question waits, that is the answer as a
    /// whole, although `a TEXT` is otherwise short for `answer TEXT`.
    public func readsAsChoiceList(_ answer: String) -> Bool {
        guard case .choice(let options) = kind else { return false }
        return Self.chosenOptions(Self.normalized(answer), options) != nil
    }

    /// Whether `answer` is the text of one of this multiple-choice question's options, or
    /// the start of one that no other option shares, in at least two words: typed while the
    /// question waits, that is the answer as a whole, though an option such as "a value in
    /// (0, 1): …" starts like the `a TEXT` short form of `answer TEXT`.
    public func readsAsOptionText(_ answer: String) -> Bool {
        guard case .choice(let options) = kind else { return false }
        let typed = Self.unhyphenated(Self.normalized(answer))
        guard typed.split(separator: " ").count >= 2 else { return false }
        let texts = options.map { Self.unhyphenated(Self.normalized($0.text)) }
        return texts.contains(typed) || texts.count { $0.hasPrefix(typed) } == 1
    }

    /// The options a normalized answer names: the option of that text, the options its
    /// letters or numbers name, several option texts separated by commas, or the one option
    /// holding its words; nil when it names none.
    static func optionsNamed(by typed: String, _ options: [ChoiceOption]) -> Set<Int>? {
        if let exact = options.indices.first(where: { unhyphenated(normalized(options[$0].text)) == unhyphenated(typed) }) {
            return [exact]
        }
        // the start of one option's text, as typed before its end (`a value in (0, 1)`)
        let starting = options.indices.filter { unhyphenated(normalized(options[$0].text)).hasPrefix(unhyphenated(typed)) }
        if typed.split(separator: " ").count >= 2, starting.count == 1 { return [starting[0]] }
        if let chosen = chosenOptions(typed, options) { return chosen }
        // Several option texts separated by commas, whole or by words only one holds
        // (`lstm, gru` for "the LSTM" and "the GRU").
        let texts = typed.split(separator: ",").map { normalized(String($0)) }
        let matches = texts.compactMap { text in
            options.indices.first { unhyphenated(normalized(options[$0].text)) == unhyphenated(text) } ?? optionContaining(text, options)
        }
        if texts.count > 1, matches.count == texts.count { return Set(matches) }
        // Whole option texts of one word each, separated by spaces or `and` (`forget output`)
        let words = typed.split(separator: " ").map(String.init).filter { $0 != "and" }
        let whole = words.compactMap { word in options.indices.first { unhyphenated(normalized(options[$0].text)) == unhyphenated(word) } }
        if words.count > 1, whole.count == words.count, Set(whole).count == whole.count { return Set(whole) }
        return optionContaining(typed, options).map { [$0] }
    }

    /// Every option that is a bare number a learner may type meaning another option's
    /// place, with that number: of the options `2`, `1`, `3`, the answer `2` names the
    /// option `2` (a), not option 2 (b), and the answer `1` names the option `1` (b), not
    /// option 1 (a). Empty when there is none: `1`, `2`, `3` in that order, or `10` and
    /// `20`, which are no option's place, are no trouble.
    static func ambiguousNumberOptions(_ options: [ChoiceOption]) -> [(index: Int, number: Int)] {
        options.enumerated().compactMap { index, option in
            guard let value = readNumber(option.text), value == value.rounded(), value >= 1, value <= Double(options.count),
                  case let number = Int(value), number != index + 1,
                  optionsNamed(by: String(number), options) == [index] else { return nil }
            return (index, number)
        }
    }

    static func judgeChoice(_ answer: String, _ options: [ChoiceOption]) -> AnswerVerdict {
        let right = Set(options.indices.filter { options[$0].isCorrect })
        let typed = normalized(answer)
        guard !typed.isEmpty else { return .unreadable("answer with a letter, e.g. `b`") }
        guard let chosen = optionsNamed(by: typed, options) else {
            let last = letter(options.count - 1), several = right.count > 1 ? " (several: `a,c`)" : ""
            if startsWithNumbers(options) {
                return .unreadable("answer with a letter a–\(last)\(several) or the option's text; a number is read as the number an option begins with")
            }
            return .unreadable("answer with a letter a–\(last)\(several), a number, or the option's text")
        }
        if chosen == right { return .correct }
        // the author's own word on a wrong option comes before the general ones below: for
        // the one option chosen, or among several right ones, the answer's only wrong one
        let wrong = chosen.subtracting(right)
        if chosen.count == 1 || right.count > 1, wrong.count == 1, let only = wrong.first, let mistake = options[only].mistake {
            return .wrong(mistake)
        }
        if right.count > 1, chosen.isSubset(of: right) {
            return .wrong("right so far, but \(right.count) options are right: name them all in one answer, their letters separated by spaces or commas")
        }
        if right.count == 1, chosen.count > 1 { return .wrong("only one option is right") }
        if chosen.isStrictSuperset(of: right) {
            let extra = chosen.count - right.count
            return .wrong("every right option is there, but \(extra == 1 ? "one" : "\(extra)") of yours \(extra == 1 ? "is" : "are") not")
        }
        return .wrong(nil)
    }

    /// The numbers a typed answer can mean: one (`3/4` is 0.75, `t=10` is 10, `log 4` is
    /// 1.386), or two when a comma may separate either thousands or decimals (`4,224` is
    /// 4224 or 4.224; `0,602` is only 0.602, `1,234,567` only 1234567) or a percentage may
    /// be meant as a fraction (`79%` is 79 or 0.79).
    ///
    /// What is not a number may be arithmetic a learner writes (`2^-3`, `e^0.693`,
    /// `exp(-1)`, `ln(4)`, `sqrt 2`; ``CheckParser/parseAnswer(_:)``), read whole. A word
    /// before a number is read past only when it labels it as the lab does (`t=10`,
    /// `unit 3`, `step 10`) or names it with `=` (`loss = 1.39`); otherwise (`log 4`,
    /// `about 3`) the number is never read alone.
    public static func readNumbers(_ text: String) -> [Double] {
        var text = text.trimmed
        // a sentence's last mark after the answer, `0.3787.` or `0.38?`, is no part of it
        if let mark = text.last, ".?!".contains(mark), text.count > 1, readNumber(text) == nil {
            let unmarked = readNumbers(String(text.dropLast()))
            if !unmarked.isEmpty { return unmarked }
        }
        if let labelled = numberAfterLabel(text) { text = labelled }
        // `79%`: 79, or 0.79 when the question asks for a fraction
        if text.hasSuffix("%"), let percent = readNumber(String(text.dropLast())) {
            return [percent, percent / 100]
        }
        var readings: [Double] = []
        if let number = readNumber(text) { readings.append(number) }
        // a fraction: 3/4
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        if halves.count == 2, let top = readNumber(String(halves[0])), let bottom = readNumber(String(halves[1])), bottom != 0 {
            readings.append(top / bottom)
        }
        // digits grouped by three with commas, as the lab writes counts: 4,224 or 1,234,567.5
        let cleaned = text.trimmed.replacingAll("−", with: "-").replacingAll(" ", with: "")
        let unsigned = cleaned.hasPrefix("-") || cleaned.hasPrefix("+") ? cleaned.dropFirst() : Substring(cleaned)
        let whole = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1, let first = groups.first, (1...3).contains(first.count), first.first != "0",
           groups.dropFirst().allSatisfy({ $0.count == 3 }), groups.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
           let number = readNumber(cleaned.replacingAll(",", with: "")), !readings.contains(number) {
            readings.append(number)
        }
        if readings.isEmpty, let value = readArithmetic(text) { readings.append(value) }
        return readings
    }

    /// The words the lab labels a number with, which may come before it with a space
    /// (`step 10`, `unit 3`).
    static let numberLabels: Set<String> = ["t", "step", "unit", "layer"]

    /// What follows a label or a name and `=` (`t=10`, `unit 3`, `loss = 1.39`), or nil
    /// when `text` does not start with one. A function, `e` or `pi` of a learner's arithmetic
    /// is no label (`log 4`, `e = 2.7`), nor any other word before a space (`about 3`).
    static func numberAfterLabel(_ text: String) -> String? {
        let equals = text.firstIndex(of: "=")
        guard let separator = equals ?? text.firstIndex(of: " ") else { return nil }
        let name = String(text[..<separator]).trimmed.lowercased()
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }),
              CheckParser.answerFunctions[name] == nil, CheckParser.answerConstants[name] == nil,
              equals != nil || numberLabels.contains(name) else { return nil }
        return String(text[text.index(after: separator)...])
    }

    /// The value of arithmetic typed as an answer (``CheckParser/parseAnswer(_:)``), when
    /// it is that and its value is a finite number.
    static func readArithmetic(_ text: String) -> Double? {
        var text = text.trimmed
        if text.hasPrefix("≈") || text.hasPrefix("~") { text = String(text.dropFirst()) }
        guard !text.isEmpty, let expression = try? CheckParser.parseAnswer(text) else { return nil }
        var evaluator = CheckEvaluator(resolver: NoValues())
        guard let value = try? evaluator.number(expression), value.isFinite else { return nil }
        return value
    }

    /// Arithmetic typed with a function or a bracket beside a factor before it (`2 log 2`,
    /// `3 (1 + 2)`, `(1 + 1) exp(1)`), written with the `*` the answer notation needs between
    /// them (`2 * log 2`), when that reads as a number; nil otherwise. An answer has no implied multiplication: `2 log 2` is
    /// refused, and the learner is shown the product spelled out rather than a guess taken.
    static func productSpelledOut(_ text: String) -> String? {
        var text = text.trimmed
        for _ in 0..<4 {
            let column: Int
            do {
                _ = try CheckParser.parseAnswer(text)
                return readArithmetic(text) == nil ? nil : text
            } catch {
                column = error.column
            }
            // the parser stops at the factor that follows a complete value: `*` goes before it
            // when that factor is a function or a bracket (`log 4 4` may as well mean log 44)
            guard column > 1, column <= text.count else { return nil }
            let index = text.index(text.startIndex, offsetBy: column - 1)
            guard text[index].isLetter || text[index] == "(" else { return nil }
            let before = text[..<index].trimmed
            text = before + " * " + String(text[index...])
        }
        return nil
    }

    /// Reads a typed number leniently: spaces, a leading `+`, `−`, a decimal comma, `≈`.
    public static func readNumber(_ text: String) -> Double? {
        var cleaned = text.trimmed.replacingAll("−", with: "-").replacingAll("≈", with: "")
            .replacingAll("~", with: "").replacingAll(" ", with: "").replacingAll("_", with: "")
        if cleaned.hasPrefix("+") { cleaned.removeFirst() }
        if !cleaned.contains("."), cleaned.filter({ $0 == "," }).count == 1 {
            cleaned = cleaned.replacingAll(",", with: ".")
        }
        guard !cleaned.isEmpty, cleaned.count <= 64,
              cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }
}

/// A resolver with no session: every reference is unknown.
struct NoValues: ValueResolver {
    func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
        throw ValueResolutionError("no session values are available here")
    }
}

extension String {
    /// The string with every occurrence of `target` replaced (no Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
