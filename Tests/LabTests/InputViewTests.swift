import Foundation
import RNNEngine
import Rendering
import Testing
@testable import Lab

/// The input x as the views, `export` and `feed` give it: `show x`, its columns in csv and
/// json views, its rows in an exported trace, and what `feed` says about how it was read.
@Suite("The fed input in views, exports and feed's messages")
struct InputViewTests {
    /// The text of the `.data` blocks of `line` run in `session`.
    func data(_ session: Session, _ line: String) -> String {
        session.execute(line).blocks.compactMap { if case .data(let text) = $0 { text } else { nil } }.joined()
    }

    /// The error message of `line` run in `session`, or "" when it succeeds.
    func error(_ session: Session, _ line: String) -> String {
        session.execute(line).error?.message ?? ""
    }

    /// The notes `line` gives in `session`.
    func notes(_ session: Session, _ line: String) -> [String] {
        session.execute(line).blocks.compactMap { if case .note(let text) = $0 { text } else { nil } }
    }

    /// The fed input of `session`, one row per step.
    func fed(_ session: Session) throws -> [[Double]] {
        try #require(session.state.input).example.inputs
    }

    @Test("csv and json views of h carry x, one column per feature, whatever made the input",
          arguments: ["feed random 3", "feed --numbers \"0.5 1; -1 2; 3 4\"", "feed adding 4", "feed sine 5"])
    func viewsCarryTheInput(feed: String) throws {
        let session = try labSession(["model lstm --hidden 2", feed])
        let x = try fed(session)
        let width = x[0].count
        let csv = data(session, "show h --format csv").split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = (0..<width).map { "x[\($0)]" }
        #expect(csv[0] == ["step"] + header + ["h[0]", "h[1]"], "\(csv[0])")
        for (step, row) in x.enumerated() {
            #expect(csv[step + 1][1...width].map { Double($0) } == row.map { Optional($0) }, "step \(step + 1) reads back exactly")
        }
        let json = try JSONParser.parse(data(session, "show h --format json"))
        #expect(json["columns"]?.array?.prefix(width).map { $0["name"]?.string } == header.map { Optional($0) })
        let firstRow = try #require(json["rows"]?.array?.first?["values"]?.array)
        #expect(firstRow.prefix(width).map(\.number) == x[0].map { Optional($0) }, "numbers in json, not text")
    }

    @Test("a view of text keeps the character read, and `show x --format csv` gives x once")
    func textAndXItself() throws {
        let session = try labSession(["model lstm --hidden 2", "feed \"ab,a\""])
        let csv = data(session, "show h --format csv")
        #expect(csv.hasPrefix("step,input,h[0],h[1]\n1,a,"), "\(csv)")
        #expect(csv.contains("\n3,\",\","), "\(csv)")
        let numbers = try labSession(["model lstm --hidden 2", "feed random 2"])
        #expect(data(numbers, "show x --format csv").split(separator: "\n").first == "step,x[0]")
    }

    @Test("the mask column writes 1 and 0, in csv and json")
    func maskIsWhole() throws {
        let session = try labSession(["model lstm --hidden 2", "feed --numbers 0.5 -1 2 --mask 2"])
        let lines = data(session, "show h --format csv").split(separator: "\n")
        #expect(lines[0] == "step,x[0],mask,h[0],h[1]")
        #expect(lines.dropFirst().map { $0.split(separator: ",")[2] } == ["1", "1", "0"], "\(lines)")
        let json = data(session, "show h --format json")
        #expect(json.contains(#""values":[2.0,0,"#), "\(json)")
    }

    @Test("show input and show x give the input x per step, not the input gate")
    func showInput() throws {
        let session = try labSession(["model lstm --hidden 2", "feed --numbers \"0.5 1; -1 2; 3 4\""])
        for word in ["input", "x"] {
            let outcome = session.execute("show \(word)")
            #expect(outcome.error == nil)
            guard case .table(let table) = outcome.blocks.first else {
                Issue.record("show \(word) gives no table: \(outcome.blocks)")
                continue
            }
            #expect(table.title?.contains("input x_t") == true, "\(table.title ?? "")")
            #expect(table.columns.map(\.name) == ["x[0]", "x[1]"])
            #expect(table.rows.map { $0.cells } == [[0.5, 1], [-1, 2], [3, 4]])
            // the numbers are the table: the rows are labelled by the step alone, not again by what it read
            #expect(table.rows.map(\.label) == ["t=1", "t=2", "t=3"])
        }
        guard case .table(let gate) = session.execute("show input-gate").blocks.first else {
            Issue.record("show input-gate gives no table")
            return
        }
        #expect(gate.columns.map(\.name) == ["i[0]", "i[1]"])
        let json = try JSONParser.parse(data(session, "show x --format json"))
        #expect(json["rows"]?.array?.last?["values"]?.array?.map(\.number) == [3, 4])
    }

    @Test("x reads as a lesson check value, its features by unit=")
    func xAsCheckValue() throws {
        let session = try labSession(["model gru --hidden 2", "feed --numbers \"0.5 1; -1 2\""])
        #expect(try session.values(of: reference(nil, "x")) == [0.5, 1, -1, 2])
        #expect(try session.values(of: reference(nil, "x", ("t", .index(2)), ("unit", .index(1)))) == [2])
    }

