import Lessons
import Testing
@testable import Lab

@Suite("Suggestions")
struct SuggestionTests {
    @Test func editDistanceCountsEdits() {
        #expect(Suggestion.editDistance("shw", "show") == 1)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
        #expect(Suggestion.editDistance("same", "same") == 0)
    }

    @Test func suggestsTheNearestCloseName() {
        let known = ["show", "help", "sleep", "quit"]
        #expect(Suggestion.nearest(to: "shw", among: known) == "show")
        #expect(Suggestion.nearest(to: "slep", among: known) == "sleep")
        #expect(Suggestion.nearest(to: "hel", among: known) == "help")
        #expect(Suggestion.nearest(to: "nosuchcommand", among: known) == nil)
        #expect(Suggestion.nearest(to: "xyz", among: known) == nil)
        #expect(Suggestion.nearest(to: "h", among: known + ["?", "n"]) == "help", "not `?`: a word sharing no letter is no likeness")
        #expect(Suggestion.nearest(to: "x", among: ["?", "n"]) == nil)
    }

    @Test("a swap of letters is likelier than a letter left out, then a longer shared start; names equally likely are all offered")
    func tiesAreBrokenByLikenessOrOffered() {
        #expect(Suggestion.nearestWords(to: "modle", among: ["mode", "model", "models"]) == ["model"])
        #expect(Suggestion.nearestWords(to: "sav", among: ["save", "sample"]) == ["save"])
        #expect(Suggestion.nearestWords(to: "hat", among: ["cat", "bat", "hotel"]) == ["bat", "cat"])
        #expect(Suggestion.question(offering: ["bat", "cat"]) == "did you mean 'bat' or 'cat'?")
        #expect(Suggestion.question(offering: ["a", "b", "c"]) == "did you mean 'a', 'b' or 'c'?")
        #expect(Suggestion.question(offering: []) == nil)
        #expect(makeSession().execute("modle lstm").error?.message == "unknown command 'modle' — did you mean 'model'?")
        let tied = LabError.unknownCommand("hat", known: ["cat", "bat"])
        #expect(tied.message == "unknown command 'hat' — did you mean 'bat' or 'cat'?")
    }

    @Test func unknownCommandMessageNamesTheSuggestion() {
        let session = makeSession()
        let outcome = session.execute("slep 1")
        #expect(outcome.error?.message == "unknown command 'slep' — did you mean 'sleep'?")
        let far = session.execute("nosuchcommand")
        #expect(far.error?.message == "unknown command 'nosuchcommand' — type 'help' to see the commands")
        #expect(session.execute("clear").error?.message == "unknown command 'clear' — Ctrl-L clears the screen")
    }
}

@Suite("Suggestions for swapped letters")
struct TranspositionTests {
    @Test func aSwapOfNeighboursIsOneEdit() {
        #expect(Suggestion.editDistance("sprak", "spark") == 1)
        #expect(Suggestion.nearest(to: "hlep", among: ["help", "quit"]) == "help")
    }
}

@Suite("Messages quoting what was typed")
struct QuotingTests {
    @Test func longWordsAreShortenedInMessages() {
        let typed = String(repeating: "x", count: 500)
        let message = makeSession().execute(typed).error?.message ?? ""
        #expect(message == "unknown command '" + String(repeating: "x", count: 39) + "…' — type 'help' to see the commands")
    }
}
