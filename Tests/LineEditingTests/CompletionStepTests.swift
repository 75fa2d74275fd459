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
        // an unquoted word whose name has a space is replaced by the quoted name
        #expect(CompletionStep.decide(word: "gru", candidates: ["\"gru two.safetensors\""])
            == .replace(deleting: 3, with: "\"gru two.safetensors\" "))
        #expect(CompletionStep.decide(word: "my", candidates: ["\"my dir/"]) == .replace(deleting: 2, with: "\"my dir/"))
        #expect(CompletionStep.decide(word: "g", candidates: ["\"gru two.safetensors\"", "gru.safetensors"])
            == .replace(deleting: 1, with: "\"gru"))
        #expect(CompletionStep.decide(word: "gru", candidates: ["\"gru two.safetensors\"", "gru.safetensors"])
            == .list(["\"gru two.safetensors\"", "\"gru.safetensors\""]))
    }
}