    @Test("words that could name two quantities are not read as one of them",
          arguments: ["gate", "state"])
    func ambiguousWords(word: String) throws {
        let session = try labSession(["model lstm --hidden 2", "feed random 3", "grad"])
        let message = error(session, "show \(word)")
        #expect(message.contains("could be") && message.contains("name one"), "\(word): \(message)")
    }

    @Test("feed --numbers without ; on a wider model says how to give a step of several numbers, with the learner's numbers")
    func numbersWithoutSemicolon() throws {
        // a changed model keeps its weights, and so its input width
        let wide = try labSession(["model lstm --hidden 2", "feed --numbers \"1 2 3; 4 5 6\"", "set W_hh[0,0] 0.5"])
        let one = error(wide, "feed --numbers \"1 2 3\"")
        #expect(one.contains("`feed --numbers \"1 2 3;\"` gives 1 step of 3"), "\(one)")
        let two = error(wide, "feed --numbers 1 2 3 4 5 6")
        #expect(two.contains("`feed --numbers \"1 2 3; 4 5 6\"` gives 2 steps of 3"), "\(two)")
        #expect(wide.state.input?.length == 2, "nothing was fed")
    }

    @Test("a mask with padding before a real step says PyTorch has no counterpart; padding at the end does not")
    func innerPadding() throws {
        let session = try labSession(["model lstm --hidden 2"])
        let hole = notes(session, "feed --numbers 1 2 3 4 --mask 1,1,0,1")
        #expect(hole.contains { $0.contains("padding at step 3 comes before a real step") && $0.contains("PyTorch") }, "\(hole)")
        let trailing = notes(session, "feed --numbers 1 2 3 4 --mask 1,1,0,0")
        #expect(!trailing.contains { $0.contains("before a real step") }, "\(trailing)")
    }

    @Test("export writes x, the mask and the pre-activations, in csv and json")
    func exportWritesInputAndPreactivations() throws {
        let session = try labSession(["model lstm --hidden 2 --layers 2", "feed --numbers \"0.5 1; -1 2; 3 4\" --mask 2"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csvPath = folder.appendingPathComponent("t.csv").path, jsonPath = folder.appendingPathComponent("t.json").path
        #expect(session.execute("export \(csvPath)").error == nil)
        #expect(session.execute("export \(jsonPath)").error == nil)
        let csv = try String(contentsOfFile: csvPath, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(csv.contains("0,forward,2,\"(-1.00,2.00)\",x,1,2.0"), "x at layer 0")
        #expect(!csv.contains { $0.hasPrefix("1,forward,") && $0.contains(",x,") }, "layer 1 reads layer 0's h, not x")
        #expect(csv.contains("0,forward,3,\"(3.00,4.00)\",mask,,0") && csv.contains("1,forward,1,\"(0.50,1.00)\",mask,,1"))
        let pre = csv.filter { $0.hasPrefix("0,forward,1,") && $0.contains(",pre,") }
        #expect(pre.count == 8, "4 gates × 2 units: \(pre)")
        #expect(csv.contains("0,forward,3,\"(3.00,4.00)\",pre,0,"), "no pre-activation at padding")
        let json = try JSONParser.parse(String(contentsOfFile: jsonPath, encoding: .utf8))
        let layer0 = try #require(json.array?.first?["steps"]?.array)
        #expect(layer0.map { $0["x"]?.array?.map(\.number) } == [[0.5, 1], [-1, 2], [3, 4]])
        #expect(layer0.map { $0["mask"]?.number } == [1, 1, 0])
        #expect(layer0[0]["pre"]?.array?.count == 8 && layer0[2]["pre"] == .null)
        #expect(json.array?.last?["steps"]?.array?.first?["x"] == nil)
    }

    @Test("export writes the CSV a line per value, joined, would")
    func exportCSVIsTheLinesJoined() throws {
        let session = try labSession(["model lstm --hidden 3 --layers 2 --bidirectional", "feed \"a,b;\" --mask 3", "grad --loss sum"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-export-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(session.execute("export \(path)").error == nil)
        let pass = try #require(session.state.currentModel?.pass)
        let labels = try #require(session.state.input?.example.labels)
        let input = pass.input.denseMatrix
        var lines = ["layer,direction,step,label,quantity,unit,value"]
        for direction in pass.trace.directions {
            var quantities = direction.kind.valueQuantities + [.preactivations]
            if direction.hiddenGradient != nil { quantities.append(.hiddenGradient) }
            if direction.cellGradient != nil { quantities.append(.cellGradient) }
            for step in 0..<direction.steps {
                let label = labels[step].contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + labels[step].replacing("\"", with: "\"\"") + "\"" : labels[step]
                let place = "\(direction.layer),\(direction.direction.name),\(step + 1),\(label)"
                if direction.layer == 0 {
                    lines += input.row(step).enumerated().map { "\(place),x,\($0.offset),\(NumberFormat.shortest($0.element))" }
                }
                lines.append("\(place),mask,,\(direction.mask[step] ? 1 : 0)")
                for quantity in quantities {
                    let computed = direction.mask[step] || quantity.existsAtPadding
                    lines += (direction.value(quantity, step: step) ?? []).enumerated().map {
                        "\(place),\(quantity.symbol),\($0.offset),\(computed ? NumberFormat.shortest($0.element) : "")"
                    }
                }
            }
        }
        #expect(lines.contains { $0.contains(",dc,") } && lines.contains { $0.hasSuffix(",pre,0,") } && lines.contains { $0.contains("\"") })
        #expect(try String(contentsOfFile: path, encoding: .utf8) == lines.joined(separator: "\n") + "\n")
    }
}
