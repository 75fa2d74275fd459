import Testing

@Test func placeholderRNNEngine() { #expect(1 + 1 == 2) }
