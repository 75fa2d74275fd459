import Testing

@Test func placeholderLessons() { #expect(1 + 1 == 2) }
