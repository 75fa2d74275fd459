public enum LessonsInfo { public static let name = "Lessons" }
