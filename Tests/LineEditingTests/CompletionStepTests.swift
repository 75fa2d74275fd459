import Testing
import LineEditing

@Suite("What Tab does")
struct CompletionStepTests {
    @Test("the word at the cursor starts after the last space outside quotes")
    func currentWord() {
        #expect(CompletionStep.currentWord("probe h --as sp") == "sp")
        #expect(CompletionStep.currentWord("probe ") == "")
        #expect(CompletionStep.currentWord("hel") == "hel")
        #expect(CompletionStep.currentWord("load \"my fi") == "\"my fi")
        #expect(CompletionStep.currentWord("load 'a b' 'c d") == "'c d")
        #expect(CompletionStep.currentWord("load \"a \\\" b") == "\"a \\\" b")
        #expect(CompletionStep.currentWord("load my\\ fi") == "my\\ fi")
        #expect(CompletionStep.currentWord("load \"done\" ne") == "ne")
    }

    @Test("one candidate completes and closes; several complete their shared prefix, else list")
    func decide() {
        #expect(CompletionStep.decide(word: "\"my fi", candidates: ["\"my file.txt\""]) == .insert("le.txt\" "))
        #expect(CompletionStep.decide(word: "\"my m", candidates: ["\"my models/"]) == .insert("odels/"))
        #expect(CompletionStep.decide(word: "sl", candidates: ["sleep", "slow"]) == .list(["sleep", "slow"]))
        #expect(CompletionStep.decide(word: "s", candidates: ["sleep", "slept"]) == .insert("le"))
        #expect(CompletionStep.decide(word: "z", candidates: ["sleep"]) == .nothing)
    }
}
