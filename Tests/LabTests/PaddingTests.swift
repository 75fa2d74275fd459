import Foundation
import Lessons
import RNNEngine
import Rendering
import Testing
@testable import Lab

/// Padding steps (`feed --mask`): the cell does not run there, so the gates have no value,
/// while h and c carry the state through.
@Suite("Padding steps in views, checks and losses")
struct PaddingTests {
    /// An LSTM on three real steps and two of padding.
    func padded(_ extra: [String] = []) throws -> Session {
        try labSession(["model lstm --name m --hidden 3 --seed 1", "feed --numbers 0.5 -1 2 0 0 --mask 3"] + extra)
    }

    /// Whether `claim` holds in `session`, through the lessons' own parser and evaluator.
    func holds(_ claim: String, in session: Session) throws -> Bool {
        var evaluator = CheckEvaluator(resolver: session)
        return try evaluator.holds(CheckParser.parse(claim))
    }

    /// The message of resolving `reference`, or "" when it resolves.
    func message(_ reference: ValueReference, in session: Session) -> String {
        do {
            _ = try session.values(of: reference)
            return ""
        } catch {
            return error.message
        }
    }

    @Test("checks see the gates at real steps only, so f in (0, 1) holds and mean(f) is theirs")
    func checksLeaveOutGatesAtPadding() throws {
        let session = try padded()
        let f = try session.values(of: reference(nil, "f"))
        #expect(f.count == 9, "three real steps of three units: \(f)")
        #expect(f == (try session.values(of: reference(nil, "f", ("t", .range(1, 3))))))
        #expect(try holds("f in (0, 1) and i in (0, 1) and o in (0, 1) and g in (-1, 1)", in: session))
        #expect(try holds("mean(f) == mean(f[t=1..3])", in: session))
        #expect(try session.values(of: reference(nil, "f", ("t", .range(2, 5)))).count == 6)
        #expect(try session.values(of: reference(nil, "gates")).count == 3 * 12)
        #expect(try session.values(of: reference(nil, "pre")).count == 3 * 12)
        // the state is carried through padding: h and c have every step
        #expect(try session.values(of: reference(nil, "h")).count == 15)
        #expect(try session.values(of: reference(nil, "c")).count == 15)
        #expect(message(reference(nil, "f", ("t", .index(4))), in: session)
            == "f[t=4]: step 4 is padding, where f has no value (the state passes through unchanged); select real steps, where mask is 1")
        #expect(message(reference(nil, "pre", ("t", .range(4, 5))), in: session).contains("steps 4–5 are padding"))
    }

    @Test("mask is 1 at a real step and 0 at padding, one value per step")
    func maskValue() throws {
        let session = try padded()
        #expect(try session.values(of: reference(nil, "mask")) == [1, 1, 1, 0, 0])
        #expect(try session.values(of: reference(nil, "mask", ("t", .index(4)))) == [0])
        #expect(try holds("sum(mask) == 3 and mask[t=3] == 1", in: session))
        #expect(message(reference(nil, "mask", ("unit", .index(0))), in: session)
            == "mask has one value per step; the selector unit= does not apply")
        #expect(Session.valueNames.contains("mask"))
        #expect(Session.valueNameProblem(reference(nil, "mask", ("t", .index(2)))) == nil)
        let unmasked = try labSession(["model rnn --hidden 2", "feed --numbers 1 2"])
        #expect(try unmasked.values(of: reference(nil, "mask")) == [1, 1])
    }

    @Test("a mask written with spaces is the whole mask, not a count followed by more input",
          arguments: ["--numbers 1 2 3 4 --mask 1 1 0 0", "--mask 1 1 0 0 --numbers 1 2 3 4", "--numbers 1 2 3 4 --mask \"1 1 0 0\""])
    func spacedMask(_ words: String) throws {
        let session = try labSession(["model rnn --hidden 2", "feed \(words)"])
        #expect(try session.values(of: reference(nil, "x")) == [1, 2, 3, 4])
        #expect(try session.values(of: reference(nil, "mask")) == [1, 1, 0, 0])
        // a count is still a count, and input after the mask's numbers is still input
        let counted = try labSession(["model rnn --hidden 2", "feed --numbers 1 2 3 --mask 2"])
        #expect(try counted.values(of: reference(nil, "mask")) == [1, 1, 0])
        let text = try labSession(["model rnn --hidden 2", "feed --mask 1 1 0 \"abc\""])
        #expect(try text.values(of: reference(nil, "mask")) == [1, 1, 0])
        // input written after the mask's numbers is taken for more of the mask, and told so
        let swallowed = text.execute("feed --numbers --mask 2 1 2 3")
        #expect(swallowed.error?.message.contains("the numbers after --mask are all read as the mask (2,1,2,3)") == true)
    }

    @Test("show marks the gates at padding with — and says so once, keeping h and c")
    func tablesMarkPadding() throws {
        let session = try padded()
        let gates = session.execute("show gates")
        let table = try #require(gates.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        #expect(table.rows.count == 5)
        for row in table.rows.prefix(3) { #expect(row.cells.allSatisfy { if case .number = $0 { true } else { false } }) }
        for row in table.rows.suffix(2) { #expect(row.cells.allSatisfy { $0 == .absent }, "\(row)") }
        let notes = gates.blocks.compactMap { if case .note(let text) = $0 { text } else { nil } }
        #expect(notes.filter { $0.contains("padding") }
            == ["— at steps 4–5: padding, where no gates are computed; the state passes through unchanged, and checks leave these steps out"])
        #expect(session.execute("show pre").text.contains("where no pre-activations are computed"))
        #expect(!session.execute("show f --step 1..3").text.contains("where no gates"))
        let h = session.execute("show h")
        let hTable = try #require(h.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        #expect(hTable.rows.allSatisfy { $0.cells.allSatisfy { if case .number = $0 { true } else { false } } })
    }

    @Test("show x marks padding beside the step, so what each step read lines up, and says the cell does not read x there")
    func inputViewsMarkPadding() throws {
        let text = try labSession(["model lstm --name m --hidden 3 --seed 1", "feed \"hello\" --mask 3"])
        let table = try #require(text.execute("show x").blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        #expect(table.rowHeader == "step     input", "\(table.rowHeader)")
        #expect(table.rows.map(\.label) == ["t=1      'h'", "t=2      'e'", "t=3      'l'", "t=4 pad  'l'", "t=5 pad  'o'"], "\(table.rows.map(\.label))")
        #expect(text.execute("show h").text.contains("t=4 pad  'l'"), "every view's steps are labelled alike")
        for session in [text, try padded()] {
            let notes = session.execute("show x").blocks.compactMap { if case .note(let text) = $0 { text } else { nil } }
            #expect(notes.contains("pad at steps 4–5: padding, x the cell does not read (the numbers there are what was fed); the state passes through unchanged"), "\(notes)")
            let spark = session.execute("show x --as spark")
            let group = try #require(spark.blocks.compactMap { if case .sparklines(let group) = $0 { group } else { nil } }.first)
            #expect(group.series.allSatisfy { $0.absent == [3, 4] }, "\(group.series)")
            #expect(spark.text.contains("the gaps at steps 4–5: padding, x the cell does not read (`show x --as table` lists the numbers fed there)"), "\(spark.text)")
            let heat = session.execute("show x --as heat")
            let strip = try #require(heat.blocks.compactMap { if case .heatStrip(let strip) = $0 { strip } else { nil } }.first)
            #expect(strip.rows.allSatisfy { $0.absent == [3, 4] })
            // files for other tools keep every number fed, padding marked by the mask column
            let csv = session.execute("show x --format csv").blocks.compactMap { if case .data(let text) = $0 { text } else { nil } }.joined()
            #expect(!csv.contains(",,") && csv.contains("mask"), "\(csv)")
        }
    }

    @Test("sparklines and heat strips leave a gap at padding; csv and json write no number there")
    func otherViewsMarkPadding() throws {
        let session = try padded()
        let spark = session.execute("show f --as spark")
        let group = try #require(spark.blocks.compactMap { if case .sparklines(let group) = $0 { group } else { nil } }.first)
        #expect(group.series.allSatisfy { $0.absent == [3, 4] })
        #expect(spark.text.contains("the gaps at steps 4–5: padding"))
        let heat = session.execute("show f --as heat")
        let strip = try #require(heat.blocks.compactMap { if case .heatStrip(let strip) = $0 { strip } else { nil } }.first)
        #expect(strip.rows.allSatisfy { $0.absent == [3, 4] })
        #expect(heat.text.contains("the blank cells at steps 4–5: padding"))
        let csv = session.execute("show f --format csv").blocks.compactMap { if case .data(let text) = $0 { text } else { nil } }.joined()
        // the input stays a number, and the mask is a column of its own, as `mask` reads it
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "step,x[0],mask,f[0],f[1],f[2]", "\(csv)")
        #expect(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[2] } == ["1", "1", "1", "0", "0"], "\(csv)")
        #expect(lines.contains("4,0.0,0,,,") && lines.contains("5,0.0,0,,,") && !csv.contains("pad"), "\(csv)")
        let json = session.execute("show f --format json").blocks.compactMap { if case .data(let text) = $0 { text } else { nil } }.joined()
        #expect(json.contains(#""values":[0.0,0,null,null,null]"#) && !json.contains("pad"), "\(json)")
    }

    @Test("the step view and compare mark the gates at padding too")
    func cursorAndCompareMarkPadding() throws {
        let session = try padded(["model lstm --name n --hidden 3 --seed 2", "use m"])
        _ = session.execute("reset")
        let atPadding = session.execute("step 4")
        let table = try #require(atPadding.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        let f = try #require(table.rows.first { $0.label == "f" })
        #expect(f.cells.allSatisfy { $0 == .absent })
        let h = try #require(table.rows.first { $0.label == "h" })
        #expect(h.cells.allSatisfy { if case .number = $0 { true } else { false } })
        #expect(atPadding.text.contains("— at step 4: padding, where no gates are computed"))
        _ = session.execute("run")
        let compared = session.execute("compare m n f")
        let comparison = try #require(compared.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        #expect(comparison.rows.suffix(2).allSatisfy { $0.cells.allSatisfy { $0 == .absent } })
        #expect(compared.text.contains("— at steps 4–5: padding"))
    }

    @Test("explain says a gate at padding was never computed, and carries c as c")
    func explainAtPadding() throws {
        let session = try padded()
        let gate = session.execute("explain f --step 4")
        #expect(gate.text.contains("step 4 is padding: the cell does not run there, so f_4 is never computed"), "\(gate.text)")
        #expect(!gate.text.contains("f_4[0] ="))
        let c = try session.values(of: reference(nil, "c", ("t", .index(3)), ("unit", .index(0))))[0]
        let cell = session.execute("explain c --step 4").text
        let shown = try #require(cell.components(separatedBy: "c_4[0] = c_3[0] = ").last)
        let number = try #require(Double(shown.prefix { !$0.isWhitespace }.replacingOccurrences(of: "−", with: "-")), "\(cell)")
        #expect(abs(number - c) <= 1e-3 * abs(c), "c_4 is c_3, not h_3: \(cell)")
    }

    @Test("grad --loss sum says the padding steps are left out")
    func sumLossLeavesOutPadding() throws {
        let session = try padded()
        let sum = session.execute("grad --loss sum")
        #expect(sum.text.contains("over the real steps t"), "\(sum.text)")
        #expect(sum.text.contains("the sum of every real step's output; steps 4–5 are padding and left out"), "\(sum.text)")
        let last = session.execute("grad --loss last")
        #expect(last.text.contains("the sum of the output of step 3, the last real step; steps 4–5 are padding"), "\(last.text)")
        let unpadded = try labSession(["model lstm --hidden 3 --seed 1", "feed --numbers 0.5 -1 2", "grad --loss sum"])
        let value = try unpadded.values(of: reference(nil, "grad-loss"))
        _ = session.execute("grad --loss sum")
        #expect(try session.values(of: reference(nil, "grad-loss")) == value, "the unpadded sequence's loss")
        let plain = try labSession(["model lstm --hidden 3 --seed 1", "feed --numbers 0.5 -1 2"]).execute("grad --loss sum")
        #expect(plain.text.contains("(the sum of every step's output)"), "\(plain.text)")
    }

    @Test("show h and show output say how padding rows differ from pad_packed_sequence's")
    func carriedStateIsExplained() throws {
        let session = try padded()
        let h = session.execute("show h")
        #expect(h.text.contains("at padding (steps 4–5) h is carried unchanged, h_5 = h_3, so h_n is the last real step's"), "\(h.text)")
        #expect(h.text.contains("pad_packed_sequence writes 0 in its output there instead"))
        let c = session.execute("show c")
        #expect(c.text.contains("c_5 = c_3") && !c.text.contains("pad_packed_sequence"), "\(c.text)")
        let output = session.execute("show output")
        #expect(output.text.contains("the output is 0 at padding (steps 4–5), as PyTorch's pad_packed_sequence pads it"), "\(output.text)")
        #expect(!session.execute("show h --step 1..3").text.contains("carried unchanged"))
        let unmasked = try labSession(["model lstm --hidden 3 --seed 1", "feed --numbers 0.5 -1 2 0 0"])
        #expect(!unmasked.execute("show h").text.contains("carried unchanged"))
    }

    @Test("show mask says mask is a check value and where views show padding")
    func showMaskSaysWhatMaskIs() throws {
        let session = try padded()
        #expect(session.execute("show mask").error?.message.contains("mask is a value lesson checks read") == true)
    }
}
